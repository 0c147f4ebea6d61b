import Link from "next/link";
import { notFound } from "next/navigation";
import { MachineBaselines } from "@/components/machines/machine-baselines";
import { MachineExplorer } from "@/components/machines/machine-explorer";
import { MachineForecast } from "@/components/machines/machine-forecast";
import { MachineKpis } from "@/components/machines/machine-kpis";
import { MeterSettings } from "@/components/machines/meter-settings";
import { getDb } from "@/lib/db/client";
import { forecastReadiness } from "@/lib/forecast/readiness";
import { getMachineView } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MachinePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  const view = await getMachineView(db, id);
  if (!view) notFound();
  // Decided here from the readings' span, so a short history shows an empty state instead of two refused requests.
  const history = await forecastReadiness(db, id);
  const { machine, timeZone } = view;
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div>
        <Link href="/machines" className="text-sm text-sky-800 underline">
          ← Machines
        </Link>
        <h1 className="text-2xl font-semibold">{machine.name}</h1>
        <p className="text-sm text-slate-600">
          {machine.type.replaceAll("_", " ")} · {machine.area ?? "no area"} · times in {timeZone}
        </p>
      </div>
      <MachineExplorer machineId={machine.id} machineName={machine.name} timeZone={timeZone} />
      <MachineKpis machineId={machine.id} machineName={machine.name} timeZone={timeZone} />
      <MachineForecast machineId={machine.id} machineName={machine.name} timeZone={timeZone} history={history} />
      <div className="grid min-w-0 gap-4 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <MachineBaselines machineId={machine.id} machineName={machine.name} timeZone={timeZone} />
        </div>
        <MeterSettings machine={machine} siteName={view.siteName} timeZone={timeZone} />
      </div>
    </div>
  );
}

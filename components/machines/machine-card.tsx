import Link from "next/link";
import { EnergyBarChart, type EnergyPoint } from "@/components/charts/energy-bar-chart";
import { CsvLinkDownload } from "./csv-link-download";

export interface MachineCardProps {
  id: string;
  name: string;
  type: string;
  area: string | null;
  points: EnergyPoint[];
  timeZone: string;
}

export function MachineCard({ id, name, type, area, points, timeZone }: MachineCardProps) {
  const total = points.reduce((s, p) => s + (p.total_energy_kwh ?? 0), 0);
  return (
    <article className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="machine-card" data-machine-id={id}>
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="font-medium">
          <Link className="text-sky-900 hover:underline" href={`/machines/${id}`}>
            {name}
          </Link>
        </h2>
        <span className="text-xs uppercase tracking-wide text-slate-500">{type.replace("_", " ")}</span>
      </div>
      <p className="mb-3 text-sm text-slate-600">
        {area ?? "—"} · <span data-testid="machine-total">{total.toLocaleString("en-GB", { maximumFractionDigits: 0 })}</span> kWh in 7 days
      </p>
      {points.length > 0 ? (
        <EnergyBarChart data={points} timeZone={timeZone} />
      ) : (
        <p className="py-12 text-center text-sm text-slate-400">No readings in the last 7 days</p>
      )}
      <div className="mt-2">
        <CsvLinkDownload machineId={id} machineName={name} from={points[0]?.time} to={points.at(-1)?.time} />
      </div>
    </article>
  );
}

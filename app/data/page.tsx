import { Card } from "@/components/ui/card";
import { ImportWizard } from "@/components/data/import-wizard";
import { MetersPanel } from "@/components/data/meters-panel";
import { getDb } from "@/lib/db/client";
import { listMachines, machineJson } from "@/lib/db/queries/machines";
import { machineTypes } from "@/lib/db/schema/core";
import { meterStatus } from "@/lib/import/meter-status";
import { listProfiles, profileJson } from "@/lib/import/profiles";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function DataPage() {
  const db = await getDb();
  const [site, machines, profiles] = await Promise.all([getPlantSite(db), listMachines(db), listProfiles(db)]);
  const list = machines.map(machineJson);
  const status = await meterStatus(db, list.map((m) => m.id), site.timeZone);
  const rows = list.map((m, i) => ({ machine: m, last_reading: status[i]!.last_reading, days: status[i]!.days }));
  return (
    <section className="min-w-0 space-y-6">
      <h1 className="text-2xl font-semibold">Data</h1>
      <Card title="Import a CSV file" testId="import-card">
        {list.length === 0 ? (
          <p className="mb-3 text-sm text-slate-600">Add a machine below first: every reading belongs to one.</p>
        ) : null}
        <ImportWizard machines={list.map((m) => ({ id: m.id, name: m.name }))} profiles={profiles.map(profileJson)} timeZone={site.timeZone} />
      </Card>
      <Card title="Machines and meters" testId="meters-card">
        <MetersPanel rows={rows} timeZone={site.timeZone} types={machineTypes} />
      </Card>
    </section>
  );
}

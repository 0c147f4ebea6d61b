import { JobsPanel } from "@/components/jobs/jobs-panel";
import { getDb } from "@/lib/db/client";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function JobsPage() {
  const site = await getPlantSite(await getDb());
  return (
    <section className="min-w-0">
      <h1 className="mb-1 text-2xl font-semibold">Scheduled jobs</h1>
      <p className="mb-4 text-sm text-slate-600">Retraining, detection, KPI snapshots and upkeep that keep the dashboard current. Times are plant time ({site.timeZone}).</p>
      <JobsPanel timeZone={site.timeZone} />
    </section>
  );
}

import Link from "next/link";
import { Suspense } from "react";
import { ReportView } from "@/components/reports/report-view";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/lib/db/client";
import { listMachines } from "@/lib/db/queries/machines";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  const db = await getDb();
  const [machines, site] = await Promise.all([listMachines(db), getPlantSite(db)]);
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Reports</h1>
      {/* Without an active machine every KPI request is a 404: say what to do instead of showing that error. */}
      {!machines.some((m) => m.isActive) ? (
        <EmptyState title={machines.length === 0 ? "No machines yet" : "No active machines"}>
          <Link className="text-sky-800 underline" href="/data">
            {machines.length === 0 ? "Add machines and upload readings on the data page" : "Mark a machine active on the data page"}
          </Link>
          , then report on them here.
        </EmptyState>
      ) : (
        <Suspense fallback={<Skeleton className="h-96" label="Loading the report" />}>
          <ReportView machines={machines.map((m) => ({ id: m.id, name: m.name, area: m.area, is_active: m.isActive }))} timeZone={site.timeZone} plantName={site.name} />
        </Suspense>
      )}
    </section>
  );
}

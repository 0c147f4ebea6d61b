import { NoMachinesYet } from "@/components/ui/no-machines";
import { Suspense } from "react";
import { AnomalyViewer } from "@/components/anomalies/anomaly-viewer";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/lib/db/client";
import { listMachines } from "@/lib/db/queries/machines";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function AnomaliesPage() {
  const db = await getDb();
  const [machines, site] = await Promise.all([listMachines(db), getPlantSite(db)]);
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Anomalies</h1>
      {machines.length === 0 ? (
        <NoMachinesYet next=", then run detection here." />
      ) : (
        <Suspense fallback={<Skeleton className="h-96" label="Loading the anomaly viewer" />}>
          <AnomalyViewer machines={machines.map((m) => ({ id: m.id, name: m.name }))} timeZone={site.timeZone} />
        </Suspense>
      )}
    </section>
  );
}

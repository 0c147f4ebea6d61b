import { NoMachinesYet } from "@/components/ui/no-machines";
import { Suspense } from "react";
import { BaselineStudio } from "@/components/baselines/baseline-studio";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/lib/db/client";
import { listMachines, machineJson } from "@/lib/db/queries/machines";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function BaselinesPage() {
  const db = await getDb();
  const [machines, site] = await Promise.all([listMachines(db), getPlantSite(db)]);
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Baseline studio</h1>
      {machines.length === 0 ? (
        <NoMachinesYet next=", then train their baselines here." />
      ) : (
        <Suspense fallback={<Skeleton className="h-96" label="Loading the studio" />}>
          <BaselineStudio machines={machines.map(machineJson)} timeZone={site.timeZone} />
        </Suspense>
      )}
    </section>
  );
}

import Link from "next/link";
import { Suspense } from "react";
import { CompareView } from "@/components/compare/compare-view";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/lib/db/client";
import { listMachines } from "@/lib/db/queries/machines";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function ComparePage() {
  const db = await getDb();
  const [machines, site] = await Promise.all([listMachines(db), getPlantSite(db)]);
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Compare</h1>
      {machines.length < 1 ? (
        <EmptyState title="No machines yet">
          <Link className="text-sky-800 underline" href="/data">
            Add machines and upload readings on the data page
          </Link>
          , then compare them here.
        </EmptyState>
      ) : (
        <Suspense fallback={<Skeleton className="h-96" label="Loading the comparison" />}>
          <CompareView machines={machines.map((m) => ({ id: m.id, name: m.name }))} timeZone={site.timeZone} />
        </Suspense>
      )}
    </section>
  );
}

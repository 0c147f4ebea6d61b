import { MachineCard } from "@/components/machines/machine-card";
import { getDb } from "@/lib/db/client";
import { getPlantOverview } from "@/lib/plant";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await getDb();
  const [machines, site] = await Promise.all([getPlantOverview(db), getPlantSite(db)]);
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Plant overview</h1>
      {machines.length === 0 ? (
        <p className="text-slate-600">No machines yet. Register one with POST /api/v1/machines or run npm run demo.</p>
      ) : (
        <div className="grid min-w-0 gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {machines.map((m) => (
            <MachineCard key={m.id} {...m} timeZone={site.timeZone} />
          ))}
        </div>
      )}
    </section>
  );
}

import { MachineCard } from "@/components/machines/machine-card";
import { getDb } from "@/lib/db/client";
import { getPlantOverview } from "@/lib/plant";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const machines = await getPlantOverview(await getDb());
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Plant overview</h1>
      {machines.length === 0 ? (
        <p className="text-slate-600">No machines yet. Register one with POST /api/v1/machines or run npm run demo.</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {machines.map((m) => (
            <MachineCard key={m.id} {...m} />
          ))}
        </div>
      )}
    </section>
  );
}

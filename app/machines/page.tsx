import Link from "next/link";
import { MachinesTable } from "@/components/machines/machines-table";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/lib/db/client";
import { getMachineList } from "@/lib/plant";

export const dynamic = "force-dynamic";

export default async function MachinesPage() {
  const machines = await getMachineList(await getDb());
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Machines</h1>
      {machines.length === 0 ? (
        <EmptyState title="No machines yet">
          <Link className="text-sky-800 underline" href="/data">
            Add machines and upload readings on the data page
          </Link>
          , or run npm run demo for a demo plant.
        </EmptyState>
      ) : (
        <MachinesTable rows={machines} />
      )}
    </section>
  );
}

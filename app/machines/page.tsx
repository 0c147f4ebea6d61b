import { NoMachinesYet } from "@/components/ui/no-machines";
import { MachinesTable } from "@/components/machines/machines-table";
import { getDb } from "@/lib/db/client";
import { getMachineList } from "@/lib/plant";

export const dynamic = "force-dynamic";

export default async function MachinesPage() {
  const machines = await getMachineList(await getDb());
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Machines</h1>
      {machines.length === 0 ? (
        <NoMachinesYet next=", or run npm run demo for a demo plant." />
      ) : (
        <MachinesTable rows={machines} />
      )}
    </section>
  );
}

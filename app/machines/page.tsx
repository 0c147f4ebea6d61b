import { NoMachinesYet } from "@/components/ui/no-machines";
import { MachinesTable } from "@/components/machines/machines-table";
import { getDb } from "@/lib/db/client";
import { getMachineList } from "@/lib/plant";
import { getPlantSite } from "@/lib/plant-site";

export const dynamic = "force-dynamic";

export default async function MachinesPage() {
  const db = await getDb();
  const { timeZone } = await getPlantSite(db);
  const { period, rows: machines } = await getMachineList(db, timeZone);
  return (
    <section className="min-w-0">
      <h1 className="mb-4 text-2xl font-semibold">Machines</h1>
      {machines.length === 0 ? (
        <NoMachinesYet next=", or run npm run demo for a demo plant." />
      ) : (
        <MachinesTable rows={machines} period={period} timeZone={timeZone} />
      )}
    </section>
  );
}

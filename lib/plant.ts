import type { Database } from "@/lib/db/types";
import { listMachines } from "@/lib/db/queries/machines";
import { getSeries, seriesPoints } from "@/lib/timeseries/series";

/** The machine list: every machine's fields with its energy over the last 7 days (the overview's window). */
export async function getMachineList(db: Database, now = new Date()) {
  const machines = await listMachines(db);
  const to = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  const series =
    machines.length === 0 ? { series: [] } : await getSeries(db, { machineIds: machines.map((m) => m.id), metrics: ["energy"], from, to, bucket: "hourly" });
  return machines.map((m) => {
    const points = seriesPoints(series.series.find((s) => s.machineId === m.id), ["total_energy_kwh"]);
    const values = points.map((p) => p.total_energy_kwh).filter((v): v is number => typeof v === "number");
    return {
      id: m.id,
      name: m.name,
      type: m.type,
      area: m.area,
      rated_power_kw: m.ratedPowerKw,
      is_active: m.isActive,
      energy_7d_kwh: values.length ? values.reduce((s, v) => s + v, 0) : null,
    };
  });
}
export type MachineListRow = Awaited<ReturnType<typeof getMachineList>>[number];

import type { Database } from "@/lib/db/types";
import { listMachines } from "@/lib/db/queries/machines";
import { completeDays, type Period } from "@/lib/dashboard/period";
import { getSeries, seriesPoints } from "@/lib/timeseries/series";

/** Days of the machine list's energy column: the overview's and the reports' default period. */
export const MACHINE_LIST_DAYS = 7;

/**
 * The machine list: every machine's fields with its energy (kWh) over the last 7 complete plant
 * days in `timeZone` (today, still filling, left out; a clock-change week is 7 days, not 168 h),
 * the same window the overview and reports show by default. `period` is that window [from, to)
 * in epoch ms. A machine without readings in it has `energy_7d_kwh: null`.
 */
export async function getMachineList(db: Database, timeZone: string, now = Date.now()) {
  const period: Period = completeDays(now, MACHINE_LIST_DAYS, timeZone);
  const machines = await listMachines(db);
  const series =
    machines.length === 0
      ? { series: [] }
      : await getSeries(db, { machineIds: machines.map((m) => m.id), metrics: ["energy"], from: new Date(period.from), to: new Date(period.to), bucket: "hourly" });
  const rows = machines.map((m) => {
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
  return { period, rows };
}
export type MachineListRow = Awaited<ReturnType<typeof getMachineList>>["rows"][number];

import type { Queryable } from "@/lib/db/types";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { HOUR, type HourlySeries } from "./hours";

// What forecasting reads: the end of a machine's last reading, and its hourly energy (and driver)
// history as whole hours under the modelling frame's coverage rule (an hour is used when its
// readings cover ≥ 90 % of it, its energy then read as a rate over the covered time), on a
// regular grid with NaN for the hours left out.

/** End (epoch ms) of the machine's latest energy reading, or null when it has none. */
export async function lastReadingEnd(db: Queryable, machineId: string): Promise<number | null> {
  // The hourly rollup's latest bucket holds the latest reading's end (epoch seconds); read by its key.
  const [row] = await db.query<{ end_s: number | string | null }>(
    `SELECT max_reading_end_s AS end_s FROM energy_readings_1hour WHERE machine_id = $1 ORDER BY bucket DESC LIMIT 1`,
    [machineId],
  );
  return row?.end_s === null || row?.end_s === undefined ? null : Number(row.end_s) * 1000;
}

export interface HourlyHistory {
  energy: HourlySeries;
  /** Raw driver name → its hourly values (NaN where unknown). */
  drivers: Record<string, HourlySeries>;
}

/** Hourly energy (kWh in each whole hour) and the given drivers over [start, end), both on whole hours. */
export async function readHourlyHistory(db: Queryable, machineId: string, start: number, end: number, timeZone: string, drivers: string[] = []): Promise<HourlyHistory> {
  const frame = await buildFrame(db, { machineId, start: new Date(start), end: new Date(end), granularity: "hourly", drivers, timeZone, keepIncomplete: true });
  const n = Math.max(0, Math.round((end - start) / HOUR));
  const energy = new Float64Array(n).fill(Number.NaN);
  const columns = Object.fromEntries(drivers.map((d) => [d, new Float64Array(n).fill(Number.NaN)]));
  frame.times.forEach((iso, k) => {
    const i = (Date.parse(iso) - start) / HOUR;
    if (i < 0 || i >= n) return;
    energy[i] = frame.y[k]!;
    for (const d of drivers) columns[d]![i] = frame.X[d]![k]!;
  });
  return { energy: { start, values: energy }, drivers: Object.fromEntries(drivers.map((d) => [d, { start, values: columns[d]! }])) };
}

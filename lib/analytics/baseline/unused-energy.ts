import { bucketKey } from "@/lib/analytics/drivers/calendar";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import type { Queryable } from "@/lib/db/types";
import { getSeries } from "@/lib/timeseries/series";

// The metered energy of every bucket of a reporting window, read from the energy rollups on its
// own (kWh, whatever unit the modelling frame gives y in), so a deviation can state the energy of
// the buckets it could not use. A bucket is keyed like the frame keys it: its start instant at
// 15min and hourly, its local day, ISO week or month at coarser granularities.

/** Share of a coarse bucket's hours the frame needs (its default minHourShare). */
const MIN_HOUR_SHARE = 0.9;

export interface WindowBucket {
  /** First instant of the bucket inside the window (epoch ms). */
  start: number;
  /** End of its last base row (epoch ms): [start, end) is the part of the bucket in the window. */
  end: number;
  /** Metered energy of its base rows, kWh. */
  energyKwh: number;
  /** Base rows (15-minute or hourly) of the bucket in the window, and how many have energy. */
  rows: number;
  rowsWithEnergy: number;
}

export interface WindowEnergy {
  /** Bucket key → bucket, in time order. */
  buckets: Map<string, WindowBucket>;
  /** The key of the bucket an instant (e.g. a frame time) lies in. */
  keyOf(ms: number): string;
}

/**
 * Every bucket of [start, end) at a granularity with its metered energy (kWh) from the 15-minute
 * (15min) or hourly rollups; buckets without any energy row are listed with 0 rows with energy.
 */
export async function windowEnergy(db: Queryable, q: { machineId: string; start: Date; end: Date; granularity: Granularity; timeZone: string }): Promise<WindowEnergy> {
  const fine = q.granularity === "15min" || q.granularity === "hourly";
  const stepMs = q.granularity === "15min" ? 900_000 : 3_600_000;
  const keyOf = (ms: number) => (fine ? String(ms) : bucketKey(ms, q.granularity as "daily" | "weekly" | "monthly", q.timeZone));
  const buckets = new Map<string, WindowBucket>();
  const first = Math.ceil(q.start.getTime() / stepMs) * stepMs;
  for (let ms = first; ms < q.end.getTime(); ms += stepMs) {
    const key = keyOf(ms);
    const b = buckets.get(key);
    if (b) [b.rows, b.end] = [b.rows + 1, ms + stepMs];
    else buckets.set(key, { start: ms, end: ms + stepMs, energyKwh: 0, rows: 1, rowsWithEnergy: 0 });
  }
  const series = await getSeries(db, { machineIds: [q.machineId], metrics: ["energy"], from: q.start, to: q.end, bucket: q.granularity === "15min" ? "15min" : "1hour" });
  const s = series.series[0];
  const kwh = s?.values.total_energy_kwh ?? [];
  s?.times.forEach((ms, i) => {
    const v = kwh[i];
    const b = buckets.get(keyOf(ms));
    if (b === undefined || v === null || v === undefined) return;
    b.energyKwh += v;
    b.rowsWithEnergy += 1;
  });
  return { buckets, keyOf };
}

export type UnusedReason = "missing_energy" | "incomplete_energy" | "missing_driver_data" | "unseen_hour_of_week";

export const unusedReasonText: Record<UnusedReason, string> = {
  missing_energy: "no metered energy in the bucket: nothing to compare",
  incomplete_energy: `metered energy in fewer than ${100 * MIN_HOUR_SHARE} % of the bucket's hours`,
  missing_driver_data: "driver data missing, so the model cannot predict the bucket",
  unseen_hour_of_week: "an hour of week the training window never saw: its effect is unknown",
};

/** Why the frame left out a bucket of the window (it was never in the frame). */
export function frameDropReason(b: WindowBucket, granularity: Granularity): UnusedReason {
  if (b.rowsWithEnergy === 0) return "missing_energy";
  const fine = granularity === "15min" || granularity === "hourly";
  // A fine bucket with energy is left out only for a missing driver (deviation never drops downtime).
  if (!fine && b.rowsWithEnergy < MIN_HOUR_SHARE * b.rows) return "incomplete_energy";
  return "missing_driver_data";
}

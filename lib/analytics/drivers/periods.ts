import type { Queryable } from "@/lib/db/types";
import { localFloor, nextLocal } from "@/lib/timeseries/local";

// Readings of a day or longer (daily meter reads, monthly utility bills) read as they were sent,
// for the two ways baselines use bills: at their billing periods (each bill a bucket, as the
// CalTRACK billing methods model them) and calendarised into local months pro rata by days (as
// ENERGY STAR Portfolio Manager and US DOE/ORNL VERIFI calendarise bills).

export interface PeriodReading {
  /** Start and end of the period (epoch ms; end exclusive). */
  from: number;
  to: number;
  kwh: number;
}

/** Readings of at least a day (23 hours: a local day may be short) that overlap [from, to), in time order. */
export async function readPeriods(db: Queryable, machineId: string, from: Date, to: Date): Promise<PeriodReading[]> {
  // Bills last at most 100 days (ingestion's limit), so the index range starts that far back.
  const rows = await db.query<{ t: Date | string; s: number; e: number }>(
    `SELECT time AS t, interval_s AS s, energy_kwh AS e FROM energy_readings
     WHERE machine_id = $1 AND time >= $2::timestamptz - interval '100 days' AND time < $3::timestamptz
       AND interval_s >= 82800 AND time + interval_s * interval '1 second' > $2::timestamptz
     ORDER BY time`,
    [machineId, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => {
    const start = new Date(r.t).getTime();
    return { from: start, to: start + Number(r.s) * 1000, kwh: Number(r.e) };
  });
}

/** Local calendar days from `from` to `to` (both local midnights or not: counted by local date). */
function localDays(from: number, to: number, tz: string): number {
  let n = 0;
  for (let d = localFloor(from, "day", tz); d < to; d = nextLocal(d, "day", tz)) n += 1;
  return n;
}

/**
 * Calendarises period readings into buckets [starts[i], starts[i+1]): each reading's energy is
 * spread evenly over its local calendar days, and each bucket gets the days it holds. Returns per
 * bucket the energy (kWh) and the share of its days that readings cover (0…1).
 */
export function calendarise(readings: PeriodReading[], starts: number[], tz: string): { kwh: number; coverage: number }[] {
  const out = starts.slice(0, -1).map(() => ({ kwh: 0, coverage: 0 }));
  const bucketDays = out.map((_, i) => localDays(starts[i]!, starts[i + 1]!, tz));
  for (const r of readings) {
    const days = localDays(r.from, r.to, tz);
    if (days === 0) continue;
    for (let i = 0; i < out.length; i++) {
      const a = Math.max(r.from, starts[i]!);
      const b = Math.min(r.to, starts[i + 1]!);
      if (a >= b) continue;
      const shared = localDays(a, b, tz);
      out[i]!.kwh += (r.kwh * shared) / days;
      out[i]!.coverage += shared / bucketDays[i]!;
    }
  }
  return out;
}

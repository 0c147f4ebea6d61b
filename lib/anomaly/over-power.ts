import type { Queryable } from "@/lib/db/types";
import type { Candidate } from "./analyse";
import type { MachineBuckets } from "./types";

// The excess energy of an over-power event at the readings' resolution. The detector judges hourly
// buckets, whose energy a short peak hardly moves (3 minutes at 500 kW in an hour at 50 kW is
// 72.5 kWh, under a 75 kW limit × 1 h), so the bucket bound is 0 kWh for exactly the events the
// detector exists for; the readings say how much energy was drawn above the limit.

export interface ReadingEnergy {
  /** Reading start, epoch ms. */
  t: number;
  energyKwh: number;
  intervalS: number;
}

/**
 * Energy above a power limit over readings: ∫(P − P_limit)⁺ dt at their resolution, i.e.
 * Σ max(0, E_r − P_limit × Δt_r) with Δt_r in hours, each reading's power taken as its mean
 * (E_r ÷ Δt_r: the energy is the integral the meter measured; `power_kw` can be an instantaneous
 * sample). kWh. E.g. 57 one-minute readings at 50 kW and 3 at 500 kW, limit 75 kW:
 * 3 × (500 − 75) kW × 1/60 h = 21.25 kWh.
 */
export function overPowerExcessKwh(readings: ReadingEnergy[], limitKw: number): number {
  return readings.reduce((s, r) => s + Math.max(0, r.energyKwh - (limitKw * r.intervalS) / 3600), 0);
}

/**
 * Over-power candidates with their excess (and cost) per flagged bucket from the readings (the
 * bucket's readings by their start), in place of the detector's hourly bound; a bucket without
 * readings keeps the bound. Other candidates are returned as they are.
 */
export function withReadingExcess(candidates: Candidate[], readings: ReadingEnergy[], b: MachineBuckets, prices: number[] | null): Candidate[] {
  return candidates.map((c) => {
    const limit = (c.evidence.parameters as { limit_kw?: number } | undefined)?.limit_kw;
    if (c.detector !== "over_power" || typeof limit !== "number" || !(limit > 0)) return c;
    const buckets = c.buckets.map((x) => {
      const inBucket = readings.filter((r) => r.t >= x.t && r.t < x.t + b.stepMs);
      if (inBucket.length === 0) return x;
      const excessKwh = overPowerExcessKwh(inBucket, limit);
      const i = Math.round((x.t - b.times[0]!) / b.stepMs);
      return { t: x.t, excessKwh, excessCost: prices ? excessKwh * prices[b.hourOfWeek[i]!]! : null };
    });
    return {
      ...c,
      buckets,
      excessKwh: buckets.reduce((s, x) => s + x.excessKwh, 0),
      excessCost: prices ? buckets.reduce((s, x) => s + x.excessCost!, 0) : null,
      evidence: { ...c.evidence, excess: `energy above ${Number(limit.toFixed(3))} kW: Σ over the flagged hours' readings of max(0, energy − ${Number(limit.toFixed(3))} kW × interval)` },
    };
  });
}

/** The machine's readings (start, kWh, seconds) in the flagged buckets of its over-power candidates. */
export async function readOverPowerReadings(db: Queryable, machineId: string, candidates: Candidate[], stepMs: number): Promise<ReadingEnergy[]> {
  const over = candidates.filter((c) => c.detector === "over_power");
  if (over.length === 0) return [];
  const starts = over.flatMap((c) => c.buckets.map((x) => x.t));
  const lo = Math.min(...starts);
  const hi = Math.max(...starts) + stepMs;
  const rows = await db.query<{ t: Date | string; e: number | string; s: number | string }>(
    `SELECT time AS t, energy_kwh AS e, interval_s AS s FROM energy_readings WHERE machine_id = $1 AND time >= $2 AND time < $3`,
    [machineId, new Date(lo).toISOString(), new Date(hi).toISOString()],
  );
  const flagged = new Set(starts);
  return rows
    .map((r) => ({ t: new Date(r.t).getTime(), energyKwh: Number(r.e), intervalS: Number(r.s) }))
    .filter((r) => flagged.has(Math.floor((r.t - lo) / stepMs) * stepMs + lo));
}

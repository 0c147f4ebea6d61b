import type { ReadDependency } from "@/lib/api/read-cache";

const DAY = 86_400_000;

/**
 * What a KPI over [start, end) reads, for lib/api/read-cache.ts: the readings of every machine
 * (a plant or area total moves with any of them) from two days before to two days after, as the
 * dates are the site's wall clock (±14 h) and a daily bucket or a reading's interval may
 * straddle either end. Units: epoch ms.
 */
export function kpiReadings(start: Date, end: Date): ReadDependency {
  return { readings: { machineIds: "all", from: start.getTime() - 2 * DAY, to: end.getTime() + 2 * DAY } };
}

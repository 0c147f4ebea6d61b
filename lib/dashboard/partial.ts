// The bucket still filling: the one that holds "now". Its reading is incomplete (an hour that has
// run 20 minutes holds a third of its energy), so every time chart marks it, its tooltip says so
// and its CSV row says "partial", instead of letting it read as a drop in consumption.

import { addPlantDays, zonedParts, zonedToUtc } from "@/lib/time/plant-time";

export const PARTIAL_NOTE = "partial: this bucket is still filling";

/**
 * The start (epoch ms) of the bucket that holds `now`, or null when none does. `starts`: bucket
 * starts ascending; a bucket ends at the next start, the last one at `to` (the range's end) or,
 * when `bucketMs` is given, at its start + bucketMs if that comes first.
 */
export function partialBucketStart(starts: number[], to: number, now: number, bucketMs?: number): number | null {
  for (let i = starts.length - 1; i >= 0; i--) {
    const start = starts[i]!;
    if (start > now) continue;
    const next = starts[i + 1] ?? to;
    const end = bucketMs === undefined ? next : Math.min(next, start + bucketMs);
    return now < end ? start : null;
  }
  return null;
}

/** "yes" for the partial bucket's CSV row, "" otherwise (the column is headed `partial`). */
export const partialCell = (t: number, partial: number | null) => (t === partial ? "yes" : "");

/** Bucket widths the baseline studio fits at (the API's granularity names). */
export type FitGranularity = "15min" | "hourly" | "daily" | "weekly" | "monthly";

/**
 * The end (epoch ms) of the bucket starting at `start`: 15 minutes or an hour on; for daily,
 * weekly and monthly buckets the next plant-local midnight, 7 days or first of the month, so a
 * 23- or 25-hour day at a DST change ends where the plant's clock says.
 */
export function bucketEnd(start: number, granularity: FitGranularity, timeZone: string): number {
  switch (granularity) {
    case "15min":
      return start + 900_000;
    case "hourly":
      return start + 3_600_000;
    case "daily":
      return addPlantDays(start, 1, timeZone);
    case "weekly":
      return addPlantDays(start, 7, timeZone);
    case "monthly": {
      const p = zonedParts(start, timeZone);
      return zonedToUtc(p.year, p.month + 1, 1, 0, timeZone);
    }
  }
}

/**
 * The bucket still filling at `now` among buckets of one granularity (`starts` ascending), as its
 * start and end (the end clipped to `to`), or null when none holds now.
 */
export function partialBucket(starts: number[], to: number, now: number, granularity: FitGranularity, timeZone: string): { start: number; end: number } | null {
  const start = partialBucketStart(starts, to, now);
  if (start === null) return null;
  const end = Math.min(to, bucketEnd(start, granularity, timeZone));
  return now < end ? { start, end } : null;
}

// The bucket still filling: the one that holds "now". Its reading is incomplete (an hour that has
// run 20 minutes holds a third of its energy), so every time chart marks it, its tooltip says so
// and its CSV row says "partial", instead of letting it read as a drop in consumption.

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

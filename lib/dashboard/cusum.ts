// Reading a CUSUM chart of deviations (actual − expected, kWh): its slope is the rate of excess
// use, so a stretch where the slope changes is where performance changed. These helpers give a
// selected stretch's totals and the bucket where its slope changed most.

export interface DeviationBucket {
  /** Bucket start, epoch ms. */
  t: number;
  actual: number;
  expected: number;
  /** actual − expected, kWh. */
  deviation: number;
}

export interface Stretch {
  /** Indices into the buckets, inclusive. */
  first: number;
  last: number;
  /** Start of the first bucket and start of the last (epoch ms). */
  from: number;
  to: number;
  buckets: number;
  actual_kwh: number;
  expected_kwh: number;
  /** expected − actual over the stretch: positive = saved, negative = cost (kWh). */
  savings_kwh: number;
  /** Bucket at which the stretch's CUSUM bends most (performance changed), or null for a stretch under 3 buckets. */
  change_at: number | null;
}

/** Running sum of the deviations (the CUSUM), kWh. */
export function cusum(buckets: readonly DeviationBucket[]): number[] {
  let s = 0;
  return buckets.map((b) => (s += b.deviation));
}

/**
 * The stretch from bucket `a` to bucket `b` (either order, clamped): its totals, and where its
 * CUSUM departs furthest from the straight line joining the stretch's ends — the bucket where
 * the rate of deviation changed (the "knee" reading of a CUSUM chart, as in the Carbon Trust's
 * and ISO 50006's use of CUSUM for monitoring and targeting).
 */
export function stretch(buckets: readonly DeviationBucket[], a: number, b: number): Stretch | null {
  if (buckets.length === 0) return null;
  const first = Math.max(0, Math.min(a, b, buckets.length - 1));
  const last = Math.min(buckets.length - 1, Math.max(a, b, 0));
  let actual = 0;
  let expected = 0;
  const sums: number[] = [];
  let s = 0;
  for (let i = first; i <= last; i++) {
    actual += buckets[i]!.actual;
    expected += buckets[i]!.expected;
    sums.push((s += buckets[i]!.deviation));
  }
  let changeAt: number | null = null;
  const n = sums.length;
  if (n >= 3) {
    // The chord from before the stretch (0) to its end; the bucket furthest from it is the knee.
    let best = 0;
    for (let k = 0; k < n - 1; k++) {
      const chord = (sums[n - 1]! * (k + 1)) / n;
      const d = Math.abs(sums[k]! - chord);
      if (d > best + 1e-12) {
        best = d;
        changeAt = k + 1;
      }
    }
    changeAt = changeAt === null ? null : buckets[first + changeAt]!.t;
  }
  return { first, last, from: buckets[first]!.t, to: buckets[last]!.t, buckets: n, actual_kwh: actual, expected_kwh: expected, savings_kwh: expected - actual, change_at: changeAt };
}

/** One bin of a histogram: [from, to) and how many values fall in it (the last bin includes its upper edge). */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * Equal-width bins over the values' range, as many as Sturges' rule gives (⌈log₂ n⌉ + 1, Sturges
 * 1926), at most `maxBins`. Non-finite values are left out. Empty input → no bins; all values
 * equal → one bin of width 1 around them.
 */
export function histogram(values: readonly number[], maxBins = 40): Bin[] {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo === hi) return [{ from: lo - 0.5, to: hi + 0.5, count: v.length }];
  const k = Math.min(maxBins, Math.ceil(Math.log2(v.length)) + 1);
  const width = (hi - lo) / k;
  const bins: Bin[] = Array.from({ length: k }, (_, i) => ({ from: lo + i * width, to: i === k - 1 ? hi : lo + (i + 1) * width, count: 0 }));
  for (const x of v) bins[Math.min(k - 1, Math.floor((x - lo) / width))]!.count += 1;
  return bins;
}

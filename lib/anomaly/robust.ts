// Robust location and scale: the median and the median absolute deviation (MAD), scaled by
// 1.4826 so that it estimates the standard deviation of normal data (Rousseeuw & Croux 1993;
// Leys et al. 2013 on MAD-based outlier detection). Unaffected by up to half the values being
// anomalous, which is why the detectors use them instead of the mean and standard deviation.

export const MAD_TO_SD = 1.4826;

/** Median of the finite values; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) v.push(values[i]!);
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The q-quantile (0…1, linear interpolation) of the finite values; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) v.push(values[i]!);
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  return v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (pos - lo);
}

/** { center: median, scale: 1.4826 × MAD } of the finite values, the scale at least `floor`. */
export function robustScale(values: ArrayLike<number>, floor = 0): { center: number; scale: number } {
  const center = median(values);
  const dev: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) dev.push(Math.abs(values[i]! - center));
  const scale = MAD_TO_SD * median(dev);
  return { center, scale: Number.isFinite(scale) ? Math.max(scale, floor) : Number.NaN };
}

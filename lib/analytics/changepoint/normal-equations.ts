/**
 * Fast SSE of the degree-day design at one candidate balance point, for use
 * inside the grid search only. The Gram matrix of [1, hdd, cdd, extras] is read
 * off the prefix sums and solved by Cholesky. Normal equations square the
 * condition number, but the design is tiny and centred and only the *ranking* of
 * grid points depends on this; the reported model is refitted with fitOls.
 */
import { countAtMost, countBelow, type Prepared } from "./prepare";

/**
 * Balance points are centred (°C − tMean). th/tc null means the side is absent.
 * Requires th ≤ tc when both are given (then hdd·cdd = 0 on every row).
 */
export function sseAt(p: Prepared, th: number | null, tc: number | null): number {
  const { n, k } = p;
  const size = 1 + (th === null ? 0 : 1) + (tc === null ? 0 : 1) + k;
  const g = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  const xCol = size - k;
  g[0] = n;
  rhs[0] = p.pY[n]!;
  let col = 1;
  if (th !== null) {
    // hdd = th − t on the m lowest points, 0 elsewhere.
    const m = countBelow(p, th);
    const s1 = p.pT[m]!;
    const h = col++;
    set(g, size, 0, h, m * th - s1);
    g[h * size + h] = m * th * th - 2 * th * s1 + p.pT2[m]!;
    rhs[h] = th * p.pY[m]! - p.pTY[m]!;
    for (let j = 0; j < k; j++) set(g, size, h, xCol + j, th * p.pX[j]![m]! - p.pTX[j]![m]!);
  }
  if (tc !== null) {
    // cdd = t − tc on the points above tc (suffix sums = total − prefix).
    const lo = countAtMost(p, tc);
    const cnt = n - lo;
    const s1 = p.pT[n]! - p.pT[lo]!;
    const c = col++;
    set(g, size, 0, c, s1 - cnt * tc);
    g[c * size + c] = p.pT2[n]! - p.pT2[lo]! - 2 * tc * s1 + cnt * tc * tc;
    rhs[c] = p.pTY[n]! - p.pTY[lo]! - tc * (p.pY[n]! - p.pY[lo]!);
    for (let j = 0; j < k; j++) {
      set(g, size, c, xCol + j, p.pTX[j]![n]! - p.pTX[j]![lo]! - tc * (p.pX[j]![n]! - p.pX[j]![lo]!));
    }
  }
  for (let j = 0; j < k; j++) {
    set(g, size, 0, xCol + j, p.pX[j]![n]!);
    rhs[xCol + j] = p.sxy[j]!;
    for (let l = 0; l <= j; l++) set(g, size, xCol + l, xCol + j, p.sxx[j]![l]!);
  }
  const b = choleskySolve(g, rhs, size);
  if (b === null) return Infinity;
  let explained = 0;
  for (let i = 0; i < size; i++) explained += b[i]! * rhs[i]!;
  return Math.max(0, p.syy - explained);
}

function set(g: Float64Array, size: number, i: number, j: number, v: number): void {
  g[i * size + j] = v;
  g[j * size + i] = v;
}

/** Solve G b = r for symmetric positive definite G (row-major); null when (numerically) singular. */
export function choleskySolve(g: Float64Array, r: Float64Array, size: number): Float64Array | null {
  const l = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let d = g[j * size + j]!;
    for (let q = 0; q < j; q++) d -= l[j * size + q]! * l[j * size + q]!;
    // Relative pivot test: an empty degree-day column or a constant extra driver
    // leaves nothing (up to rounding) after removing the earlier columns.
    if (!(d > 1e-10 * Math.max(g[j * size + j]!, 1e-300))) return null;
    const ljj = Math.sqrt(d);
    l[j * size + j] = ljj;
    for (let i = j + 1; i < size; i++) {
      let s = g[i * size + j]!;
      for (let q = 0; q < j; q++) s -= l[i * size + q]! * l[j * size + q]!;
      l[i * size + j] = s / ljj;
    }
  }
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let s = r[i]!;
    for (let q = 0; q < i; q++) s -= l[i * size + q]! * z[q]!;
    z[i] = s / l[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let q = i + 1; q < size; q++) s -= l[q * size + i]! * z[q]!;
    z[i] = s / l[i * size + i]!;
  }
  return z;
}

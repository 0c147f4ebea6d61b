/**
 * Cheap ranking of forward-step candidates (Frisch–Waugh–Lovell): with the current model's
 * design [1, selected…] factored once by QR, adding candidate c changes the residual sum of
 * squares by (fᵀz)²/‖f‖², where z = Qᵀy and f = Qᵀc past the design's rank. That gives the
 * candidate's t, p and the new adjusted R² exactly as the full fit would (up to rounding), at
 * O(n·p) per candidate. Stepwise uses it only to order candidates; each one it would add is
 * confirmed with a full fitOls (p, adjusted-R² gain and every VIF) before it is added.
 */
import { tTwoSidedP } from "../regression/distributions";
import { applyQt, pivotedQr } from "../regression/qr";

export interface Screened {
  index: number;
  /** |t| of the candidate in the model with it added. */
  t: number;
  p: number;
  adjRSquared: number;
}

export function screenCandidates(y: number[], columns: number[][], current: number[], candidates: number[]): Screened[] {
  const n = y.length;
  const p = 1 + current.length;
  const a = new Float64Array(n * p);
  a.fill(1, 0, n);
  current.forEach((j, c) => a.set(columns[j]!, (c + 1) * n));
  const qr = pivotedQr(a, n, p);
  const z = Float64Array.from(y);
  applyQt(qr, z);
  let sse = 0;
  for (let i = p; i < n; i++) sse += z[i]! * z[i]!;
  let mean = 0;
  for (const v of y) mean += v / n;
  let sst = 0;
  for (const v of y) sst += (v - mean) ** 2;
  const df = n - p - 1;
  const out: Screened[] = [];
  if (df < 1 || sst === 0) return out;
  for (const j of candidates) {
    const f = Float64Array.from(columns[j]!);
    applyQt(qr, f);
    let ff = 0;
    let fz = 0;
    let cc = 0;
    for (let i = p; i < n; i++) {
      ff += f[i]! * f[i]!;
      fz += f[i]! * z[i]!;
    }
    for (const v of columns[j]!) cc += v * v;
    // Explained by the current drivers already (the full fit would be rank-deficient).
    if (!(ff > 1e-10 * (cc || 1))) continue;
    const sseNew = Math.max(0, sse - (fz * fz) / ff);
    const s2 = sseNew / df;
    const t = s2 > 0 ? Math.abs(fz) / Math.sqrt(ff * s2) : Infinity;
    out.push({ index: j, t, p: tTwoSidedP(t, df), adjRSquared: 1 - sseNew / df / (sst / (n - 1)) });
  }
  return out.sort((u, v) => v.t - u.t || u.index - v.index);
}

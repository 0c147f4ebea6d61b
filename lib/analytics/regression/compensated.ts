/**
 * Error-free transformations and compensated sums/dot products
 * (Ogita, Rump & Oishi 2005, "Accurate sum and dot product").
 *
 * Iterative refinement only converges to the least-squares solution of the
 * data as given if its residuals are computed in more than working precision;
 * these routines give results "as if computed in double-double, then rounded"
 * without a big-number library. JS has no fused multiply-add, so products use
 * Dekker's splitting (valid while |a|,|b| < ~1e300).
 */

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp split for binary64)

/** a + b = s + e exactly. Results written into `out` to avoid allocation. */
export function twoSum(a: number, b: number, out: Float64Array): void {
  const s = a + b;
  const bb = s - a;
  out[0] = s;
  out[1] = a - (s - bb) + (b - bb);
}

/** a * b = p + e exactly (Dekker). */
export function twoProd(a: number, b: number, out: Float64Array): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out[0] = p;
  out[1] = al * bl - (p - ah * bh - al * bh - ah * bl);
}

/**
 * Accumulator for Σ c + Σ x_i·y_i in ~twice working precision (Dot2).
 * Reused across calls: reset(), add*(), then value() or hi/lo via split().
 */
export class Dot2 {
  private p = 0;
  private s = 0;
  private readonly tmp = new Float64Array(2);
  private readonly tmp2 = new Float64Array(2);

  reset(start = 0): this {
    this.p = start;
    this.s = 0;
    return this;
  }

  addValue(v: number): void {
    twoSum(this.p, v, this.tmp);
    this.p = this.tmp[0]!;
    this.s += this.tmp[1]!;
  }

  addProduct(x: number, y: number): void {
    twoProd(x, y, this.tmp);
    const h = this.tmp[0]!;
    const r = this.tmp[1]!;
    twoSum(this.p, h, this.tmp2);
    this.p = this.tmp2[0]!;
    this.s += this.tmp2[1]! + r;
  }

  /** Result rounded to double. */
  value(): number {
    return this.p + this.s;
  }

  /** Result as an unevaluated sum hi + lo (double-double), written into out. */
  split(out: Float64Array): void {
    twoSum(this.p, this.s, out);
  }
}

/** Neumaier-compensated sum of an array. */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * Row-wise accumulation P + S += sign · A·x for column-major A (m×p), in the
 * Dot2 scheme (P holds the running sums, S the accumulated rounding errors).
 * Inlined error-free transforms: this is the hot loop of iterative refinement.
 */
export function accumulateMatVec(
  a: Float64Array,
  m: number,
  p: number,
  x: ArrayLike<number>,
  sign: 1 | -1,
  P: Float64Array,
  S: Float64Array,
): void {
  for (let k = 0; k < p; k++) {
    const xk = sign * x[k]!;
    if (xk === 0) continue;
    let t = SPLITTER * xk;
    const xh = t - (t - xk);
    const xl = xk - xh;
    const col = k * m;
    for (let i = 0; i < m; i++) {
      const aik = a[col + i]!;
      const prod = aik * xk;
      t = SPLITTER * aik;
      const ah = t - (t - aik);
      const al = aik - ah;
      const perr = al * xl - (prod - ah * xh - al * xh - ah * xl);
      const pi = P[i]!;
      const s = pi + prod;
      const bb = s - pi;
      P[i] = s;
      S[i] = S[i]! + (pi - (s - bb) + (prod - bb)) + perr;
    }
  }
}

/** Column dot products Σ_i A_ij·(vh_i + vl_i) in Dot2 precision, rounded; vl optional. */
export function transposeMatVec(
  a: Float64Array,
  m: number,
  p: number,
  vh: ArrayLike<number>,
  vl: ArrayLike<number> | null,
  out: Float64Array,
): void {
  const acc = new Dot2();
  for (let j = 0; j < p; j++) {
    const col = j * m;
    acc.reset();
    for (let i = 0; i < m; i++) acc.addProduct(a[col + i]!, vh[i]!);
    if (vl) for (let i = 0; i < m; i++) acc.addProduct(a[col + i]!, vl[i]!);
    out[j] = acc.value();
  }
}

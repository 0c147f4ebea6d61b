/**
 * Householder QR with column pivoting (Businger–Golub; norm downdating as in
 * LAPACK xGEQPF) on a column-major Float64Array.
 *
 * Written here rather than using ml-matrix's QrDecomposition because that one
 * has no pivoting (so no rank revealing) and, measured on NIST StRD, its plain
 * solve reaches only ~6.3 digits on Wampler5 and ~8.2 on Wampler4; we also
 * need the compact Householder vectors to apply Q and Qᵀ during refinement.
 */

export interface PivotedQr {
  /** Rows m, columns p of the factored matrix. */
  m: number;
  p: number;
  /** Compact storage: R on/above the diagonal, Householder vectors below (v_k[k] = 1 implied). */
  qr: Float64Array;
  tau: Float64Array;
  /** perm[k] = original column index placed at position k. */
  perm: Int32Array;
}

const EPS = Number.EPSILON;

/** Euclidean norm of a[offset .. offset+len), scaled to avoid overflow/underflow. */
export function norm2(a: Float64Array, offset: number, len: number): number {
  let scale = 0;
  for (let i = 0; i < len; i++) scale = Math.max(scale, Math.abs(a[offset + i]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ss = 0;
  for (let i = 0; i < len; i++) {
    const v = a[offset + i]! / scale;
    ss += v * v;
  }
  return scale * Math.sqrt(ss);
}

/** Factor A (m×p, column-major, overwritten copy) as A·Π = Q·R. */
export function pivotedQr(aIn: Float64Array, m: number, p: number): PivotedQr {
  const a = Float64Array.from(aIn);
  const tau = new Float64Array(p);
  const perm = new Int32Array(p);
  const vn1 = new Float64Array(p); // current partial column norms
  const vn2 = new Float64Array(p); // norms at last exact recomputation
  for (let j = 0; j < p; j++) {
    perm[j] = j;
    vn1[j] = norm2(a, j * m, m);
    vn2[j] = vn1[j]!;
  }
  const steps = Math.min(m, p);
  const tol3z = Math.sqrt(EPS);
  for (let k = 0; k < steps; k++) {
    // Pivot: bring the column with the largest remaining norm to position k.
    let pvt = k;
    for (let j = k + 1; j < p; j++) if (vn1[j]! > vn1[pvt]!) pvt = j;
    if (pvt !== k) {
      for (let i = 0; i < m; i++) {
        const t = a[pvt * m + i]!;
        a[pvt * m + i] = a[k * m + i]!;
        a[k * m + i] = t;
      }
      const tp = perm[pvt]!;
      perm[pvt] = perm[k]!;
      perm[k] = tp;
      vn1[pvt] = vn1[k]!;
      vn2[pvt] = vn2[k]!;
    }
    // Householder reflector for a[k..m-1, k] (LAPACK xLARFG convention).
    const col = k * m;
    const alpha = a[col + k]!;
    const xnorm = norm2(a, col + k + 1, m - k - 1);
    if (xnorm === 0) {
      tau[k] = 0;
    } else {
      const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
      tau[k] = (beta - alpha) / beta;
      const scal = 1 / (alpha - beta);
      for (let i = k + 1; i < m; i++) a[col + i] = a[col + i]! * scal;
      a[col + k] = beta;
    }
    const tk = tau[k]!;
    // Apply H_k = I − τ v vᵀ to the trailing columns, then downdate their norms.
    for (let j = k + 1; j < p; j++) {
      const cj = j * m;
      if (tk !== 0) {
        let s = a[cj + k]!;
        for (let i = k + 1; i < m; i++) s += a[col + i]! * a[cj + i]!;
        s *= tk;
        a[cj + k] = a[cj + k]! - s;
        for (let i = k + 1; i < m; i++) a[cj + i] = a[cj + i]! - s * a[col + i]!;
      }
      if (vn1[j] !== 0) {
        const r = Math.abs(a[cj + k]!) / vn1[j]!;
        const temp = Math.max(0, 1 - r * r);
        const ratio = vn1[j]! / vn2[j]!;
        if (temp * ratio * ratio <= tol3z) {
          // Cancellation made the downdated norm unreliable: recompute it.
          vn1[j] = norm2(a, cj + k + 1, m - k - 1);
          vn2[j] = vn1[j]!;
        } else {
          vn1[j] = vn1[j]! * Math.sqrt(temp);
        }
      }
    }
  }
  return { m, p, qr: a, tau, perm };
}

/** b ← Qᵀ b (length m). */
export function applyQt(f: PivotedQr, b: Float64Array): void {
  const { m, qr, tau } = f;
  const steps = Math.min(m, f.p);
  for (let k = 0; k < steps; k++) {
    const tk = tau[k]!;
    if (tk === 0) continue;
    const col = k * m;
    let s = b[k]!;
    for (let i = k + 1; i < m; i++) s += qr[col + i]! * b[i]!;
    s *= tk;
    b[k] = b[k]! - s;
    for (let i = k + 1; i < m; i++) b[i] = b[i]! - s * qr[col + i]!;
  }
}

/** b ← Q b (length m). */
export function applyQ(f: PivotedQr, b: Float64Array): void {
  const { m, qr, tau } = f;
  const steps = Math.min(m, f.p);
  for (let k = steps - 1; k >= 0; k--) {
    const tk = tau[k]!;
    if (tk === 0) continue;
    const col = k * m;
    let s = b[k]!;
    for (let i = k + 1; i < m; i++) s += qr[col + i]! * b[i]!;
    s *= tk;
    b[k] = b[k]! - s;
    for (let i = k + 1; i < m; i++) b[i] = b[i]! - s * qr[col + i]!;
  }
}

/** R entry (i ≤ j). */
export function rAt(f: PivotedQr, i: number, j: number): number {
  return f.qr[j * f.m + i]!;
}

/** Solve R[0..r,0..r] x = b in place (back substitution). */
export function solveR(f: PivotedQr, b: Float64Array, r = f.p): void {
  for (let i = r - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < r; j++) s -= rAt(f, i, j) * b[j]!;
    b[i] = s / rAt(f, i, i);
  }
}

/** Solve R[0..r,0..r]ᵀ x = b in place (forward substitution). */
export function solveRt(f: PivotedQr, b: Float64Array, r = f.p): void {
  for (let i = 0; i < r; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= rAt(f, j, i) * b[j]!;
    b[i] = s / rAt(f, i, i);
  }
}

/** R⁻¹ (p×p upper triangular), returned row-major. */
export function invertR(f: PivotedQr): Float64Array {
  const p = f.p;
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    solveR(f, e, j + 1);
    for (let i = 0; i <= j; i++) inv[i * p + j] = e[i]!;
  }
  return inv;
}

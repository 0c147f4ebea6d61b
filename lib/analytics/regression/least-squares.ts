/**
 * Least-squares solve on the QR factors of the column-scaled design, with
 * iterative refinement of the augmented system (Björck 1967; Björck,
 * "Numerical Methods for Least Squares Problems", §2.9) whose residuals are
 * computed in Dot2 (~double-double) precision. The normal equations are never
 * formed.
 *
 * Why refinement: a backward-stable QR solve has error ~κ·ε + κ²·ε·‖r‖/(‖A‖‖x‖);
 * for large-residual problems (Wampler4/5) or κ ~ 1e9 (Filip) that loses digits.
 * Refinement with extended-precision residuals converges to the LS solution of
 * the double-precision data as given, at rate ~κ·ε per step.
 *
 * Everything runs on Ã = A·D and β·b with D, β powers of two: exact (no
 * rounding), keeps magnitudes near 1 (so Dekker splitting cannot overflow),
 * and maps back exactly: x = D·x̃/β, r = r̃/β.
 */
import { accumulateMatVec, Dot2, transposeMatVec, twoSum } from "./compensated";
import { applyQ, applyQt, invertR, norm2, pivotedQr, solveR, solveRt, type PivotedQr } from "./qr";

/** Column-major design matrix (intercept column, if any, included). */
export interface DesignMatrix {
  a: Float64Array;
  m: number;
  p: number;
}

export interface ScaledFactor {
  /** QR of Ã·Π. */
  qr: PivotedQr;
  /** Ã = A·D, column-major, original column order. */
  scaled: Float64Array;
  /** Power-of-two column scale D_j. */
  scale: Float64Array;
  /** Euclidean norm of each original column. */
  columnNorms: Float64Array;
}

export interface RefinedSolution {
  coefficients: Float64Array;
  fitted: Float64Array;
  residuals: Float64Array;
  iterations: number;
  /** ‖δx̃‖∞ / ‖x̃‖∞ of the last correction (scaled coordinates). */
  lastCorrection: number;
  converged: boolean;
}

/** Accept a stagnated refinement only if its last normwise correction is below this. */
const STAGNATION_TOLERANCE = 1e-10;

/** Nearest power of two to 1/v (exponent clamped to stay finite). */
function inversePowerOfTwo(v: number): number {
  return v > 0 && Number.isFinite(v) ? 2 ** Math.min(1000, Math.max(-1000, -Math.round(Math.log2(v)))) : 1;
}

export function factorDesign(design: DesignMatrix): ScaledFactor {
  const { a, m, p } = design;
  const scale = new Float64Array(p);
  const columnNorms = new Float64Array(p);
  const scaled = new Float64Array(m * p);
  for (let j = 0; j < p; j++) {
    const nrm = norm2(a, j * m, m);
    columnNorms[j] = nrm;
    // Same conditioning benefit as unit-norm scaling, but exact.
    scale[j] = inversePowerOfTwo(nrm);
    for (let i = 0; i < m; i++) scaled[j * m + i] = a[j * m + i]! * scale[j]!;
  }
  return { qr: pivotedQr(scaled, m, p), scaled, scale, columnNorms };
}

/**
 * Solve min ‖b − A x‖; x in original column order. Iterates until the
 * correction vanishes or stops halving (the rounding floor), at most
 * `maxIterations` times; each pass costs O(n·p), the factorisation O(n·p²).
 */
export function solveRefined(factor: ScaledFactor, b: Float64Array, maxIterations = 12): RefinedSolution {
  const { qr, scaled: at, scale } = factor;
  const { m, p, perm } = qr;
  const beta = inversePowerOfTwo(norm2(b, 0, m));
  const bs = b.map((v) => v * beta);
  const x = new Float64Array(p); // x̃, original column order
  const r = new Float64Array(m);
  const f = new Float64Array(m);
  const g = new Float64Array(p);
  const z = new Float64Array(p);
  const dx = new Float64Array(p);
  const P = new Float64Array(m);
  const S = new Float64Array(m);
  const pair = new Float64Array(2);
  let iterations = 0;
  let lastCorrection = Infinity;
  let previous = Infinity;
  let converged = false;
  // Starting from x = 0, r = 0 the first pass is the ordinary QR solve.
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    // f = b − r − Ã x̃ and g = −Ãᵀ r in extended precision; (P, S) is a double-double
    // whose S part must only ever hold low-order terms.
    for (let i = 0; i < m; i++) {
      twoSum(bs[i]!, -r[i]!, pair);
      P[i] = pair[0]!;
      S[i] = pair[1]!;
    }
    accumulateMatVec(at, m, p, x, -1, P, S);
    for (let i = 0; i < m; i++) f[i] = P[i]! + S[i]!;
    transposeMatVec(at, m, p, r, null, g);
    // Solve [I ÃΠ; (ÃΠ)ᵀ 0][δr; δx] = [f; Πᵀg] with ÃΠ = Q·R:
    //   z = R⁻ᵀ Πᵀg,  [d; e] = Qᵀ f,  δx = R⁻¹(d − z),  δr = Q [z; e].
    for (let k = 0; k < p; k++) z[k] = -g[perm[k]!]!;
    solveRt(qr, z);
    applyQt(qr, f);
    for (let k = 0; k < p; k++) dx[k] = f[k]! - z[k]!;
    solveR(qr, dx);
    for (let k = 0; k < p; k++) f[k] = z[k]!;
    applyQ(qr, f);
    let dmax = 0;
    let xmax = 0;
    for (let k = 0; k < p; k++) {
      const j = perm[k]!;
      x[j] = x[j]! + dx[k]!;
      dmax = Math.max(dmax, Math.abs(dx[k]!));
      xmax = Math.max(xmax, Math.abs(x[j]));
    }
    for (let i = 0; i < m; i++) r[i] = r[i]! + f[i]!;
    lastCorrection = xmax > 0 ? dmax / xmax : dmax;
    if (dmax === 0) {
      converged = true;
      break;
    }
    // Stopped shrinking: at the rounding floor if tiny, otherwise diverging/stuck.
    if (it >= 1 && dmax > 0.5 * previous) {
      converged = lastCorrection <= STAGNATION_TOLERANCE;
      break;
    }
    previous = dmax;
  }
  if (!converged && lastCorrection <= STAGNATION_TOLERANCE) converged = true;

  // Fitted values and residuals of the final x̃ in extended precision, mapped back.
  const fitted = new Float64Array(m);
  const residuals = new Float64Array(m);
  P.fill(0);
  S.fill(0);
  accumulateMatVec(at, m, p, x, 1, P, S);
  for (let i = 0; i < m; i++) fitted[i] = (P[i]! + S[i]!) / beta;
  for (let i = 0; i < m; i++) {
    P[i] = bs[i]!;
    S[i] = 0;
  }
  accumulateMatVec(at, m, p, x, -1, P, S);
  for (let i = 0; i < m; i++) residuals[i] = (P[i]! + S[i]!) / beta;
  const coefficients = x.map((v, j) => (v * scale[j]!) / beta);
  return { coefficients, fitted, residuals, iterations, lastCorrection, converged };
}

export interface Covariance {
  /** W (p×p, row-major) with (AᵀA)⁻¹ = WᵀW; W = R⁻ᵀ Πᵀ D. Quadratic forms x0ᵀ(AᵀA)⁻¹x0 = ‖W x0‖². */
  factor: Float64Array;
  /** (AᵀA)⁻¹ (p×p, row-major), original column order. */
  matrix: Float64Array;
  refined: boolean;
}

/**
 * (AᵀA)⁻¹ = D (ÃᵀÃ)⁻¹ D with (ÃᵀÃ)⁻¹ = Π R⁻¹R⁻ᵀ Πᵀ. Its relative error is
 * ~κ·ε; when `refine`, each column z of (ÃᵀÃ)⁻¹ is refined on ÃᵀÃ z = e_j
 * with the residual formed in extended precision (Ã z kept as double-double).
 */
export function covariance(factor: ScaledFactor, refine: boolean): Covariance {
  const { qr, scaled: at, scale } = factor;
  const { m, p, perm } = qr;
  const rinv = invertR(qr);
  // W̃ = R⁻ᵀΠᵀ: column perm[k] of W̃ is row k of R⁻¹ (transposed).
  const wt = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let k = 0; k <= i; k++) wt[i * p + perm[k]!] = rinv[k * p + i]!;
  const ct = new Float64Array(p * p);
  for (let u = 0; u < p; u++) {
    for (let v = u; v < p; v++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += wt[i * p + u]! * wt[i * p + v]!;
      ct[u * p + v] = s;
      ct[v * p + u] = s;
    }
  }
  if (refine) refineInverse(at, m, p, wt, ct);
  const w = wt.map((v, idx) => v * scale[idx % p]!);
  const c = ct.map((v, idx) => v * scale[Math.floor(idx / p)]! * scale[idx % p]!);
  return { factor: w, matrix: c, refined: refine };
}

/** In place: columns of C ≈ (ÃᵀÃ)⁻¹ refined with δz = WᵀW(e_j − ÃᵀÃ z). */
function refineInverse(at: Float64Array, m: number, p: number, wt: Float64Array, ct: Float64Array): void {
  const cols = new Float64Array(p * p);
  const zcol = new Float64Array(p);
  const P = new Float64Array(m);
  const S = new Float64Array(m);
  const rho = new Float64Array(p);
  const tmp = new Float64Array(p);
  const dd = new Float64Array(2);
  const acc = new Dot2();
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) zcol[l] = ct[l * p + j]!;
    for (let it = 0; it < 4; it++) {
      P.fill(0);
      S.fill(0);
      accumulateMatVec(at, m, p, zcol, 1, P, S); // Ã z as P + S
      for (let l = 0; l < p; l++) {
        acc.reset(l === j ? 1 : 0);
        const col = l * m;
        for (let i = 0; i < m; i++) {
          twoSum(P[i]!, S[i]!, dd);
          acc.addProduct(-at[col + i]!, dd[0]!);
          acc.addProduct(-at[col + i]!, dd[1]!);
        }
        rho[l] = acc.value();
      }
      for (let i = 0; i < p; i++) {
        let s = 0;
        for (let l = 0; l < p; l++) s += wt[i * p + l]! * rho[l]!;
        tmp[i] = s;
      }
      let dmax = 0;
      let zmax = 0;
      for (let l = 0; l < p; l++) {
        let s = 0;
        for (let i = 0; i < p; i++) s += wt[i * p + l]! * tmp[i]!;
        zcol[l] = zcol[l]! + s;
        dmax = Math.max(dmax, Math.abs(s));
        zmax = Math.max(zmax, Math.abs(zcol[l]!));
      }
      if (dmax <= Number.EPSILON * zmax) break;
    }
    for (let l = 0; l < p; l++) cols[l * p + j] = zcol[l]!;
  }
  for (let u = 0; u < p; u++) {
    for (let v = u; v < p; v++) {
      const s = 0.5 * (cols[u * p + v]! + cols[v * p + u]!);
      ct[u * p + v] = s;
      ct[v * p + u] = s;
    }
  }
}

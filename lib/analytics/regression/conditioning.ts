/**
 * Rank and conditioning checks on the factored, column-scaled design, and the
 * naming of the drivers responsible, so errors say *which* columns are wrong.
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { RegressionError } from "./errors";
import type { DesignMatrix, ScaledFactor } from "./least-squares";
import { rAt, solveR } from "./qr";

/**
 * |R_kk| / |R_00| below this (columns scaled to ~unit norm) means the column is
 * a linear combination of earlier ones to within a few thousand ulps:
 * numerically exact dependence, not mere ill-conditioning.
 */
export const RANK_TOLERANCE = 1e-12;
/** Default cap on the 2-norm condition number of the unit-column-scaled design. */
export const DEFAULT_MAX_CONDITION = 1e11;

export const INTERCEPT_LABEL = "(intercept)";

/** Column labels of the design: "(intercept)" then the driver names. */
export function designLabels(names: string[], hasIntercept: boolean): string[] {
  return hasIntercept ? [INTERCEPT_LABEL, ...names] : [...names];
}

function driversOnly(labels: Iterable<string>, names: string[]): string[] {
  const set = new Set(labels);
  return names.filter((n) => set.has(n));
}

/** Constant drivers (collinear with the intercept) and all-zero drivers, named up front. */
export function checkDegenerateColumns(design: DesignMatrix, names: string[], hasIntercept: boolean): void {
  const { a, m } = design;
  const offset = hasIntercept ? 1 : 0;
  const constant: string[] = [];
  const zero: string[] = [];
  names.forEach((name, d) => {
    const col = (d + offset) * m;
    const first = a[col]!;
    let same = true;
    let allZero = true;
    for (let i = 0; i < m; i++) {
      const v = a[col + i]!;
      if (v !== first) same = false;
      if (v !== 0) allZero = false;
    }
    if (allZero) zero.push(name);
    else if (same && hasIntercept) constant.push(name);
  });
  if (zero.length > 0) {
    throw new RegressionError("rank_deficient", `Identically zero driver(s) ${list(zero)}: their coefficients cannot be estimated.`, zero);
  }
  if (constant.length > 0) {
    throw new RegressionError(
      "rank_deficient",
      `Constant driver(s) ${list(constant)} over the fitting period: collinear with the intercept.`,
      constant,
    );
  }
}

/**
 * Numerical rank from the pivoted R. Each dependent column is expressed in the
 * independent ones (R11 z = r12) to name exactly the set that is collinear.
 */
export function checkRank(factor: ScaledFactor, labels: string[], names: string[]): void {
  const { qr } = factor;
  const p = qr.p;
  const r00 = Math.abs(rAt(qr, 0, 0));
  let rank = 0;
  while (rank < Math.min(qr.m, p) && Math.abs(rAt(qr, rank, rank)) > RANK_TOLERANCE * r00) rank++;
  if (rank === p) return;
  const groups: string[][] = [];
  for (let q = rank; q < p; q++) {
    const z = new Float64Array(rank);
    for (let i = 0; i < rank; i++) z[i] = rAt(qr, i, q);
    solveR(qr, z, rank);
    let zmax = 0;
    for (let i = 0; i < rank; i++) zmax = Math.max(zmax, Math.abs(z[i]!));
    const members = [labels[qr.perm[q]!]!];
    for (let i = 0; i < rank; i++) if (Math.abs(z[i]!) > 1e-8 * Math.max(zmax, 1e-300)) members.push(labels[qr.perm[i]!]!);
    groups.push(members);
  }
  const all = new Set(groups.flat());
  const involved = driversOnly(all, names);
  const text = groups
    .map((g) => {
      const d = driversOnly(g, names);
      return g.includes(INTERCEPT_LABEL) ? `{${d.join(", ")}} together with the intercept` : `{${d.join(", ")}}`;
    })
    .join("; ");
  throw new RegressionError(
    "rank_deficient",
    `Collinear drivers (design rank ${rank} < ${p} parameters); each set is exactly linearly dependent: ${text}. Remove one driver from each set.`,
    involved,
  );
}

export interface Conditioning {
  /** 2-norm condition number of the design with every column scaled to unit norm. */
  conditionNumber: number;
  /** Drivers with a large weight in the most nearly dependent direction. */
  nearlyDependent: string[];
}

/** κ of the unit-column-scaled design from the SVD of its (small, p×p) R factor. */
export function conditioning(factor: ScaledFactor, labels: string[], names: string[]): Conditioning {
  const { qr, scale, columnNorms } = factor;
  const p = qr.p;
  if (p === 1) return { conditionNumber: 1, nearlyDependent: [] };
  const ru = Matrix.zeros(p, p);
  for (let k = 0; k < p; k++) {
    const j = qr.perm[k]!;
    const colScale = 1 / (columnNorms[j]! * scale[j]!); // ‖ã_k‖ = ‖a_j‖·D_j
    for (let i = 0; i <= k; i++) ru.set(i, k, rAt(qr, i, k) * colScale);
  }
  const svd = new SingularValueDecomposition(ru, { computeLeftSingularVectors: false, autoTranspose: false });
  const sv = svd.diagonal;
  const smax = Math.max(...sv);
  let smin = Infinity;
  let iMin = 0;
  sv.forEach((s, i) => {
    if (s < smin) {
      smin = s;
      iMin = i;
    }
  });
  const v = svd.rightSingularVectors.getColumn(iMin);
  const vmax = Math.max(...v.map(Math.abs));
  const near = v.flatMap((c, k) => (Math.abs(c) >= 0.1 * vmax ? [labels[qr.perm[k]!]!] : []));
  return { conditionNumber: smin > 0 ? smax / smin : Infinity, nearlyDependent: driversOnly(near, names) };
}

export function assertConditioning(c: Conditioning, maxCondition: number): void {
  if (!(c.conditionNumber <= maxCondition)) {
    throw new RegressionError(
      "ill_conditioned",
      `The design matrix is ill-conditioned: condition number ${c.conditionNumber.toExponential(2)} (columns scaled to unit norm) exceeds ${maxCondition.toExponential(0)}. ` +
        `Nearly collinear drivers: ${list(c.nearlyDependent)}. Coefficients would not be reliable to useful precision; rescale, centre or drop drivers.`,
      c.nearlyDependent,
    );
  }
}

function list(items: string[]): string {
  return items.map((s) => `"${s}"`).join(", ");
}

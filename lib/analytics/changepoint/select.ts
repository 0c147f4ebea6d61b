/**
 * CalTRACK-style model selection: fit every change-point type, discard those
 * that are physically implausible or whose temperature slopes are not
 * significant, and keep the highest adjusted R² (which penalises the extra
 * parameters of 4P/5P, so a 5P only wins when the dead band really helps).
 */
import { RegressionError } from "../regression";
import { fitPrepared } from "./fit";
import { prepare } from "./prepare";
import {
  CHANGE_POINT_TYPES,
  type ChangePointCandidate,
  type ChangePointFit,
  type ChangePointInput,
  type ChangePointSelection,
  type SelectChangePointOptions,
} from "./types";

export function selectChangePoint(input: ChangePointInput, options: SelectChangePointOptions = {}): ChangePointSelection {
  // Input problems (lengths, NaN, too narrow a temperature range) would fail every
  // type identically, so they throw here instead of yielding four invalid candidates.
  const prepared = prepare(input, options);
  const maxP = options.maxSlopePValue ?? 0.1;
  const types = options.types ?? CHANGE_POINT_TYPES;
  const fits: (ChangePointFit | null)[] = [];
  const candidates: ChangePointCandidate[] = types.map((type) => {
    try {
      const cp = fitPrepared(input, prepared, type, options);
      fits.push(cp);
      const problems = physicalProblems(cp, maxP);
      return {
        type,
        heatingBalanceC: cp.heatingBalanceC,
        coolingBalanceC: cp.coolingBalanceC,
        adjRSquared: cp.fit.stats.adjRSquared,
        heatingSlope: cp.heatingSlope,
        coolingSlope: cp.coolingSlope,
        physicallyValid: problems.length === 0,
        ...(problems.length > 0 ? { reason: `invalid: ${problems.join("; ")}` } : {}),
      };
    } catch (e) {
      // A type that cannot be fitted (e.g. no room for a dead band) is just not a candidate.
      if (!(e instanceof RegressionError)) throw e;
      fits.push(null);
      return {
        type,
        heatingBalanceC: null,
        coolingBalanceC: null,
        adjRSquared: null,
        heatingSlope: null,
        coolingSlope: null,
        physicallyValid: false,
        reason: `not fitted (${e.code}): ${e.message}`,
      };
    }
  });

  // Strict ">" keeps the earlier (simpler, in the default order) type on a tie.
  let bestIndex = -1;
  candidates.forEach((c, i) => {
    if (c.physicallyValid && c.adjRSquared !== null && (bestIndex < 0 || c.adjRSquared > candidates[bestIndex]!.adjRSquared!)) bestIndex = i;
  });
  const best = bestIndex >= 0 ? candidates[bestIndex]! : null;
  for (const c of candidates) {
    if (!c.physicallyValid || best === null) continue;
    c.reason =
      c === best
        ? "selected: highest adjusted R² among valid candidates"
        : `valid, but adjusted R² ${fmt(c.adjRSquared!)} < ${fmt(best.adjRSquared!)} of ${best.type}`;
  }
  return { best: bestIndex >= 0 ? fits[bestIndex]! : null, candidates };
}

/** Sign rule (heating and cooling slopes ≥ 0, base load ≥ 0) and slope significance. */
export function physicalProblems(cp: ChangePointFit, maxSlopePValue = 0.1): string[] {
  const problems: string[] = [];
  const slope = (name: "hdd" | "cdd", label: string, rising: string): void => {
    const j = cp.featureNames.indexOf(name);
    if (j < 0) return;
    const b = cp.fit.coefficients[j]!;
    const pv = cp.fit.pValues.drivers[j]!;
    if (b < 0) problems.push(`${label} slope ${fmt(b)} < 0 (consumption should rise as it gets ${rising})`);
    else if (!(pv < maxSlopePValue)) problems.push(`${label} slope not significant (p = ${fmtP(pv)} ≥ ${maxSlopePValue})`);
  };
  slope("hdd", "heating", "colder");
  slope("cdd", "cooling", "warmer");
  if (cp.baseLoad < 0) problems.push(`base load ${fmt(cp.baseLoad)} < 0`);
  return problems;
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

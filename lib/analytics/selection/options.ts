/** Resolved options of stepwise selection and the sign rule, shared by the search and its report. */
import { RegressionError, type OlsFit } from "../regression";
import type { SelectionOptions } from "./types";

export interface ResolvedOptions {
  pEnter: number;
  pRemove: number;
  maxVif: number;
  minAdjR2Gain: number;
  maxDrivers: number;
  nonNegative: Record<string, string>;
}

/** Sign-ruled drivers of a fit with a negative coefficient, most negative t first. */
export function wrongSigns(fit: OlsFit, opts: Pick<ResolvedOptions, "nonNegative">): { name: string; coefficient: number; p: number; t: number }[] {
  return fit.names
    .map((name, d) => ({ name, coefficient: fit.coefficients[d]!, p: fit.pValues.drivers[d]!, t: fit.tValues.drivers[d]! }))
    .filter((x) => x.name in opts.nonNegative && x.coefficient < 0)
    .sort((a, b) => a.t - b.t);
}

export function resolveOptions(o: SelectionOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    pEnter: o.pEnter ?? 0.05,
    pRemove: o.pRemove ?? 0.1,
    maxVif: o.maxVif ?? 10,
    minAdjR2Gain: o.minAdjR2Gain ?? 0.001,
    maxDrivers: o.maxDrivers ?? Infinity,
    nonNegative: o.nonNegative ?? {},
  };
  if (!(r.pEnter > 0 && r.pEnter <= r.pRemove && r.pRemove < 1)) {
    throw new RegressionError("invalid_input", `Need 0 < pEnter ≤ pRemove < 1 (else a driver could be added and removed forever), got ${r.pEnter} and ${r.pRemove}.`);
  }
  if (!(r.maxVif > 1)) throw new RegressionError("invalid_input", `maxVif must be > 1, got ${r.maxVif}.`);
  if (!(r.maxDrivers >= 0)) throw new RegressionError("invalid_input", `maxDrivers must be ≥ 0, got ${r.maxDrivers}.`);
  if (!Number.isFinite(r.minAdjR2Gain)) throw new RegressionError("invalid_input", `minAdjR2Gain must be finite.`);
  return r;
}


/**
 * Fits of candidate subsets, memoised: stepwise selection and the final
 * report refit the same subsets repeatedly. Engine errors (rank deficiency,
 * ill-conditioning, too few samples) are captured, not thrown, so one bad
 * candidate never aborts the selection.
 */
import { fitOls, RegressionError, type OlsFit } from "../regression";

export type Trial = { ok: true; fit: OlsFit } | { ok: false; error: RegressionError };

export interface ModelSummary {
  rSquared: number;
  adjRSquared: number;
}

/** The intercept-only model, the baseline of the first forward step. */
export const EMPTY_MODEL: ModelSummary = { rSquared: 0, adjRSquared: 0 };

export class ModelCache {
  private readonly cache = new Map<string, Trial>();

  constructor(
    private readonly y: number[],
    private readonly names: string[],
    private readonly columns: number[][],
  ) {}

  /** Fit the candidates with these indices; columns in ascending index order so the result does not depend on the path. */
  fit(indices: number[]): Trial {
    const idx = [...indices].sort((a, b) => a - b);
    const key = idx.join(",");
    const hit = this.cache.get(key);
    if (hit) return hit;
    let trial: Trial;
    try {
      const X = this.y.map((_, i) => idx.map((j) => this.columns[j]![i]!));
      trial = { ok: true, fit: fitOls(X, this.y, idx.map((j) => this.names[j]!)) };
    } catch (e) {
      if (!(e instanceof RegressionError)) throw e;
      trial = { ok: false, error: e };
    }
    this.cache.set(key, trial);
    return trial;
  }

  /** The candidate columns, by index. */
  columnsOf(): number[][] {
    return this.columns;
  }

  /** R² and adjusted R² of a subset (intercept-only when empty); null if it cannot be fitted. */
  summary(indices: number[]): ModelSummary | null {
    if (indices.length === 0) return EMPTY_MODEL;
    const t = this.fit(indices);
    return t.ok ? { rSquared: t.fit.stats.rSquared, adjRSquared: t.fit.stats.adjRSquared } : null;
  }
}

/** Index of a named driver inside a fit (fits are ordered by candidate index, not by path). */
export function driverIndex(fit: OlsFit, name: string): number {
  return fit.names.indexOf(name);
}

import { mulberry32 } from "@/lib/analytics/random";
import { readFileSync } from "node:fs";

/**
 * Log relative error (McCullough 1998, "Assessing the reliability of
 * statistical software", as used with NIST StRD): the number of significant
 * digits in which `computed` agrees with `certified`.
 *   LRE = −log10(|x − c| / |c|)   for c ≠ 0
 *   LRE = −log10(|x|)             for c = 0 (log absolute error)
 * capped at the certified precision (15 digits); exact agreement gives the cap.
 */
export function lre(computed: number, certified: number, digits = 15): number {
  if (Number.isNaN(computed)) return 0;
  if (computed === certified) return digits;
  const err = certified === 0 ? Math.abs(computed) : Math.abs(computed - certified) / Math.abs(certified);
  return Math.min(digits, Math.max(0, -Math.log10(err)));
}

export { mulberry32 };

/** Standard normal deviates (Box–Muller) from a uniform generator. */
export function normal(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export interface NistDataset {
  name: string;
  intercept: boolean;
  predictors: string[];
  polynomial_degree?: number;
  observations: Record<string, number>[];
  certified: {
    coefficients: number[];
    std_errors: number[];
    residual_sd: number;
    r_squared: number;
    anova: { regression_ss: number; residual_ss: number; f_statistic: number | string };
  };
}

export function loadNist(name: string): NistDataset {
  const url = new URL(`../../fixtures/nist-strd/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as NistDataset;
}

/**
 * Design for fitOls (no intercept column). Polynomial sets use powers of x,
 * formed by repeated multiplication, as the model is stated (no centring).
 */
export function nistDesign(d: NistDataset): { X: number[][]; y: number[]; names: string[] } {
  const deg = d.polynomial_degree;
  const names = deg ? Array.from({ length: deg }, (_, k) => `x^${k + 1}`) : d.predictors;
  const X = d.observations.map((o) => {
    if (!deg) return d.predictors.map((p) => o[p]!);
    const row: number[] = [];
    let v = 1;
    for (let k = 0; k < deg; k++) {
      v *= o.x!;
      row.push(v);
    }
    return row;
  });
  return { X, y: d.observations.map((o) => o.y!), names };
}

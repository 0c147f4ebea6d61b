/**
 * NIST StRD linear least-squares datasets: certified coefficients, standard
 * errors, residual SD and R² must match to ≥ 9 significant digits (LRE), on
 * every set but Filip, where ≥ 6 are required (we reach ~7.9: the powers x^k
 * rounded to double already limit the *exact* solution of the stored data to
 * ~7.9 digits of the certified values).
 */
import { describe, expect, it } from "vitest";
import { fitOls, RegressionError, type OlsFit } from "@/lib/analytics/regression";
import { loadNist, lre, nistDesign, type NistDataset } from "./helpers";

function fitNist(d: NistDataset, options = {}): OlsFit {
  const { X, y, names } = nistDesign(d);
  return fitOls(X, y, names, { intercept: d.intercept, ...options });
}

/** Parameters in certified order: [B0 (intercept), B1, ...] or [B1, ...] without intercept. */
function params(fit: OlsFit): { coef: number[]; se: number[] } {
  if (!fit.hasIntercept) return { coef: fit.coefficients, se: fit.stdErrors.drivers };
  return { coef: [fit.intercept, ...fit.coefficients], se: [fit.stdErrors.intercept!, ...fit.stdErrors.drivers] };
}

function minLre(computed: number[], certified: number[]): number {
  expect(computed).toHaveLength(certified.length);
  return Math.min(...computed.map((c, j) => lre(c, certified[j]!)));
}

describe("lre helper", () => {
  it("counts matching significant digits, log absolute error against zero", () => {
    expect(lre(1.23456789, 1.23456789)).toBe(15);
    expect(lre(1.2345, 1.2346)).toBeCloseTo(4.09, 2);
    expect(lre(1e-12, 0)).toBeCloseTo(12, 10);
    expect(lre(5, 1)).toBe(0);
    expect(lre(Number.NaN, 1)).toBe(0);
  });
});

const ACCURATE = ["Norris", "Pontius", "NoInt1", "NoInt2", "Longley", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"];

describe.each(ACCURATE)("NIST StRD %s", (name) => {
  const d = loadNist(name);
  const fit = fitNist(d);
  const c = d.certified;
  const { coef, se } = params(fit);

  it("matches certified coefficients to ≥ 9 digits", () => {
    expect(minLre(coef, c.coefficients)).toBeGreaterThanOrEqual(9);
  });

  it("matches certified standard errors to ≥ 9 digits (absolute when certified 0)", () => {
    expect(minLre(se, c.std_errors)).toBeGreaterThanOrEqual(9);
  });

  it("matches residual SD and R² to ≥ 9 digits", () => {
    expect(lre(fit.stats.residualSd, c.residual_sd)).toBeGreaterThanOrEqual(9);
    expect(lre(fit.stats.rSquared, c.r_squared)).toBeGreaterThanOrEqual(9);
  });

  it("matches the ANOVA sums of squares and F statistic", () => {
    expect(lre(fit.stats.ssr, c.anova.regression_ss)).toBeGreaterThanOrEqual(9);
    expect(lre(fit.stats.sse, c.anova.residual_ss)).toBeGreaterThanOrEqual(9);
    const F = c.anova.f_statistic;
    if (typeof F === "number") expect(lre(fit.stats.fStatistic, F)).toBeGreaterThanOrEqual(9);
    else expect(fit.stats.fStatistic).toBeGreaterThan(1e30); // certified "Infinity"
    expect(Number.isNaN(fit.stats.fPValue)).toBe(false);
  });

  it("reports the model exactly as stated (intercept iff certified)", () => {
    expect(fit.hasIntercept).toBe(d.intercept);
    expect(fit.p).toBe(c.coefficients.length);
    expect(fit.n).toBe(d.observations.length);
  });
});

describe("NIST StRD exact fits (Wampler1, Wampler2)", () => {
  it("gives zero residual SD without NaN, F = Infinity and p = 0 for Wampler1", () => {
    const fit = fitNist(loadNist("Wampler1"));
    expect(fit.stats.residualSd).toBe(0);
    expect(fit.stats.fStatistic).toBe(Infinity);
    expect(fit.stats.fPValue).toBe(0);
    expect(fit.stats.rSquared).toBe(1);
    expect(fit.stdErrors.drivers.every((s) => s === 0)).toBe(true);
    expect(fit.pValues.drivers.every((p) => p === 0)).toBe(true);
    expect(fit.confidenceIntervals.drivers.every(([lo, hi]) => lo === 1 && hi === 1)).toBe(true);
  });

  it("gives a residual SD that is zero to within 1e-12 for Wampler2", () => {
    const fit = fitNist(loadNist("Wampler2"));
    expect(Math.abs(fit.stats.residualSd)).toBeLessThan(1e-12);
    expect(Number.isNaN(fit.stats.fStatistic)).toBe(false);
  });
});

describe("NIST StRD Filip (degree-10 polynomial, condition number ~5e9 after scaling)", () => {
  const d = loadNist("Filip");
  const c = d.certified;

  it("matches coefficients, standard errors, residual SD and R² to ≥ 6 digits", () => {
    const fit = fitNist(d);
    const { coef, se } = params(fit);
    expect(minLre(coef, c.coefficients)).toBeGreaterThanOrEqual(6);
    expect(minLre(se, c.std_errors)).toBeGreaterThanOrEqual(6);
    expect(lre(fit.stats.residualSd, c.residual_sd)).toBeGreaterThanOrEqual(6);
    expect(lre(fit.stats.rSquared, c.r_squared)).toBeGreaterThanOrEqual(6);
    expect(fit.stats.conditionNumber).toBeGreaterThan(1e9);
  });

  it("refuses with ill_conditioned, naming the drivers, under a stricter condition cap", () => {
    let err: unknown;
    try {
      fitNist(d, { maxConditionNumber: 1e8 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegressionError);
    const re = err as RegressionError;
    expect(re.code).toBe("ill_conditioned");
    expect(re.drivers.length).toBeGreaterThan(1);
    expect(re.drivers.every((n) => n.startsWith("x^"))).toBe(true);
    expect(re.message).toMatch(/ill-conditioned/);
  });
});

/** Absorbed fixed-effects OLS against the dummy-variable OLS and by hand; TOWT on a synthetic year with known truth. */
import { describe, expect, it } from "vitest";
import { fitOls, predictOls, RegressionError } from "@/lib/analytics/regression";
import {
  CALTRACK_KNOTS_C,
  fitFixedEffects,
  fitTowt,
  mergeSparseSegments,
  predictFixedEffects,
  predictTowt,
  temperatureSegments,
  type TowtInput,
} from "@/lib/analytics/towt";
import { mulberry32, normal, weatherSeries } from "./synthetic";

/** |a − b| ≤ rel·max(|a|, |b|) + abs. */
function close(a: number, b: number, rel = 1e-9, abs = 0): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b)) + abs);
}

function regressionError(f: () => unknown): RegressionError {
  try {
    f();
  } catch (e) {
    if (e instanceof RegressionError) return e;
    throw e;
  }
  throw new Error("expected a RegressionError");
}

// ---------------------------------------------------------------- fixed effects vs dummy OLS
const LABELS = [42, 3, 100, 7, 5, 10]; // unsorted, non-contiguous on purpose
const ALPHA: Record<number, number> = { 3: 10, 5: 16, 7: 14, 10: 8, 42: 20, 100: 12 };

function smallSet(seed: number) {
  const u = mulberry32(seed);
  const z = normal(mulberry32(seed + 1));
  const groups: number[] = [];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const g = LABELS[Math.floor(u() * LABELS.length)]!;
    const x1 = 5 + 2 * z() + 0.3 * ALPHA[g]!; // correlated with the groups
    const x2 = z() + 0.5 * x1;
    groups.push(g);
    X.push([x1, x2]);
    y.push(ALPHA[g]! + 1.5 * x1 + 0.15 * x2 + z());
  }
  return { y, X, names: ["x1", "x2"], groups };
}

describe("fitFixedEffects equals the dummy-variable OLS (n = 300, 6 groups, 2 regressors)", () => {
  const data = smallSet(7);
  const fe = fitFixedEffects(data);
  const sorted = [...LABELS].sort((a, b) => a - b);
  const dummyRow = (x: number[], g: number): number[] => [...sorted.slice(1).map((l) => (l === g ? 1 : 0)), ...x];
  const dummyNames = [...sorted.slice(1).map((l) => `g${l}`), ...data.names];
  const ols = fitOls(
    data.X.map((x, i) => dummyRow(x, data.groups[i]!)),
    data.y,
    dummyNames,
  );
  const off = sorted.length - 1;

  it("β, standard errors, t, p-values and confidence intervals", () => {
    expect(fe.p).toBe(ols.p);
    for (let j = 0; j < 2; j++) {
      close(fe.coefficients[j]!, ols.coefficients[off + j]!);
      close(fe.stdErrors[j]!, ols.stdErrors.drivers[off + j]!);
      close(fe.tValues[j]!, ols.tValues.drivers[off + j]!);
      close(fe.pValues[j]!, ols.pValues.drivers[off + j]!, 1e-7);
      close(fe.confidenceIntervals[j]![0], ols.confidenceIntervals.drivers[off + j]![0]);
      close(fe.confidenceIntervals[j]![1], ols.confidenceIntervals.drivers[off + j]![1]);
    }
    // The weak regressor has a non-trivial p-value, so the comparison means something.
    expect(fe.pValues[1]!).toBeGreaterThan(1e-6);
  });

  it("fit statistics on the original y with p = k + G", () => {
    const a = fe.stats;
    const b = ols.stats;
    for (const key of ["rSquared", "adjRSquared", "sse", "ssr", "sst", "rmse", "residualSd", "cvRmse", "mae", "mape", "fStatistic", "durbinWatson", "lag1Autocorrelation", "meanY"] as const) {
      close(a[key], b[key], 1e-9, 1e-13);
    }
    close(a.nmbe, b.nmbe, 0, 1e-13); // both ~0: Σ residuals vanishes with group effects
    close(a.fPValue, b.fPValue, 1e-7, 1e-300);
    expect([a.dfModel, a.dfResidual, a.mapeSkippedRows]).toEqual([b.dfModel, b.dfResidual, b.mapeSkippedRows]);
    expect([a.dfModel, a.dfResidual]).toEqual([7, 292]);
  });

  it("residuals, fitted values and group effects", () => {
    fe.residuals.forEach((e, i) => close(e, ols.residuals[i]!, 1e-9, 1e-12));
    fe.fitted.forEach((f, i) => close(f, ols.fitted[i]!, 1e-12));
    expect(fe.groupEffects.map((g) => g.group)).toEqual(sorted);
    expect(fe.groupEffects.reduce((s, g) => s + g.count, 0)).toBe(300);
    close(fe.groupEffects[0]!.effect, ols.intercept);
    close(fe.groupEffects[0]!.stdError, ols.stdErrors.intercept!);
    for (let g = 1; g < sorted.length; g++) close(fe.groupEffects[g]!.effect, ols.intercept + ols.coefficients[g - 1]!);
  });

  it("predictions and intervals, including a JSON round trip of the state", () => {
    const z = normal(mulberry32(99));
    const X0 = sorted.flatMap(() => [[8 + 3 * z(), 4 + z()], [20, -3]]);
    const g0 = sorted.flatMap((g) => [g, g]);
    const p = predictFixedEffects(fe.state, X0, g0, 0.9);
    const q = predictOls(ols.state, X0.map((x, i) => dummyRow(x, g0[i]!)), 0.9);
    p.forEach((r, i) => {
      for (const key of ["value", "lower", "upper", "meanLower", "meanUpper", "seMean", "sePrediction"] as const) close(r[key], q[i]![key]);
    });
    const imported = JSON.parse(JSON.stringify(fe.state)) as typeof fe.state;
    expect(predictFixedEffects(imported, X0, g0, 0.9)).toEqual(p);
  });

  it("within-group VIF and condition number are those of the demeaned design", () => {
    const demeaned = data.X.map((x, i) => {
      const rows = data.X.filter((_, r) => data.groups[r] === data.groups[i]);
      return x.map((v, j) => v - rows.reduce((s, row) => s + row[j]!, 0) / rows.length);
    });
    const s11 = demeaned.reduce((s, d) => s + d[0]! * d[0]!, 0);
    const s22 = demeaned.reduce((s, d) => s + d[1]! * d[1]!, 0);
    const s12 = demeaned.reduce((s, d) => s + d[0]! * d[1]!, 0);
    const vif = 1 / (1 - (s12 * s12) / (s11 * s22));
    close(fe.vif[0]!, vif, 1e-9);
    close(fe.vif[1]!, vif, 1e-9);
    const within = fitOls(demeaned, data.y, data.names, { intercept: false });
    close(fe.stats.conditionNumber, within.stats.conditionNumber, 1e-8);
    close(fe.coefficients[0]!, within.coefficients[0]!, 1e-9);
  });
});

describe("fitFixedEffects by hand (2 groups, 1 regressor, 6 points)", () => {
  // Group 0: x = 1, 2, 3; y = 3, 4, 8  → x̄ = 2, ȳ = 5,  x̃ = −1, 0, 1; ỹ = −2, −1, 3
  // Group 1: x = 2, 4, 6; y = 10, 11, 15 → x̄ = 4, ȳ = 12, x̃ = −2, 0, 2; ỹ = −2, −1, 3
  // β = Σx̃ỹ / Σx̃² = (2 + 0 + 3 + 4 + 0 + 6) / (1 + 0 + 1 + 4 + 0 + 4) = 15 / 10 = 1.5
  // α0 = 5 − 1.5·2 = 2, α1 = 12 − 1.5·4 = 6
  // residuals ỹ − βx̃: −0.5, −1, 1.5 | 1, −1, 0 → SSE = 5.5; n = 6, p = 3, s² = 5.5/3
  // SE(β) = sqrt(s² / Σx̃²) = sqrt(5.5/30); ȳ = 8.5, SST = 101.5, SSR = 96, F = (96/2)/(5.5/3)
  // Prediction, group 1, x0 = 5: 6 + 7.5 = 13.5, Var = s²(1 + 1/3 + (5 − 4)²/10)
  const fe = fitFixedEffects({ y: [3, 4, 8, 10, 11, 15], X: [[1], [2], [3], [2], [4], [6]], names: ["x"], groups: [0, 0, 0, 1, 1, 1] });
  const s2 = 5.5 / 3;

  it("coefficients, group effects and residuals", () => {
    close(fe.coefficients[0]!, 1.5, 1e-14);
    expect(fe.groupEffects.map((g) => [g.group, g.count])).toEqual([[0, 3], [1, 3]]);
    close(fe.groupEffects[0]!.effect, 2, 1e-14);
    close(fe.groupEffects[1]!.effect, 6, 1e-14);
    [-0.5, -1, 1.5, 1, -1, 0].forEach((e, i) => close(fe.residuals[i]!, e, 1e-14, 1e-14));
    // Var(α0) = s²(1/3 + x̄0²/Σx̃²) = s²(1/3 + 4/10)
    close(fe.groupEffects[0]!.stdError, Math.sqrt(s2 * (1 / 3 + 0.4)), 1e-13);
  });

  it("statistics", () => {
    close(fe.stats.sse, 5.5, 1e-14);
    close(fe.stdErrors[0]!, Math.sqrt(5.5 / 30), 1e-13);
    close(fe.stats.rSquared, 1 - 5.5 / 101.5, 1e-14);
    close(fe.stats.adjRSquared, 1 - (5.5 / 3) / (101.5 / 5), 1e-14);
    close(fe.stats.fStatistic, 48 / s2, 1e-13);
    close(fe.stats.cvRmse, Math.sqrt(s2) / 8.5, 1e-14);
    expect([fe.n, fe.p, fe.stats.dfModel, fe.stats.dfResidual]).toEqual([6, 3, 2, 3]);
    expect(fe.vif).toEqual([1]);
  });

  it("without regressors the group effects are the group means", () => {
    const g = fitFixedEffects({ y: [3, 4, 8, 10, 11, 15], X: [[], [], [], [], [], []], names: [], groups: [0, 0, 0, 1, 1, 1] });
    expect(g.groupEffects.map((e) => e.effect)).toEqual([5, 12]);
    close(g.stats.sse, 28, 1e-14); // Σỹ² = 2·(4 + 1 + 9)
    expect([g.p, g.stats.dfModel, g.coefficients]).toEqual([2, 1, []]);
  });

  it("prediction interval", () => {
    const [p] = predictFixedEffects(fe.state, [[5]], [1]);
    close(p!.value, 13.5, 1e-14);
    close(p!.sePrediction, Math.sqrt(s2 * (1 + 1 / 3 + 1 / 10)), 1e-13);
    close(p!.seMean, Math.sqrt(s2 * (1 / 3 + 1 / 10)), 1e-13);
    const t975df3 = 3.182446305284263; // Student t, 0.975 quantile, 3 df
    close(p!.upper - p!.value, t975df3 * p!.sePrediction, 1e-8);
  });
});

describe("fitFixedEffects errors", () => {
  const data = smallSet(3);

  it("unknown group at prediction names the group", () => {
    const e = regressionError(() => predictFixedEffects(fitFixedEffects(data).state, [[1, 2]], [999]));
    expect(e.code).toBe("invalid_input");
    expect(e.message).toContain("999");
  });

  it("n ≤ p", () => {
    const e = regressionError(() => fitFixedEffects({ y: [1, 2, 3, 4], X: [[1, 0], [2, 1], [3, 5], [5, 2]], names: ["a", "b"], groups: [0, 0, 1, 1] }));
    expect(e.code).toBe("too_few_samples");
  });

  it("non-finite values", () => {
    const X = data.X.map((r, i) => (i === 17 ? [r[0]!, Number.NaN] : r));
    const e = regressionError(() => fitFixedEffects({ ...data, X }));
    expect([e.code, e.drivers]).toEqual(["invalid_input", ["x2"]]);
    const y = data.y.map((v, i) => (i === 5 ? Infinity : v));
    expect(regressionError(() => fitFixedEffects({ ...data, y })).code).toBe("invalid_input");
  });

  it("regressors collinear after demeaning are named", () => {
    // x3 = 2·x1 + a group-specific shift: independent of x1 overall, exactly collinear within groups.
    const X = data.X.map((r, i) => [...r, 2 * r[0]! + data.groups[i]!]);
    const e = regressionError(() => fitFixedEffects({ ...data, X, names: ["x1", "x2", "x3"] }));
    expect(e.code).toBe("rank_deficient");
    expect([...e.drivers].sort()).toEqual(["x1", "x3"]);
  });

  it("a regressor constant within every group is named", () => {
    const X = data.X.map((r, i) => [...r, 0.1 * data.groups[i]!]);
    const e = regressionError(() => fitFixedEffects({ ...data, X, names: ["x1", "x2", "shift"] }));
    expect([e.code, e.drivers]).toEqual(["rank_deficient", ["shift"]]);
  });
});

// ---------------------------------------------------------------- TOWT
const B_HEAT = CALTRACK_KNOTS_C[2]!; // 55 °F: the true kinks sit on knots, so the truth is in the model space
const B_COOL = CALTRACK_KNOTS_C[4]!; // 75 °F
const HEAT = 3;
const COOL = 4;
const PROD = 0.5;
const SIGMA = 2;
const occupiedTruth = (h: number): boolean => Math.floor(h / 24) < 5 && h % 24 >= 7 && h % 24 <= 18;
const profile = (h: number): number => 40 + 5 * Math.cos((2 * Math.PI * (h % 24 - 3)) / 24) + (occupiedTruth(h) ? 60 + 3 * Math.sin(h) : 0);
const truth = (t: number, h: number, prod: number): number =>
  profile(h) + HEAT * Math.max(0, B_HEAT - t) + (occupiedTruth(h) ? COOL * Math.max(0, t - B_COOL) : 0) + PROD * prod;

/** A year of hourly data (8,760 rows) starting at hour of week `start`, with one extra driver. */
function year(seed: number, start: number): TowtInput & { expected: number[] } {
  const z = normal(mulberry32(seed + 1000));
  const prod = Array.from({ length: 8760 }, () => 20 + 5 * z());
  const hourOfWeek = prod.map((_, i) => (i + start) % 168);
  const { y, temperature } = weatherSeries(8760, (t, i) => truth(t, hourOfWeek[i]!, prod[i]!), { seed, perDay: 24, sigma: SIGMA });
  return { y, temperature, hourOfWeek, extra: { names: ["production"], X: prod.map((p) => [p]) }, expected: temperature.map((t, i) => truth(t, hourOfWeek[i]!, prod[i]!)) };
}

describe("fitTowt on a synthetic year (8,760 hourly rows, known schedule and slopes)", () => {
  const train = year(21, 0);
  const towt = fitTowt(train);
  const coef = (name: string) => {
    const j = towt.featureNames.indexOf(name);
    return { b: towt.fit.coefficients[j]!, se: towt.fit.stdErrors[j]! };
  };

  it("recovers the occupancy schedule exactly", () => {
    expect(towt.occupancy).toEqual(Array.from({ length: 168 }, (_, h) => occupiedTruth(h)));
  });

  it("recovers the segment slopes", () => {
    expect(towt.knots.occupied).toContain(B_HEAT);
    expect(towt.knots.occupied).toContain(B_COOL);
    expect(towt.knots.unoccupied).toContain(B_HEAT);
    for (const [cls, knots] of [["occ", towt.knots.occupied!], ["unocc", towt.knots.unoccupied!]] as const) {
      const edges = [-Infinity, ...knots, Infinity];
      for (let j = 0; j < edges.length - 1; j++) {
        const trueSlope = edges[j + 1]! <= B_HEAT ? -HEAT : cls === "occ" && edges[j]! >= B_COOL ? COOL : 0;
        const { b, se } = coef(`temp_${cls}_seg${j + 1}`);
        expect(Math.abs(b - trueSlope), `${cls} seg${j + 1}: ${b} ± ${se} vs ${trueSlope}`).toBeLessThan(Math.min(4 * se, 0.15));
      }
    }
    const prod = coef("production");
    expect(Math.abs(prod.b - PROD)).toBeLessThan(4 * prod.se);
  });

  it("recovers the hour-of-week effects and the noise level", () => {
    // HEAT·max(0, B − T) = HEAT·B − HEAT·min(T, B): the constant moves into every α_how.
    expect(towt.fit.groupEffects).toHaveLength(168);
    let worst = 0;
    for (const g of towt.fit.groupEffects) {
      const err = Math.abs(g.effect - (profile(g.group) + HEAT * B_HEAT));
      expect(err).toBeLessThan(4.5 * g.stdError);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1.5);
    expect(towt.fit.stats.rSquared).toBeGreaterThan(0.99);
    close(towt.fit.stats.residualSd, SIGMA, 0.05);
  });

  it("predicts a held-out year close to the truth, with calibrated intervals", () => {
    const test = year(22, 24); // different weather and noise, week starting a day later
    const rows = test.temperature.map((t, i) => ({ temperature: t, hourOfWeek: test.hourOfWeek[i]!, extras: test.extra!.X[i]! }));
    const pred = predictTowt(towt.state, rows);
    const rmse = Math.sqrt(pred.reduce((s, p, i) => s + (p.value - test.expected[i]!) ** 2, 0) / pred.length);
    expect(rmse).toBeLessThan(0.5); // vs noise σ = 2
    const covered = pred.filter((p, i) => test.y[i]! >= p.lower && test.y[i]! <= p.upper).length / pred.length;
    expect(covered).toBeGreaterThan(0.93);
    expect(covered).toBeLessThan(0.97);
  });

  it("state survives JSON export/import and reproduces the fitted values", () => {
    const rows = train.temperature.slice(0, 500).map((t, i) => ({ temperature: t, hourOfWeek: train.hourOfWeek[i]!, extras: train.extra!.X[i]! }));
    const imported = JSON.parse(JSON.stringify(towt.state)) as typeof towt.state;
    const live = predictTowt(towt.state, rows, 0.9);
    expect(predictTowt(imported, rows, 0.9)).toEqual(live);
    live.forEach((p, i) => close(p.value, towt.fit.fitted[i]!, 1e-12));
  });

  it("rejects bad hours of week, unseen hours and missing extras", () => {
    expect(regressionError(() => fitTowt({ ...train, hourOfWeek: train.hourOfWeek.map((h, i) => (i === 3 ? 168 : h)) })).code).toBe("invalid_input");
    const partial = fitTowt({ y: train.y.slice(0, 2000), temperature: train.temperature.slice(0, 2000), hourOfWeek: train.hourOfWeek.slice(0, 2000).map((h) => (h === 50 ? 51 : h)) });
    const e = regressionError(() => predictTowt(partial.state, [{ temperature: 10, hourOfWeek: 50 }]));
    expect([e.code, e.message.includes("hour of week 50")]).toEqual(["invalid_input", true]);
    expect(regressionError(() => predictTowt(towt.state, [{ temperature: 10, hourOfWeek: 5 }])).drivers).toEqual(["production"]);
  });
});

describe("temperature segments", () => {
  it("segments add up to T and carry the per-segment slope", () => {
    const knots = [0, 10, 20];
    expect(temperatureSegments(-5, knots)).toEqual([-5, 0, 0, 0]);
    expect(temperatureSegments(15, knots)).toEqual([0, 10, 5, 0]);
    expect(temperatureSegments(27, knots)).toEqual([0, 10, 10, 7]);
    expect(temperatureSegments(4, [])).toEqual([4]);
  });

  it("sparse segments are merged into a neighbour", () => {
    const temps = Array.from({ length: 100 }, (_, i) => 5 + (i % 10)); // 5 … 14 °C only
    expect(mergeSparseSegments(temps, [0, 10, 20], 20)).toEqual([10]);
    expect(mergeSparseSegments(temps, [0, 10, 20], 200)).toEqual([]);
    // Inner sparse segment (10, 11]: 10 rows; its smaller neighbour is the upper one.
    const t2 = [...Array.from({ length: 50 }, () => 5), ...Array.from({ length: 10 }, () => 10.5), ...Array.from({ length: 30 }, () => 15)];
    expect(mergeSparseSegments(t2, [10, 11], 20)).toEqual([10]);
  });
});

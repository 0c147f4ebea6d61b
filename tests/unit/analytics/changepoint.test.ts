/** Change-point models on seeded synthetic data with known balance points and slopes. */
import { describe, expect, it } from "vitest";
import { fitChangePoint, selectChangePoint, type ChangePointFit, type ChangePointType } from "@/lib/analytics/changepoint";
import { sseAt } from "@/lib/analytics/changepoint/normal-equations";
import { prepare } from "@/lib/analytics/changepoint/prepare";
import { fitOls, RegressionError } from "@/lib/analytics/regression";
import { cdd, hdd, mulberry32, weatherSeries } from "./synthetic";

interface Truth {
  type: ChangePointType;
  th: number | null;
  tc: number | null;
  b0: number;
  bh: number;
  bc: number;
}

const TRUTHS: Truth[] = [
  { type: "3p_heating", th: 15, tc: null, b0: 40, bh: 2.5, bc: 0 },
  { type: "3p_cooling", th: null, tc: 18, b0: 30, bh: 0, bc: 3 },
  { type: "4p", th: 16, tc: 16, b0: 60, bh: 2, bc: 3.5 },
  { type: "5p", th: 13, tc: 21, b0: 50, bh: 3, bc: 4 },
];

function model(tr: Truth): (t: number) => number {
  return (t) => tr.b0 + (tr.th === null ? 0 : tr.bh * hdd(t, tr.th)) + (tr.tc === null ? 0 : tr.bc * cdd(t, tr.tc));
}

/** |estimate − truth| in standard errors. */
function zScore(cp: ChangePointFit, name: string, truth: number): number {
  const j = cp.featureNames.indexOf(name);
  return Math.abs(cp.fit.coefficients[j]! - truth) / cp.fit.stdErrors.drivers[j]!;
}

describe("fitChangePoint recovers known balance points and slopes (365 daily points)", () => {
  it.each(TRUTHS)("$type", (tr) => {
    const data = weatherSeries(365, model(tr), { seed: 11 });
    const cp = fitChangePoint(data, tr.type);
    expect(cp.type).toBe(tr.type);
    if (tr.th === null) expect(cp.heatingBalanceC).toBeNull();
    else expect(Math.abs(cp.heatingBalanceC! - tr.th)).toBeLessThanOrEqual(0.5);
    if (tr.tc === null) expect(cp.coolingBalanceC).toBeNull();
    else expect(Math.abs(cp.coolingBalanceC! - tr.tc)).toBeLessThanOrEqual(0.5);
    if (tr.th !== null) expect(zScore(cp, "hdd", tr.bh)).toBeLessThan(4);
    if (tr.tc !== null) expect(zScore(cp, "cdd", tr.bc)).toBeLessThan(4);
    expect(Math.abs(cp.baseLoad - tr.b0) / cp.fit.stdErrors.intercept!).toBeLessThan(4);
    // Balance points are reported on the 0.1 °C refinement grid.
    for (const b of [cp.heatingBalanceC, cp.coolingBalanceC]) if (b !== null) expect(Math.abs(b * 10 - Math.round(b * 10))).toBeLessThan(1e-9);
    expect(cp.featureNames).toEqual([...(tr.th === null ? [] : ["hdd"]), ...(tr.tc === null ? [] : ["cdd"])]);
  });

  it("4P reports both slopes on degree-day columns sharing one balance point", () => {
    const cp = fitChangePoint(weatherSeries(365, model(TRUTHS[2]!), { seed: 3 }), "4p");
    expect(cp.heatingBalanceC).toBe(cp.coolingBalanceC);
    expect(cp.heatingSlope).toBeGreaterThan(0);
    expect(cp.coolingSlope).toBeGreaterThan(0);
  });
});

describe("selectChangePoint", () => {
  it.each(["3p_heating", "3p_cooling", "5p"] as const)("picks the true type for %s data", (type) => {
    const tr = TRUTHS.find((t) => t.type === type)!;
    const { best, candidates } = selectChangePoint(weatherSeries(365, model(tr), { seed: 5 }));
    expect(best?.type).toBe(type);
    expect(candidates.map((c) => c.type)).toEqual(["3p_heating", "3p_cooling", "4p", "5p"]);
    const chosen = candidates.find((c) => c.type === type)!;
    expect(chosen.physicallyValid).toBe(true);
    expect(chosen.reason).toMatch(/^selected/);
    for (const c of candidates) if (c.physicallyValid) expect(c.adjRSquared!).toBeLessThanOrEqual(chosen.adjRSquared!);
  });

  it("marks a fit whose heating slope is negative as physically invalid", () => {
    // Consumption *falls* as it gets colder below 15 °C: the unconstrained 3P heating
    // optimum has a negative slope, which the sign rule must reject.
    const data = weatherSeries(365, (t) => 80 - 2 * hdd(t, 15), { seed: 7 });
    const { best, candidates } = selectChangePoint(data);
    const heating = candidates.find((c) => c.type === "3p_heating")!;
    expect(heating.heatingSlope!).toBeLessThan(0);
    expect(heating.physicallyValid).toBe(false);
    expect(heating.reason).toMatch(/heating slope .* < 0/);
    expect(best?.type).not.toBe("3p_heating");
    if (best?.heatingSlope != null) expect(best.heatingSlope).toBeGreaterThanOrEqual(0);
  });

  it("marks a negative base load invalid", () => {
    const data = weatherSeries(365, (t) => -20 + 4 * hdd(t, 16), { seed: 8, sigma: 1 });
    const { candidates } = selectChangePoint(data, { types: ["3p_heating"] });
    expect(candidates[0]!.physicallyValid).toBe(false);
    expect(candidates[0]!.reason).toMatch(/base load -?\d.* < 0/);
  });

  it("returns no model when temperature has no significant effect", () => {
    const data = weatherSeries(365, () => 100, { seed: 21, sigma: 5 });
    const { best, candidates } = selectChangePoint(data);
    expect(best).toBeNull();
    for (const c of candidates) expect(c.physicallyValid).toBe(false);
    expect(candidates.some((c) => /not significant \(p = /.test(c.reason ?? ""))).toBe(true);
  });

  it("is deterministic", () => {
    const data = weatherSeries(365, model(TRUTHS[3]!), { seed: 9 });
    expect(selectChangePoint(data).candidates).toEqual(selectChangePoint(data).candidates);
  });
});

describe("extra drivers", () => {
  it("recovers the production coefficient alongside the heating slope", () => {
    const u = mulberry32(99);
    const production = Array.from({ length: 365 }, () => 100 + 100 * u());
    const data = weatherSeries(365, (t, i) => 20 + 2.5 * hdd(t, 15) + 0.5 * production[i]!, { seed: 12 });
    const input = { ...data, extra: { names: ["production"], X: production.map((p) => [p]) } };
    const cp = fitChangePoint(input, "3p_heating");
    expect(cp.featureNames).toEqual(["hdd", "production"]);
    expect(Math.abs(cp.heatingBalanceC! - 15)).toBeLessThanOrEqual(0.5);
    expect(zScore(cp, "production", 0.5)).toBeLessThan(4);
    expect(zScore(cp, "hdd", 2.5)).toBeLessThan(4);
    expect(selectChangePoint(input).best?.type).toBe("3p_heating");
  });

  it("the fast grid SSE equals fitOls' SSE at the same balance points", () => {
    const u = mulberry32(4);
    const production = Array.from({ length: 200 }, () => 1000 + 500 * u());
    const data = weatherSeries(200, (t, i) => 10 + 2 * hdd(t, 14) + 3 * cdd(t, 22) + 0.01 * production[i]!, { seed: 4 });
    const input = { ...data, extra: { names: ["production"], X: production.map((p) => [p]) } };
    const prep = prepare(input);
    for (const [th, tc] of [[12.3, 22.1], [15, 15], [9.5, null], [null, 19.7]] as const) {
      const X = data.temperature.map((t, i) => [
        ...(th === null ? [] : [hdd(t, th)]),
        ...(tc === null ? [] : [cdd(t, tc)]),
        production[i]!,
      ]);
      const names = [...(th === null ? [] : ["hdd"]), ...(tc === null ? [] : ["cdd"]), "production"];
      const ols = fitOls(X, data.y, names);
      const fast = sseAt(prep, th === null ? null : th - prep.tMean, tc === null ? null : tc - prep.tMean);
      expect(fast).toBeCloseTo(ols.stats.sse, 6);
    }
  });
});

describe("input checks", () => {
  it("rejects a temperature range too narrow to locate a balance point", () => {
    const data = weatherSeries(365, (t) => 40 + 2 * hdd(t, 20), { seed: 2 });
    const narrow = { y: data.y, temperature: data.temperature.map((_, i) => 19.5 + (i % 10) * 0.15) };
    for (const run of [() => fitChangePoint(narrow, "3p_heating"), () => selectChangePoint(narrow)]) {
      expect(run).toThrow(RegressionError);
      expect(run).toThrow(/too narrow/);
      try {
        run();
      } catch (e) {
        expect((e as RegressionError).code).toBe("invalid_input");
      }
    }
  });

  it("rejects data with no admissible balance point in the search range", () => {
    const hot = { y: Array.from({ length: 100 }, (_, i) => 50 + i), temperature: Array.from({ length: 100 }, (_, i) => 35 + i * 0.1) };
    expect(() => fitChangePoint(hot, "3p_cooling")).toThrow(/No balance point between -1.1 °C and 32.2 °C/);
    // Widening the search range as the message suggests makes it fit.
    expect(fitChangePoint(hot, "3p_cooling", { maxC: 45 }).coolingBalanceC).not.toBeNull();
  });

  it("rejects mismatched lengths, non-finite values and reserved names", () => {
    expect(() => fitChangePoint({ y: [1, 2, 3], temperature: [1, 2] }, "4p")).toThrow(/temperature has 2 values/);
    const data = weatherSeries(50, () => 1, { seed: 1 });
    expect(() => fitChangePoint({ ...data, y: data.y.map((v, i) => (i === 3 ? Number.NaN : v)) }, "4p")).toThrow(/y\[3\]/);
    const extra = { names: ["hdd"], X: data.y.map(() => [1]) };
    expect(() => fitChangePoint({ ...data, extra }, "4p")).toThrow(/reserved/);
  });
});

describe("performance", () => {
  it("selects over 8760 hourly points quickly and recovers the 5P balance points", () => {
    const data = weatherSeries(8760, model(TRUTHS[3]!), { seed: 13, perDay: 24 });
    selectChangePoint(weatherSeries(365, model(TRUTHS[3]!), { seed: 1 })); // warm up the JIT
    const t0 = performance.now();
    const { best } = selectChangePoint(data);
    const ms = performance.now() - t0;
    expect(best?.type).toBe("5p");
    expect(Math.abs(best!.heatingBalanceC! - 13)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(best!.coolingBalanceC! - 21)).toBeLessThanOrEqual(0.5);
    // Generous bound (measured ~60–170 ms): catches an accidental O(n · grid²) loop, not jitter.
    expect(ms).toBeLessThan(3000);
  });
});

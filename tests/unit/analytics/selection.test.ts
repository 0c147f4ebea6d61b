/** Stepwise driver selection on seeded synthetic data and a hand-checkable case. */
import { describe, expect, it } from "vitest";
import { RegressionError } from "@/lib/analytics/regression";
import { stepwiseSelect, type SelectionInput } from "@/lib/analytics/selection";
import { mulberry32, normal } from "./synthetic";

/** y = 5 + 2a + 3b + N(0, 1); c pure noise, d = a + small noise, e constant. */
function scenario(seed: number, n = 300): SelectionInput {
  const u = mulberry32(seed);
  const z = normal(u);
  const a = Array.from({ length: n }, () => 20 * u()); // wider than b, so a explains more
  const b = Array.from({ length: n }, () => 10 * u());
  const c = Array.from({ length: n }, () => z());
  const d = a.map((v) => v + 0.5 * z());
  const e = Array.from({ length: n }, () => 7);
  const y = a.map((v, i) => 5 + 2 * v + 3 * b[i]! + z());
  return { y, candidates: Object.entries({ a, b, c, d, e }).map(([name, values]) => ({ name, values })) };
}

describe("stepwiseSelect on y = 5 + 2a + 3b + noise", () => {
  const input = scenario(1);
  const result = stepwiseSelect(input);
  const report = (name: string) => result.candidates.find((c) => c.name === name)!;

  it("selects a and b, most important first", () => {
    expect(result.selected).toEqual(["a", "b"]);
    expect(result.steps.map((s) => `${s.action} ${s.name}`)).toEqual(["add a", "add b"]);
    expect(result.final?.names).toEqual(["a", "b"]);
    expect(result.final!.coefficients[0]).toBeCloseTo(2, 1);
    expect(result.final!.coefficients[1]).toBeCloseTo(3, 1);
    expect(result.final!.intercept).toBeCloseTo(5, 0);
  });

  it("reports each rejected candidate with its reason", () => {
    expect(report("c").selected).toBe(false);
    expect(report("c").pValue!).toBeGreaterThan(0.1);
    expect(report("c").reason).toMatch(/^dropped: p = 0\.\d+ > 0\.05 when added to \[a, b\]$/);
    expect(report("d").selected).toBe(false);
    expect(report("d").vif!).toBeGreaterThan(10);
    expect(report("d").reason).toMatch(/^dropped: collinear with a \(VIF \d+/);
    expect(report("e")).toMatchObject({ selected: false, pValue: null, vif: null, deltaRSquared: 0, reason: "dropped: constant" });
  });

  it("measures contributions against the final set", () => {
    // a alone explains about 4·var(a) / var(y) ≈ 0.65 of the variance.
    expect(report("a").deltaRSquared).toBeGreaterThan(0.5);
    expect(report("b").deltaRSquared).toBeGreaterThan(0.2);
    expect(report("a").deltaRSquared).toBeGreaterThan(report("b").deltaRSquared);
    expect(report("c").deltaRSquared).toBeGreaterThanOrEqual(0);
    expect(report("c").deltaRSquared).toBeLessThan(0.001);
    expect(report("c").deltaAdjRSquared).toBeLessThan(0.001);
    expect(report("a").vif).toBeCloseTo(1, 1);
    expect(report("a").reason).toMatch(/^kept: p = /);
  });

  it("ranks selected drivers first, then by how close the rest came, unfittable last", () => {
    expect(result.candidates.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(result.candidates.slice(0, 2).map((c) => c.name)).toEqual(["a", "b"]);
    expect(result.candidates.at(-1)!.name).toBe("e");
    const rest = result.candidates.slice(2, 4).map((c) => c.pValue!);
    expect(rest[0]).toBeLessThanOrEqual(rest[1]!);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(stepwiseSelect(scenario(1)))).toBe(JSON.stringify(result));
  });
});

describe("hand-checkable case", () => {
  // y on x: slope Sxy/Sxx = 19.9/10 = 1.99, intercept 0.05, SSE = 0.107, SST = 39.708,
  // R² = 1 − 0.107/39.708, se(slope) = sqrt(0.107/3/10), t = 33.32.
  // z = [7, −8, −4, 4, 1] is orthogonal to 1, x and those residuals: it adds exactly nothing.
  const x = [1, 2, 3, 4, 5];
  const y = [2.1, 3.9, 6.2, 7.8, 10.1];
  const z = [7, -8, -4, 4, 1];
  const result = stepwiseSelect({ y, candidates: [{ name: "z", values: z }, { name: "x", values: x }, { name: "k", values: [2, 2, 2, 2, 2] }] });
  const r2 = 1 - 0.107 / 39.708;

  it("selects x with the textbook numbers", () => {
    expect(result.selected).toEqual(["x"]);
    expect(result.final!.coefficients[0]).toBeCloseTo(1.99, 12);
    expect(result.final!.intercept).toBeCloseTo(0.05, 12);
    expect(result.final!.tValues.drivers[0]).toBeCloseTo(1.99 / Math.sqrt(0.107 / 30), 9);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]!.adjRSquared).toBeCloseTo(1 - ((1 - r2) * 4) / 3, 12);
    const rx = result.candidates[0]!;
    expect(rx).toMatchObject({ name: "x", selected: true, rank: 1, vif: 1 });
    expect(rx.deltaRSquared).toBeCloseTo(r2, 12); // removing x leaves the intercept-only model
  });

  it("reports z as adding nothing: p = 1, ΔR² = 0, VIF 1, Δadj-R² = −(1 − R²)(4/2 − 4/3)", () => {
    const rz = result.candidates.find((c) => c.name === "z")!;
    expect(rz.pValue).toBeCloseTo(1, 9);
    expect(rz.deltaRSquared).toBeCloseTo(0, 12);
    expect(rz.vif).toBeCloseTo(1, 12);
    expect(rz.deltaAdjRSquared).toBeCloseTo(-(1 - r2) * (2 - 4 / 3), 12);
    expect(rz.reason).toBe("dropped: p = 1.000 > 0.05 when added to [x]");
    expect(result.candidates.find((c) => c.name === "k")!.reason).toBe("dropped: constant");
  });
});

describe("backward removal, limits and errors", () => {
  it("removes a driver made redundant by later additions", () => {
    // s = x1 + x2 + noise correlates best with y = x1 + x2 + noise, so it enters first;
    // once x1 and x2 are both in, s carries no information and must leave.
    const u = mulberry32(7);
    const z = normal(u);
    const x1 = Array.from({ length: 400 }, () => z());
    const x2 = Array.from({ length: 400 }, () => z());
    const s = x1.map((v, i) => v + x2[i]! + 0.7 * z());
    const y = x1.map((v, i) => v + x2[i]! + 0.3 * z());
    const r = stepwiseSelect({ y, candidates: [{ name: "x1", values: x1 }, { name: "x2", values: x2 }, { name: "s", values: s }] });
    expect(r.steps[0]).toMatchObject({ action: "add", name: "s" });
    expect(r.steps.at(-1)).toMatchObject({ action: "remove", name: "s" });
    expect(r.steps.at(-1)!.pValue).toBeGreaterThan(0.1);
    expect([...r.selected].sort()).toEqual(["x1", "x2"]);
    expect(r.candidates.find((c) => c.name === "s")!.reason).toMatch(/^dropped: p = .* when added to \[x1, x2\]$/);
  });

  it("reports exact duplicates as collinear instead of crashing", () => {
    const input = scenario(2, 100);
    const a = input.candidates[0]!.values;
    const r = stepwiseSelect({ y: input.y, candidates: [...input.candidates, { name: "a2", values: a.map((v) => 2 * v) }] });
    expect(r.selected).toEqual(["a", "b"]);
    expect(r.candidates.find((c) => c.name === "a2")!.reason).toMatch(/^dropped: exactly collinear with a/);
  });

  it("honours maxDrivers and says so", () => {
    const r = stepwiseSelect(scenario(1), { maxDrivers: 1 });
    expect(r.selected).toEqual(["a"]);
    expect(r.candidates.find((c) => c.name === "b")!.reason).toBe("not added: maxDrivers (1) reached");
  });

  it("selects nothing when nothing helps", () => {
    const u = mulberry32(3);
    const r = stepwiseSelect({ y: Array.from({ length: 50 }, () => u()), candidates: [{ name: "k", values: Array.from({ length: 50 }, () => 1) }] });
    expect(r.selected).toEqual([]);
    expect(r.final).toBeNull();
    expect(r.candidates[0]!.reason).toBe("dropped: constant");
  });

  it("rejects malformed input and inconsistent thresholds", () => {
    expect(() => stepwiseSelect({ y: [1, 2, 3], candidates: [{ name: "a", values: [1, 2] }] })).toThrow(RegressionError);
    expect(() => stepwiseSelect({ y: [1, 2, 3], candidates: [{ name: "a", values: [1, 2, 3] }, { name: "a", values: [3, 1, 2] }] })).toThrow(/Duplicate/);
    expect(() => stepwiseSelect(scenario(1, 30), { pEnter: 0.2, pRemove: 0.1 })).toThrow(/pEnter ≤ pRemove/);
  });
});

describe("screening of forward candidates", () => {
  it("gives each candidate's |t|, p and adjusted R² as the full fit does", async () => {
    const { screenCandidates } = await import("@/lib/analytics/selection/screen");
    const { fitOls } = await import("@/lib/analytics/regression");
    const input = scenario(5, 400);
    const columns = input.candidates.map((c) => c.values);
    // Current model [a]; candidates b, c, d (e is constant: skipped as explained by the intercept).
    const screened = screenCandidates(input.y, columns, [0], [1, 2, 3, 4]);
    expect(screened.map((s) => s.index).sort()).toEqual([1, 2, 3]);
    for (const s of screened) {
      const fit = fitOls(input.y.map((_, i) => [columns[0]![i]!, columns[s.index]![i]!]), input.y, ["a", "x"]);
      expect(s.t).toBeCloseTo(Math.abs(fit.tValues.drivers[1]!), 6);
      expect(Math.abs(s.p - fit.pValues.drivers[1]!)).toBeLessThan(1e-9);
      expect(s.adjRSquared).toBeCloseTo(fit.stats.adjRSquared, 12);
    }
    expect(screened[0]!.index).toBe(1);
  });
});

describe("stepwiseSelect with the sign rule (nonNegative)", () => {
  // y = 5 + 3·hdd − 1.5·cdd + N(0, 0.5²): a "cooling" term that lowers energy is unphysical.
  const u = mulberry32(11);
  const z = normal(u);
  const n = 400;
  const hdd = Array.from({ length: n }, () => 10 * u());
  const cdd = Array.from({ length: n }, () => 6 * u());
  const y = hdd.map((h, i) => 5 + 3 * h - 1.5 * cdd[i]! + 0.5 * z());
  const input = { y, candidates: [{ name: "hdd", values: hdd }, { name: "cdd", values: cdd }] };

  it("without the rule selects the negative cooling term (what suggest used to propose)", () => {
    const free = stepwiseSelect(input);
    expect([...free.selected].sort()).toEqual(["cdd", "hdd"]);
    expect(free.final!.coefficients[free.final!.names.indexOf("cdd")]).toBeCloseTo(-1.5, 1);
  });

  it("with the rule never adds it, and says why in the report", () => {
    const ruled = stepwiseSelect(input, { nonNegative: { hdd: "energy should rise with heating degree-days", cdd: "energy should rise with cooling degree-days" } });
    expect(ruled.selected).toEqual(["hdd"]);
    expect(ruled.steps.map((s) => `${s.action} ${s.name}`)).toEqual(["add hdd"]);
    const c = ruled.candidates.find((x) => x.name === "cdd")!;
    expect(c.selected).toBe(false);
    expect(c.reason).toMatch(/^dropped: coefficient -1\.\d+ < 0 when added to \[hdd\], but energy should rise with cooling degree-days$/);
  });

  it("keeps a signed driver out when, beside the selected ones, its coefficient is negative", () => {
    // y = 2x − hdd with x = hdd + 2·cdd: x enters; beside it hdd's own effect is −1.
    const x = hdd.map((h, i) => h + 2 * cdd[i]!);
    const y2 = x.map((v, i) => 2 * v - 1 * hdd[i]! + 0.3 * z());
    const ruled = stepwiseSelect({ y: y2, candidates: [{ name: "hdd", values: hdd }, { name: "x", values: x }] }, { nonNegative: { hdd: "energy should rise with heating degree-days" } });
    expect(ruled.selected).toEqual(["x"]);
    expect(ruled.candidates.find((c) => c.name === "hdd")!.reason).toMatch(/^dropped: coefficient -(0\.99\d|1\.0\d) < 0 when added to \[x\], but energy should rise with heating degree-days$/);
  });
});

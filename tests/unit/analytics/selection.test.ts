import { describe, expect, it } from "vitest";
import { stepwiseSelect } from "@/lib/analytics/selection";
import { mulberry32, normal as gaussian } from "./synthetic";

function dataset(seed: number, n = 300) {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const a = Array.from({ length: n }, () => rand() * 10);
  const b = Array.from({ length: n }, () => rand() * 5);
  const c = Array.from({ length: n }, () => normal());
  const d = a.map((v) => v + 1e-3 * normal());
  const e = Array.from({ length: n }, () => 4);
  const y = a.map((v, i) => 5 + 2 * v + 3 * b[i]! + normal());
  return { y, candidates: [{ name: "c", values: c }, { name: "a", values: a }, { name: "d", values: d }, { name: "b", values: b }, { name: "e", values: e }] };
}

describe("stepwise driver selection", () => {
  it("selects the true drivers, by importance, and says why each other candidate was dropped", () => {
    const r = stepwiseSelect(dataset(1));
    expect(r.selected).toEqual(["a", "b"]);
    const byName = Object.fromEntries(r.candidates.map((c) => [c.name, c]));
    expect(byName.e!.reason).toContain("constant");
    expect(byName.d!.reason).toMatch(/collinear/);
    expect(byName.c!.selected).toBe(false);
    expect(byName.c!.reason).toMatch(/dropped: p = .* ≥ 0.05|adjusted R² gain/);
    expect(byName.a!.deltaRSquared).toBeGreaterThan(0.5);
    expect(r.candidates.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(r.final?.stats.rSquared).toBeGreaterThan(0.95);
    expect(r.steps[0]).toMatchObject({ action: "add", name: "a" });
  });

  it("is deterministic", () => {
    expect(stepwiseSelect(dataset(3))).toEqual(stepwiseSelect(dataset(3)));
  });

  it("selects nothing when no candidate explains y", () => {
    const rand = mulberry32(9);
    const normal = gaussian(rand);
    const y = Array.from({ length: 200 }, () => normal());
    const r = stepwiseSelect({ y, candidates: [{ name: "noise", values: y.map(() => normal()) }] });
    expect(r.selected).toEqual([]);
    expect(r.final).toBeNull();
    expect(r.candidates[0]!.reason).toMatch(/^dropped/);
  });
});

// Planned drivers as known at an origin, and plan attainment, on hand-made series with known answers.
import { describe, expect, it } from "vitest";
import { planAttainment, plannedAt, planIssueAt, type PlannedSeries } from "@/lib/forecast/plans";

const H = 3_600_000;
const T = Date.UTC(2025, 5, 2);

describe("planned drivers", () => {
  it("plannedAt takes the latest issue at or before the origin and nothing published after it", () => {
    const s: PlannedSeries = new Map([[T, [[T - 100 * H, 30], [T - 10 * H, 20], [T + H, 99]]]]);
    expect(plannedAt(s, T, T - 200 * H)).toBeNaN();
    expect(plannedAt(s, T, T - 100 * H)).toBe(30);
    expect(plannedAt(s, T, T - 11 * H)).toBe(30);
    expect(plannedAt(s, T, T - 10 * H)).toBe(20);
    expect(plannedAt(s, T, T)).toBe(20);
    expect(plannedAt(s, T, T + H)).toBe(99);
    expect(planIssueAt(s, T, T)).toBe(T - 10 * H);
    expect(plannedAt(s, T + H, T)).toBeNaN(); // no plan for that hour
    expect(plannedAt(undefined, T, T)).toBeNaN();
  });

  it("plan attainment is Σ metered ÷ Σ planned over the 4 weeks before the origin, as the plan was known then", () => {
    const origin = T + 6 * 7 * 24 * H;
    const plan: PlannedSeries = new Map();
    const metered = { start: T, values: new Float64Array(6 * 7 * 24) };
    for (let i = 0; i < metered.values.length; i++) {
      const t = T + i * H;
      plan.set(t, [[t - 7 * 24 * H, 10]]);
      metered.values[i] = i < 2 * 7 * 24 ? 100 : 8; // the first two weeks lie outside the window
    }
    expect(planAttainment(plan, metered, origin)).toEqual({ ratio: 0.8, hours: 4 * 7 * 24 });
    // A revision published after the origin is not part of what was known there.
    plan.get(origin - H)!.push([origin + H, 1000]);
    expect(planAttainment(plan, metered, origin).ratio).toBeCloseTo(0.8, 12);
    // Too few hours with both: the plan is used unscaled.
    expect(planAttainment(plan, metered, T + 20 * H)).toEqual({ ratio: 1, hours: 20 });
  });
});

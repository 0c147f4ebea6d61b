import { describe, expect, it } from "vitest";
import { area, curveStepAfter, line } from "victory-vendor/d3-shape";
import { stepAfterClosed } from "@/components/charts/step-curve";

// Points at their buckets' starts, 10 px apart, as recharts hands them to the explorer's energy area.
const pts = [
  { x: 0, y: 10 },
  { x: 10, y: 20 },
  { x: 20, y: 30 },
];

describe("the explorer's step curve", () => {
  it("plain stepAfter gives the last bucket no width (the bug)", () => {
    const d = area<{ x: number; y: number }>().x((p) => p.x).y1((p) => p.y).y0(0).curve(curveStepAfter)(pts)!;
    expect(d).toBe("M0,10L10,10L10,20L20,20L20,30L20,0L20,0L10,0L10,0L0,0Z");
  });

  it("draws the last bucket of an area as wide as the one before it, and closes the base under it", () => {
    const d = area<{ x: number; y: number }>().x((p) => p.x).y1((p) => p.y).y0(0).curve(stepAfterClosed)(pts)!;
    expect(d).toBe("M0,10L10,10L10,20L20,20L20,30L30,30L30,0L20,0L20,0L10,0L10,0L0,0Z");
  });

  it("does the same for every run of an area split by a missing bucket, and for a line", () => {
    const withGap = [...pts, { x: 30, y: Number.NaN }, { x: 40, y: 5 }, { x: 50, y: 6 }];
    const d = area<{ x: number; y: number }>().x((p) => p.x).y1((p) => p.y).y0(0).defined((p) => Number.isFinite(p.y)).curve(stepAfterClosed)(withGap)!;
    expect(d).toBe("M0,10L10,10L10,20L20,20L20,30L30,30L30,0L20,0L20,0L10,0L10,0L0,0ZM40,5L50,5L50,6L60,6L60,0L50,0L50,0L40,0Z");
    const l = line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y).curve(stepAfterClosed)(pts)!;
    expect(l).toBe("M0,10L10,10L10,20L20,20L20,30L30,30");
  });
});

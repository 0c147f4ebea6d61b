import { describe, expect, it } from "vitest";
import { fillShortGaps } from "@/lib/analytics/drivers/gaps";

describe("fillShortGaps", () => {
  it("interpolates runs up to the limit between values on both sides, by hand", () => {
    const v = [10, NaN, NaN, 16, NaN, 20];
    expect(fillShortGaps(v, 2)).toBe(3);
    expect(v).toEqual([10, 12, 14, 16, 18, 20]);
  });
  it("leaves runs longer than the limit, and runs at either end, missing", () => {
    const v = [NaN, 1, NaN, NaN, NaN, 5, NaN];
    expect(fillShortGaps(v, 2)).toBe(0);
    expect(v.map((x) => (Number.isNaN(x) ? null : x))).toEqual([null, 1, null, null, null, 5, null]);
  });
});

import { describe, expect, it } from "vitest";
import { partialBucketStart, partialCell } from "@/lib/dashboard/partial";

const H = 3_600_000;

describe("partialBucketStart (the bucket still filling)", () => {
  const starts = [0, H, 2 * H, 3 * H];
  it("is the bucket that holds now", () => {
    expect(partialBucketStart(starts, 4 * H, 3 * H + 20 * 60_000)).toBe(3 * H);
    expect(partialBucketStart(starts, 4 * H, H + 1)).toBe(H);
  });
  it("is none when every bucket has ended, or now is before them all", () => {
    expect(partialBucketStart(starts, 4 * H, 4 * H)).toBeNull();
    expect(partialBucketStart(starts, 4 * H, -1)).toBeNull();
    expect(partialBucketStart([], 4 * H, H)).toBeNull();
  });
  it("ends the last bucket at its width when the range runs on past it (no readings yet after now)", () => {
    expect(partialBucketStart([0, H], 24 * H, H + 30 * 60_000, H)).toBe(H);
    expect(partialBucketStart([0, H], 24 * H, 5 * H, H)).toBeNull();
  });
  it("marks the CSV row of that bucket", () => {
    expect([0, H].map((t) => partialCell(t, H))).toEqual(["", "yes"]);
  });
});

import { describe, expect, it } from "vitest";
import { bucketEnd, partialBucket, partialBucketStart, partialCell } from "@/lib/dashboard/partial";

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

describe("partialBucket at the studio's granularities (plant time)", () => {
  const tz = "Europe/Berlin";
  // 2024-10-27 is a 25-hour day in Berlin: midnight is 2024-10-26T22:00Z, the next 2024-10-27T23:00Z.
  const dstDay = Date.UTC(2024, 9, 26, 22);
  it("ends a day at the next plant midnight, 25 hours on at the autumn DST change", () => {
    expect(bucketEnd(dstDay, "daily", tz)).toBe(Date.UTC(2024, 9, 27, 23));
    expect(bucketEnd(dstDay, "hourly", tz)).toBe(dstDay + H);
    expect(bucketEnd(dstDay, "15min", tz)).toBe(dstDay + 15 * 60_000);
    // 2024-10-28 (Monday) midnight CET is 2024-10-27T23:00Z; a week on is 2024-11-03T23:00Z.
    expect(bucketEnd(Date.UTC(2024, 9, 27, 23), "weekly", tz)).toBe(Date.UTC(2024, 10, 3, 23));
    // December 2024 starts 2024-11-30T23:00Z and ends 2024-12-31T23:00Z (January, CET).
    expect(bucketEnd(Date.UTC(2024, 10, 30, 23), "monthly", tz)).toBe(Date.UTC(2024, 11, 31, 23));
  });
  it("is the day holding now, 24.5 hours into a 25-hour day", () => {
    const starts = [dstDay - 24 * H, dstDay];
    expect(partialBucket(starts, dstDay + 72 * H, dstDay + 24.5 * H, "daily", tz)).toEqual({ start: dstDay, end: Date.UTC(2024, 9, 27, 23) });
  });
  it("is none once the last day has ended, even when the range runs on with no readings", () => {
    const starts = [dstDay - 24 * H, dstDay];
    expect(partialBucket(starts, dstDay + 72 * H, dstDay + 25.5 * H, "daily", tz)).toBeNull();
  });
  it("clips the bucket to the range's end", () => {
    expect(partialBucket([0, H], H + 30 * 60_000, H + 10 * 60_000, "hourly", tz)).toEqual({ start: H, end: H + 30 * 60_000 });
  });
});

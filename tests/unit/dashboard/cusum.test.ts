import { describe, expect, it } from "vitest";
import { cusum, stretch, type DeviationBucket } from "@/lib/dashboard/cusum";

const H = 3_600_000;
/** Ten buckets on target, then ten using 5 kWh more than expected each. */
const buckets: DeviationBucket[] = Array.from({ length: 20 }, (_, i) => {
  const expected = 100;
  const actual = i < 10 ? 100 : 105;
  return { t: i * H, actual, expected, deviation: actual - expected };
});

describe("CUSUM stretches", () => {
  it("sums the deviations", () => {
    const c = cusum(buckets);
    expect(c[9]).toBe(0);
    expect(c[19]).toBe(50);
  });

  it("gives a stretch's totals (positive savings = saved, negative = cost) in either order", () => {
    const s = stretch(buckets, 15, 5)!;
    expect(s).toMatchObject({ first: 5, last: 15, buckets: 11, actual_kwh: 5 * 100 + 6 * 105, expected_kwh: 1100, savings_kwh: -30, from: 5 * H, to: 15 * H });
  });

  it("finds where performance changed: the first bucket of the excess", () => {
    expect(stretch(buckets, 0, 19)!.change_at).toBe(10 * H);
    expect(stretch(buckets, 4, 17)!.change_at).toBe(10 * H);
  });

  it("finds a saving that starts mid-stretch, and nothing for a constant rate or a short stretch", () => {
    const saving = buckets.map((b, i) => ({ ...b, actual: i < 7 ? 100 : 90, deviation: i < 7 ? 0 : -10 }));
    expect(stretch(saving, 0, 19)!.change_at).toBe(7 * H);
    expect(stretch(saving, 0, 19)!.savings_kwh).toBe(130);
    const steady = buckets.map((b) => ({ ...b, actual: 103, deviation: 3 }));
    expect(stretch(steady, 0, 19)!.change_at).toBeNull();
    expect(stretch(buckets, 3, 4)!.change_at).toBeNull();
    expect(stretch([], 0, 1)).toBeNull();
  });
});

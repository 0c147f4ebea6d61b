import { describe, expect, it } from "vitest";
import { barTimeAxis } from "@/components/charts/time-axis";
import { formatTick } from "@/lib/time/plant-time";

const TZ = "Europe/Berlin";
const HOUR = 3_600_000;

describe("the time axis of bar charts (one bar per bucket, centred on its start)", () => {
  it("starts half a bucket before the first bucket and ends half a bucket before the period's end, so no bar is cut and none is missing", () => {
    const from = Date.parse("2026-11-23T23:00:00Z"); // Tue 24 Nov, 00:00 in Berlin
    const starts = Array.from({ length: 7 }, (_, i) => from + i * 24 * HOUR);
    const to = from + 7 * 24 * HOUR;
    const { half, axis } = barTimeAxis(from, to, starts, TZ, 7);
    expect(half).toBe(12 * HOUR);
    expect(axis.domain).toEqual([from - 12 * HOUR, to - 12 * HOUR]);
    // Every bar [start − half, start + half] lies inside the domain.
    for (const t of starts) expect(t - half >= axis.domain[0] && t + half <= axis.domain[1]).toBe(true);
    // Ticks under the bars only: no "Tue 1 Dec" at the end, where no bucket is.
    expect(axis.ticks.map((t) => formatTick(t, "day", TZ))).not.toContain("Tue 1 Dec");
    expect(axis.ticks[0]).toBe(from);
  });

  it("takes the shortest step between buckets (a 23-hour spring day, months of 28–31 days) and the whole period for one bucket", () => {
    const a = Date.parse("2026-03-28T23:00:00Z");
    const b = Date.parse("2026-03-29T22:00:00Z"); // after a 23-hour day
    const c = b + 24 * HOUR;
    expect(barTimeAxis(a, c + 24 * HOUR, [a, b, c], TZ).half).toBe(11.5 * HOUR);
    expect(barTimeAxis(a, a + 24 * HOUR, [a], TZ).half).toBe(12 * HOUR);
  });

  it("reaches a bucket that starts in the period and ends after it: 1-week buckets over Tue–Mon give the week of the last Monday, which must be drawn", () => {
    const from = Date.parse("2026-11-23T23:00:00Z"); // Tue 24 Nov
    const to = from + 7 * 24 * HOUR; // Tue 1 Dec
    const monday = Date.parse("2026-11-29T23:00:00Z"); // Mon 30 Nov, the only weekly bucket
    const week = 7 * 24 * HOUR;
    const { half, axis } = barTimeAxis(from, to, [monday], TZ, 7, week);
    expect(half).toBe(week / 2);
    expect(monday - half >= axis.domain[0] && monday + half <= axis.domain[1]).toBe(true);
    // Its bar is named by its own start, not by day ticks beside it.
    expect(axis.ticks).toEqual([monday]);
  });
});


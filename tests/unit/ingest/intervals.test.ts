import { describe, expect, it } from "vitest";
import { intervalEnd, intervalLengthS, intervalName, intervalStart, medianSpacingS, sampleIntervals } from "@/lib/ingest/intervals";

const BERLIN = "Europe/Berlin";
const iso = (ms: number) => new Date(ms).toISOString();

describe("reading intervals", () => {
  it("fixed intervals are their seconds, whatever the zone and the day", () => {
    const t = Date.parse("2026-10-25T00:45:00Z"); // 02:45 summer time, inside the repeated hour's first pass
    expect(intervalEnd(t, "15min", BERLIN) - t).toBe(900_000);
    expect(intervalStart(t, "1hour", BERLIN)).toBe(t - 3_600_000);
    expect(intervalLengthS(t, "1min", "UTC")).toBe(60);
    expect(sampleIntervals).toEqual(["1min", "5min", "10min", "15min", "30min", "1hour", "1day"]);
  });

  it("a day is the local calendar day: 24 h, 23 h on the spring change, 25 h on the autumn change", () => {
    const midnight = (date: string) => Date.parse(`${date}T00:00:00+01:00`);
    expect(intervalLengthS(midnight("2026-01-15"), "1day", BERLIN)).toBe(86_400);
    // 2026-03-29: clocks jump 02:00 → 03:00; the day starts at +01:00 and ends at +02:00.
    expect(iso(intervalEnd(midnight("2026-03-29"), "1day", BERLIN))).toBe("2026-03-29T22:00:00.000Z");
    expect(intervalLengthS(midnight("2026-03-29"), "1day", BERLIN)).toBe(82_800);
    // 2026-10-25: clocks fall back 03:00 → 02:00; the day starts at +02:00.
    const autumn = Date.parse("2026-10-25T00:00:00+02:00");
    expect(iso(intervalEnd(autumn, "1day", BERLIN))).toBe("2026-10-25T23:00:00.000Z");
    expect(intervalLengthS(autumn, "1day", BERLIN)).toBe(90_000);
  });

  it("the start of a day that ends at a local midnight is the midnight before, across both changes", () => {
    expect(iso(intervalStart(Date.parse("2026-03-29T22:00:00Z"), "1day", BERLIN))).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(intervalStart(Date.parse("2026-10-25T23:00:00Z"), "1day", BERLIN))).toBe("2026-10-24T22:00:00.000Z");
    expect(iso(intervalStart(Date.parse("2026-06-02T00:00:00Z"), "1day", "UTC"))).toBe("2026-06-01T00:00:00.000Z");
  });

  it("a day starting at a wall time the spring change skips ends at the hour the clock shows instead", () => {
    // Daily reads at 02:30: on 2026-03-29 there is no 02:30, so the day from 03-28 02:30 ends at 03:30 summer time.
    const start = Date.parse("2026-03-28T02:30:00+01:00");
    expect(iso(intervalEnd(start, "1day", BERLIN))).toBe("2026-03-29T01:30:00.000Z");
  });

  it("the median spacing ignores repeats and order, and needs two distinct instants", () => {
    const t = Date.parse("2026-06-01T00:00:00Z");
    expect(medianSpacingS([t + 1_800_000, t, t + 900_000, t + 900_000, t + 2_700_000, t + 7_200_000])).toBe(900);
    expect(medianSpacingS([t])).toBeNull();
    expect(medianSpacingS([t, t])).toBeNull();
    expect(intervalName(900)).toBe("15min");
    expect(intervalName(86_400)).toBeNull();
  });
});

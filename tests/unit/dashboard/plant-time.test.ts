import { describe, expect, it } from "vitest";
import { addPlantDays, defaultRange, formatCalendarDate, formatTick, fromDateInput, offsetMinutes, plantTicks, startOfPlantDay, toPlantIso, zonedParts, zonedToUtc } from "@/lib/time/plant-time";

const BERLIN = "Europe/Berlin";
const ms = (iso: string) => Date.parse(iso);

describe("plant time (Intl, the site's zone)", () => {
  it("reads the wall clock and offset of Berlin in winter and summer", () => {
    expect(zonedParts(ms("2026-01-15T23:30:00Z"), BERLIN)).toMatchObject({ year: 2026, month: 1, day: 16, hour: 0, minute: 30, weekday: 4 });
    expect(offsetMinutes(ms("2026-01-15T12:00:00Z"), BERLIN)).toBe(60);
    expect(offsetMinutes(ms("2026-07-15T12:00:00Z"), BERLIN)).toBe(120);
    expect(offsetMinutes(ms("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
  });

  it("finds plant midnights, across both DST changes", () => {
    expect(new Date(zonedToUtc(2026, 3, 29, 0, BERLIN)).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(new Date(zonedToUtc(2026, 3, 30, 0, BERLIN)).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(new Date(startOfPlantDay(ms("2026-10-25T12:00:00Z"), BERLIN)).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(new Date(addPlantDays(ms("2026-10-24T22:00:00Z"), 1, BERLIN)).toISOString()).toBe("2026-10-25T23:00:00.000Z");
    // 02:30 on the autumn change happens twice: its first occurrence; on the spring change it is skipped: moved forward.
    expect(new Date(zonedToUtc(2026, 10, 25, 2, BERLIN, 30)).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(zonedToUtc(2026, 3, 29, 2, BERLIN, 30)).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("puts day ticks on plant-local midnights, not UTC or the browser's", () => {
    const from = ms("2026-03-24T23:00:00Z");
    const to = ms("2026-03-31T22:00:00Z");
    const ticks = plantTicks(from, to, BERLIN);
    expect(ticks.unit).toBe("day");
    expect(ticks.values.map((t) => new Date(t).toISOString())).toEqual([
      "2026-03-24T23:00:00.000Z",
      "2026-03-25T23:00:00.000Z",
      "2026-03-26T23:00:00.000Z",
      "2026-03-27T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
      "2026-03-30T22:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
    ]);
    for (const t of ticks.values) expect(zonedParts(t, BERLIN)).toMatchObject({ hour: 0, minute: 0 });
    expect(formatTick(ticks.values[0]!, "day", BERLIN)).toBe("Wed 25 Mar");
  });

  it("uses hour ticks for a day and weekly Monday ticks for a quarter", () => {
    const day = plantTicks(ms("2026-01-14T23:00:00Z"), ms("2026-01-15T23:00:00Z"), BERLIN);
    expect(day.unit).toBe("hour");
    expect(day.values.map((t) => zonedParts(t, BERLIN).hour)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 0]);
    expect(formatTick(day.values[1]!, "hour", BERLIN)).toBe("03:00");
    const quarter = plantTicks(ms("2026-01-01T00:00:00Z"), ms("2026-04-01T00:00:00Z"), BERLIN);
    expect(quarter.values.length).toBeLessThanOrEqual(8);
    for (const t of quarter.values) expect(zonedParts(t, BERLIN)).toMatchObject({ hour: 0, weekday: 0 });
  });

  it("gives India's half-hour zone its own midnights", () => {
    const ticks = plantTicks(ms("2026-01-01T00:00:00Z"), ms("2026-01-05T00:00:00Z"), "Asia/Kolkata");
    expect(new Date(ticks.values[0]!).toISOString()).toBe("2026-01-01T18:30:00.000Z");
  });

  it("writes URL instants with the plant's offset and reads date inputs as plant midnights", () => {
    expect(toPlantIso(ms("2026-11-22T23:00:00Z"), BERLIN)).toBe("2026-11-23T00:00:00+01:00");
    expect(toPlantIso(ms("2026-07-01T03:30:00Z"), "America/New_York")).toBe("2026-06-30T23:30:00-04:00");
    expect(fromDateInput("2026-11-23", BERLIN)).toBe(ms("2026-11-22T23:00:00Z"));
    expect(fromDateInput("23.11.2026", BERLIN)).toBeNull();
    const r = defaultRange(ms("2026-11-30T16:00:00Z"), 7, BERLIN);
    expect([toPlantIso(r.from, BERLIN), toPlantIso(r.to, BERLIN)]).toEqual(["2026-11-24T00:00:00+01:00", "2026-12-01T00:00:00+01:00"]);
  });
});

describe("page ranges from the URL", () => {
  it("takes start_date and end_date when they form a range, else the last whole plant days", async () => {
    const { resolveRange, rangeParams } = await import("@/lib/dashboard/range");
    expect(resolveRange("2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00", 7, BERLIN)).toEqual({ from: ms("2026-11-22T23:00:00Z"), to: ms("2026-11-23T23:00:00Z"), isDefault: false });
    const fallback = resolveRange("2026-11-24", "2026-11-23", 7, BERLIN, ms("2026-11-30T16:00:00Z"));
    expect(fallback).toEqual({ from: ms("2026-11-23T23:00:00Z"), to: ms("2026-11-30T23:00:00Z"), isDefault: true });
    expect(rangeParams(fallback.from, fallback.to, BERLIN)).toEqual({ start_date: "2026-11-24T00:00:00+01:00", end_date: "2026-12-01T00:00:00+01:00" });
  });
});

describe("formatCalendarDate", () => {
  it("writes a local date as the app does elsewhere, with no time zone shift", () => {
    expect(formatCalendarDate("2026-11-25")).toBe("25 Nov");
    expect(formatCalendarDate("2026-01-05", true)).toBe("5 Jan 2026");
    expect(formatCalendarDate("2026-12-31", true)).toBe("31 Dec 2026");
  });
  it("throws on anything that is not YYYY-MM-DD", () => {
    expect(() => formatCalendarDate("11-25")).toThrow(/YYYY-MM-DD/);
    expect(() => formatCalendarDate("2026-13-01")).toThrow(/YYYY-MM-DD/);
  });
});

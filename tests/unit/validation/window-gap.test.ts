import { describe, expect, it } from "vitest";
import { isoInstant, nonexistentWallTime, placeWindow, resolveWindow } from "@/lib/validation/dates";
import { AppError } from "@/lib/errors";

// A local start time that the spring change skips (02:30 on 29 March 2026 in Berlin) used to fail
// with "start_date must be before end_date" although 02:30 is before 03:15 as written: it is read
// as 03:30 summer time. The error must say the time does not exist in the zone, and why.

const local = (s: string) => isoInstant("x").parse(s);
const H = 3_600_000;

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("a local time in the spring gap", () => {
  it("is named with the clock change that skips it", () => {
    expect(nonexistentWallTime(local("2026-03-29T02:30"), "Europe/Berlin")).toBe("2026-03-29 02:30 does not exist in Europe/Berlin: that night the clocks go forward from 02:00 to 03:00");
    expect(nonexistentWallTime(local("2026-03-08T02:15"), "America/New_York")).toBe("2026-03-08 02:15 does not exist in America/New_York: that night the clocks go forward from 02:00 to 03:00");
    expect(nonexistentWallTime(local("2026-03-29T03:30"), "Europe/Berlin")).toBeNull();
    expect(nonexistentWallTime(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBeNull();
  });

  it("as a start at or after the end gives that reason, naming the field", () => {
    const e = errorOf(() => resolveWindow(local("2026-03-29T02:30"), local("2026-03-29T03:15"), "Europe/Berlin", H / 4));
    expect(e.message).toContain("start_date 2026-03-29 02:30 does not exist in Europe/Berlin: that night the clocks go forward from 02:00 to 03:00");
    expect(e.message).not.toContain("must be before");
    const series = errorOf(() => placeWindow(local("2026-03-29T02:45"), local("2026-03-29T03:10"), "Europe/Berlin", ["from", "to"]));
    expect(series.message).toMatch(/^from 2026-03-29 02:45 does not exist in Europe\/Berlin/);
  });

  it("still moves forward where the window stays non-empty, and an ordinary reversed window keeps its message", () => {
    const w = placeWindow(local("2026-03-29T02:30"), local("2026-03-29T06:00"), "Europe/Berlin");
    expect(w.start.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(errorOf(() => placeWindow(local("2026-03-30"), local("2026-03-29"), "Europe/Berlin")).message).toBe("start_date must be before end_date");
  });
});

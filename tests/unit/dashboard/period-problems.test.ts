import { describe, expect, it } from "vitest";
import { dateRangeProblem, resolvePeriod, urlPeriodNote } from "@/lib/dashboard/period";

const TZ = "Europe/Berlin";

describe("a period that cannot be used is said, not silently replaced", () => {
  it("a URL with start on or after end: the page shows the default and says so", () => {
    expect(resolvePeriod("2026-10-26", "2026-10-20", 7, TZ).isDefault).toBe(true);
    expect(urlPeriodNote("2026-10-26", "2026-10-20", 7, TZ)).toBe("The link's period starts on or after its end (start_date 2026-10-26, end_date 2026-10-20): showing the default period, the last 7 complete days.");
    expect(urlPeriodNote("2026-10-20", "2026-10-20", 7, TZ)).toMatch(/starts on or after its end/);
    // An instant with an offset against a plant date: 2026-10-20T00:00+02:00 is the plant's midnight of 20 Oct.
    expect(urlPeriodNote("2026-10-20T00:00:00+02:00", "2026-10-20", 7, TZ)).toMatch(/starts on or after its end/);
    expect(urlPeriodNote("yesterday", "2026-10-20", 7, TZ)).toBe('The link\'s start_date "yesterday" is not a date: showing the default period, the last 7 complete days.');
    expect(urlPeriodNote("2026-10-20", null, 7, TZ)).toBe("The link's end_date is missing: showing the default period, the last 7 complete days.");
  });

  it("no note for a usable period or none at all", () => {
    expect(urlPeriodNote(null, null, 7, TZ)).toBeNull();
    expect(urlPeriodNote("2026-10-20", "2026-10-26", 7, TZ)).toBeNull();
  });

  it("date fields: To before From is named at the field just changed; one day (To = From) is a range", () => {
    expect(dateRangeProblem("2026-11-24", "2026-11-20", "to")).toBe("To must be on or after From (2026-11-24)");
    expect(dateRangeProblem("2026-11-24", "2026-11-20", "from")).toBe("From must be on or before To (2026-11-20)");
    expect(dateRangeProblem("2026-11-24", "2026-11-24", "to")).toBeNull();
    expect(dateRangeProblem("2026-11-24", "", "to")).toBe("To must be a date");
  });
});

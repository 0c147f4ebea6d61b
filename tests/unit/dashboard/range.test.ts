import { describe, expect, it } from "vitest";
import { parseUrlInstant, resolveRange, urlPeriodLabel } from "@/lib/dashboard/range";

const BERLIN = "Europe/Berlin";

describe("URL dates without an offset are the plant's wall clock", () => {
  it("reads a date as the plant's midnight (CET +01:00 in winter, CEST +02:00 in summer)", () => {
    expect(parseUrlInstant("2024-01-01", BERLIN)).toBe(Date.UTC(2023, 11, 31, 23));
    expect(parseUrlInstant("2024-07-01", BERLIN)).toBe(Date.UTC(2024, 5, 30, 22));
  });
  it("reads a date and time without offset as plant time, seconds included", () => {
    expect(parseUrlInstant("2024-07-01T06:30", BERLIN)).toBe(Date.UTC(2024, 6, 1, 4, 30));
    expect(parseUrlInstant("2024-07-01T06:30:15", BERLIN)).toBe(Date.UTC(2024, 6, 1, 4, 30, 15));
  });
  it("takes an instant with Z or an offset as it is, and rejects what is not a date", () => {
    expect(parseUrlInstant("2024-01-01T00:00:00Z", BERLIN)).toBe(Date.UTC(2024, 0, 1));
    expect(parseUrlInstant("2024-01-01T00:00:00+01:00", BERLIN)).toBe(Date.UTC(2023, 11, 31, 23));
    expect(parseUrlInstant("yesterday", BERLIN)).toBeNaN();
    expect(parseUrlInstant(null, BERLIN)).toBeNaN();
  });
  it("a link with plain dates gives the plant's whole days (a year: 366 days in 2024)", () => {
    const r = resolveRange("2024-01-01", "2025-01-01", 7, BERLIN);
    expect(r).toEqual({ from: Date.UTC(2023, 11, 31, 23), to: Date.UTC(2024, 11, 31, 23), isDefault: false });
    expect((r.to - r.from) / 86_400_000).toBe(366);
  });
});

// The navigation bar read the URL with Date.parse: `end_date=2026-11-30` became UTC midnight, 01:00
// in Berlin, and the bar said "23 Nov 2026 – 30 Nov 2026" over a page showing 23–29 Nov (west of
// UTC the first day slipped back instead).
describe("the navigation bar's period from the URL", () => {
  it("names the plant dates the page shows, the end exclusive", () => {
    expect(urlPeriodLabel("2026-11-23", "2026-11-30", BERLIN)).toBe("23 Nov 2026 – 29 Nov 2026");
    expect(urlPeriodLabel("2026-11-20T00:00:00+01:00", "2026-12-01T00:00:00+01:00", BERLIN)).toBe("20 Nov 2026 – 30 Nov 2026");
    expect(urlPeriodLabel("2026-11-23", "2026-11-30", "America/Los_Angeles")).toBe("23 Nov 2026 – 29 Nov 2026");
    expect(urlPeriodLabel("2026-10-25", "2026-10-26", BERLIN)).toBe("25 Oct 2026 – 25 Oct 2026");
  });
  it("is null without a valid range (the page's default applies)", () => {
    expect(urlPeriodLabel(null, null, BERLIN)).toBeNull();
    expect(urlPeriodLabel("2026-11-30", "2026-11-23", BERLIN)).toBeNull();
    expect(urlPeriodLabel("garbage", "2026-11-23", BERLIN)).toBeNull();
  });
});

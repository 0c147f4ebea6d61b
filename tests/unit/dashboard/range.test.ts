import { describe, expect, it } from "vitest";
import { parseUrlInstant, resolveRange } from "@/lib/dashboard/range";

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

import { describe, expect, it } from "vitest";
import { isoUtc } from "@/lib/timeseries/iso";
import { mulberry32 } from "../regression/helpers";

describe("isoUtc", () => {
  it("formats exactly as Date#toISOString, across days, years, leap days and before 1970", () => {
    const u = mulberry32(11);
    const cases = [0, -1000, -86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(2025, 11, 31, 23, 0), Date.UTC(2026, 0, 1), 1.5, 999, Date.UTC(2025, 2, 30, 1, 0, 0, 250)];
    for (let i = 0; i < 5000; i++) cases.push(Math.round((u() - 0.2) * 4e12 / 1000) * 1000);
    for (let i = 0; i < 500; i++) cases.push(Math.round(u() * 4e12));
    for (const ms of cases) expect(isoUtc(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it("formats a run of hourly buckets in order", () => {
    const start = Date.UTC(2025, 9, 25);
    const got = Array.from({ length: 72 }, (_, i) => isoUtc(start + i * 3_600_000));
    expect(got).toEqual(Array.from({ length: 72 }, (_, i) => new Date(start + i * 3_600_000).toISOString()));
    expect([...got].sort()).toEqual(got);
  });
});

import { describe, expect, it } from "vitest";
import { axisTick, fmt, fmtFixed, repeatedHourOffset } from "@/lib/dashboard/format";

describe("numbers in table columns", () => {
  it("fmtFixed keeps the decimals a column shows (76.0 beside 77.7), with thousands separators", () => {
    expect(fmt(76, 1)).toBe("76");
    expect(fmtFixed(76, 1)).toBe("76.0");
    expect(fmtFixed(77.66, 1)).toBe("77.7");
    expect(fmtFixed(12345.6789, 3)).toBe("12,345.679");
    expect(fmtFixed(null, 1)).toBe("—");
    expect(fmtFixed(Number.NaN, 1)).toBe("—");
  });
});

describe("value-axis ticks", () => {
  it("show the tick's value, not one rounded into its neighbour (0, 0, 0, 1, 1 for a small machine's kWh; 0.03 for 0.025 kWh per unit)", () => {
    expect([0, 0.25, 0.5, 0.75, 1].map(axisTick)).toEqual(["0", "0.25", "0.5", "0.75", "1"]);
    expect([0, 0.025, 0.05, 0.075, 0.1].map(axisTick)).toEqual(["0", "0.025", "0.05", "0.075", "0.1"]);
    expect(axisTick(0.1 + 0.2)).toBe("0.3");
    expect([0, 2000, 8000, 12_500].map(axisTick)).toEqual(["0", "2,000", "8,000", "12,500"]);
    expect(axisTick(-2.5)).toBe("-2.5");
    expect(axisTick(Number.NaN)).toBe("—");
  });
});

describe("the repeated hour's offset", () => {
  const Z = (s: string) => Date.parse(s);
  it("marks both 02:xx of Berlin's autumn change (CEST +02:00, then CET +01:00) and nothing else", () => {
    expect(repeatedHourOffset(Z("2026-10-25T00:30:00Z"), "Europe/Berlin")).toBe("+02:00");
    expect(repeatedHourOffset(Z("2026-10-25T01:30:00Z"), "Europe/Berlin")).toBe("+01:00");
    expect(repeatedHourOffset(Z("2026-10-24T23:45:00Z"), "Europe/Berlin")).toBeNull(); // 01:45 CEST, once
    expect(repeatedHourOffset(Z("2026-10-25T02:00:00Z"), "Europe/Berlin")).toBeNull(); // 03:00 CET, once
    expect(repeatedHourOffset(Z("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBeNull(); // spring: 03:30 CEST
    expect(repeatedHourOffset(Z("2026-11-01T05:30:00Z"), "America/New_York")).toBe("-04:00"); // 01:30 EDT
    expect(repeatedHourOffset(Z("2026-11-01T06:30:00Z"), "America/New_York")).toBe("-05:00"); // 01:30 EST
    expect(repeatedHourOffset(Z("2026-07-01T12:00:00Z"), "UTC")).toBeNull();
  });
});

/** Degree-day base search on synthetic data with known bases. */
import { describe, expect, it } from "vitest";
import { degreeDayColumn, fitDegreeDayBases, searchDegreeDayBases } from "@/lib/analytics/baseline/degree-days";
import { mulberry32, normal } from "./synthetic";

/** A year of hourly temperatures (seasonal + diurnal + weather) and a production driver. */
function hourly(seed: number) {
  const u = mulberry32(seed);
  const z = normal(u);
  const temps = Array.from({ length: 8760 }, (_, i) => 12 + 11 * Math.sin((2 * Math.PI * (i / 24 - 110)) / 365) + 4 * Math.sin((2 * Math.PI * (i % 24)) / 24) + 2 * z());
  const prod = temps.map(() => 100 * u());
  return { temps, prod, z };
}

describe("degree-day base search", () => {
  it("finds the heating base of hourly data with another driver, to 0.1 °C", () => {
    const { temps, prod, z } = hourly(1);
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const hdd = degreeDayColumn("hdd", 16.3, input);
    expect(hdd[0]).toBeCloseTo(Math.max(0, 16.3 - temps[0]!) / 24, 12);
    const y = hdd.map((h, i) => 5 + 48 * h + 0.03 * prod[i]! + 0.3 * z());
    const found = searchDegreeDayBases({ y, fixed: [prod], ...input, hdd: undefined, cdd: null }, { hdd: 15, cdd: 18 });
    expect(found.cdd).toBeNull();
    expect(Math.abs(found.hdd! - 16.3)).toBeLessThanOrEqual(0.1);
  });

  it("finds both bases of daily buckets built from hourly temperatures (one day with missing hours scaled)", () => {
    const { temps, z } = hourly(2);
    const days = Array.from({ length: 365 }, (_, d) => temps.slice(d * 24, d * 24 + 24));
    days[100] = days[100]!.slice(0, 22);
    const scales = days.map((ts) => 24 / ts.length);
    const input = { temperatures: days, scales, hoursPerRow: 1 };
    const y = degreeDayColumn("hdd", 13, input).map((h, i) => 40 + 30 * h + 45 * degreeDayColumn("cdd", 21, input)[i]! + 2 * z());
    const found = searchDegreeDayBases({ y, fixed: [], ...input, hdd: undefined, cdd: undefined }, { hdd: 15, cdd: 18 });
    expect(Math.abs(found.hdd! - 13)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(found.cdd! - 21)).toBeLessThanOrEqual(0.3);
  });

  it("keeps a given base, searches the other, and rewrites only the searched column", () => {
    const { temps, z } = hourly(3);
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const y = degreeDayColumn("cdd", 22.5, input).map((c, i) => 10 + 60 * c + 20 * degreeDayColumn("hdd", 14, input)[i]! + 0.2 * z());
    const frame = { y, X: { hdd: degreeDayColumn("hdd", 14, input), cdd: degreeDayColumn("cdd", 18, input) }, ...input };
    const before = [...frame.X.hdd];
    const bases = fitDegreeDayBases(frame, ["hdd", "cdd"], { hdd: 14 }, { hdd: 15, cdd: 18 });
    expect(bases.searched).toEqual(["cdd"]);
    expect(bases.hdd_base_c).toBe(14);
    expect(Math.abs(bases.cdd_base_c! - 22.5)).toBeLessThanOrEqual(0.1);
    expect(frame.X.hdd).toEqual(before);
    expect(frame.X.cdd).toEqual(degreeDayColumn("cdd", bases.cdd_base_c!, input));
  });

  it("leaves the default when no base has enough buckets on both sides", () => {
    const temps = Array.from({ length: 200 }, () => 40);
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const frame = { y: temps.map((_, i) => i % 7), X: { hdd: degreeDayColumn("hdd", 15, input) }, ...input };
    expect(fitDegreeDayBases(frame, ["hdd"], {}, { hdd: 15, cdd: 18 })).toEqual({ hdd_base_c: 15, cdd_base_c: null, searched: ["hdd"] });
  });
});

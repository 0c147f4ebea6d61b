/** Degree-day base search on synthetic data with known bases. */
import { describe, expect, it } from "vitest";
import { dayIndexOf, degreeDayColumn, degreeDaySufficiency, fitDegreeDayBases, searchDegreeDayBases } from "@/lib/analytics/baseline/degree-days";
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

  it("drops a searched term when no base gives the window any degree-days, saying why and citing CalTRACK", () => {
    const temps = Array.from({ length: 200 }, () => 40);
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const frame = { y: temps.map((_, i) => i % 7), X: { hdd: degreeDayColumn("hdd", 15, input) }, ...input };
    const bases = fitDegreeDayBases(frame, ["hdd"], {}, { hdd: 15, cdd: 18 });
    expect(bases).toMatchObject({ hdd_base_c: null, cdd_base_c: null, searched: ["hdd"] });
    expect(bases.dropped).toHaveLength(1);
    expect(bases.dropped[0]!.driver).toBe("hdd");
    expect(bases.dropped[0]!.reason).toMatch(/^dropped: at no heating base in -1…32 °C does the window hold enough hdd \(CalTRACK 2\.0 §3\.2\.2\.2 needs 20 °C·d\); the most, at -?\d+ °C: 0 °C·d$/);
  });

  it("keeps the default base when the window lies below every base (no base splits it) and it has degree-days enough", () => {
    const { z } = hourly(4);
    const temps = Array.from({ length: 24 * 30 }, () => -8 + 2 * z());
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const y = temps.map((t) => 10 + 2 * (15 - t) + 0.1 * z());
    const frame = { y, X: { hdd: degreeDayColumn("hdd", 15, input) }, ...input };
    expect(fitDegreeDayBases(frame, ["hdd"], {}, { hdd: 15, cdd: 18 })).toEqual({ hdd_base_c: 15, cdd_base_c: null, searched: ["hdd"], dropped: [] });
  });

  it("counts degree-days and days with non-zero degree-days as CalTRACK 2.0 §3.2.2.2 requires (10 days, 20 °C·d per year)", () => {
    // 12 days of hourly data; days 0–8 at 10 °C (5 °C·d each below a 15 °C base), the rest at 20 °C.
    const times = Array.from({ length: 12 * 24 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString());
    const temps = times.map((_, i) => (i < 9 * 24 ? 10 : 20));
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1, dayIndex: dayIndexOf(times, "hourly", "UTC") };
    const nine = degreeDaySufficiency("hdd", 15, input);
    expect(nine).toMatchObject({ days: 9, requiredDays: 10, requiredDegreeDays: 20, sufficient: false });
    expect(nine.degreeDays).toBeCloseTo(45, 9);
    // One more cold day: 10 days, 50 °C·d.
    const ten = degreeDaySufficiency("hdd", 15, { ...input, temperatures: temps.map((t, i) => [i < 10 * 24 ? 10 : t]) });
    expect(ten).toMatchObject({ days: 10, sufficient: true });
    expect(ten.degreeDays).toBeCloseTo(50, 9);
    // Weekly and coarser buckets (no day index): only the total counts, as CalTRACK for billing data.
    expect(degreeDaySufficiency("hdd", 15, { ...input, dayIndex: undefined })).toMatchObject({ days: null, requiredDays: null, sufficient: true });
    // Two years of data need twice as much.
    const twoYears = { temperatures: Array.from({ length: 730 }, () => [14.95]), scales: Array.from({ length: 730 }, () => 24), hoursPerRow: 1 };
    expect(degreeDaySufficiency("hdd", 15, twoYears)).toMatchObject({ requiredDegreeDays: 40, sufficient: false });
  });

  it("drops a given base whose window holds too few degree-days, with the numbers", () => {
    const times = Array.from({ length: 20 * 24 }, (_, i) => new Date(Date.UTC(2025, 6, 1) + i * 3_600_000).toISOString());
    const temps = times.map((_, i) => (i % 24 === 14 ? 25 : 17)); // one hour a day above 18 °C
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const frame = { y: temps.map((t) => 5 + 0.1 * t), X: { cdd: degreeDayColumn("cdd", 18, input) }, times, ...input };
    const bases = fitDegreeDayBases(frame, ["cdd"], { cdd: 18 }, { hdd: 15, cdd: 18 }, { granularity: "hourly", timeZone: "UTC" });
    expect(bases.cdd_base_c).toBeNull();
    // 20 days × 7/24 °C·d = 5.83 °C·d on 20 days.
    expect(bases.dropped).toEqual([{ driver: "cdd", reason: "dropped: at the cooling base 18 °C the window holds 20 days with non-zero degree-days and 5.8 °C·d; CalTRACK 2.0 §3.2.2.2 needs at least 10 days with non-zero degree-days and 20 °C·d" }]);
  });

  it("never chooses a base at which the term's coefficient is negative: a heating-only load drops its searched cooling term", () => {
    // Energy falls with temperature all the way up (a heating base of 24 °C, above any cooling base
    // the search may try beside it): an unconstrained cdd would take a negative slope.
    const { temps, z } = hourly(5);
    const input = { temperatures: temps.map((t) => [t]), scales: temps.map(() => 1), hoursPerRow: 1 };
    const y = degreeDayColumn("hdd", 24, input).map((h) => 20 + 120 * h + 0.5 * z());
    const found = searchDegreeDayBases({ y, fixed: [], ...input, hdd: 14, cdd: undefined }, { hdd: 15, cdd: 18 });
    expect(found.cdd).toBeNull();
    expect(found.dropped.cdd).toBe("dropped: at every cooling base with enough degree-days the cdd coefficient is negative, but energy should rise with cooling degree-days (CalTRACK 2.0 §3.4.3.2 disqualifies such models)");
  });
});

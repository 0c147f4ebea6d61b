import { describe, expect, it } from "vitest";
import { factorsByHour, isFlat, periodHours, pricesByHourOfWeek, touProblems } from "@/lib/kpi/tariff";
import { kpiWindow } from "@/lib/kpi/buckets";
import { demandKw, monthsOf } from "@/lib/kpi/demand";
import { tariffSchema } from "@/lib/validation/kpi";

const night = { name: "night", days: "weekday" as const, start: "22:00", end: "06:00", price_per_kwh: 0.1 };
const day = { name: "day", days: "weekday" as const, start: "06:00", end: "22:00", price_per_kwh: 0.3 };
const weekend = { name: "weekend", days: "weekend" as const, start: "00:00", end: "24:00", price_per_kwh: 0.15 };
const tou = { currency: "EUR", flatPricePerKwh: null, touPeriods: [night, day, weekend], demandChargePerKwMonth: 0 };

describe("time-of-use tariffs", () => {
  it("a period across midnight covers its hours on each day of its kind (22:00–06:00: 22, 23 and 0–5)", () => {
    expect(periodHours(night)).toEqual([0, 1, 2, 3, 4, 5, 22, 23]);
    expect(periodHours(day)).toHaveLength(16);
    expect(periodHours(weekend)).toHaveLength(24);
  });

  it("prices by local hour of week: Friday 23:00 is a weekday night, Saturday 01:00 the weekend", () => {
    const p = pricesByHourOfWeek(tou);
    expect(p).toHaveLength(168);
    expect(p[4 * 24 + 23]).toBe(0.1); // Friday 23:00
    expect(p[5 * 24 + 1]).toBe(0.15); // Saturday 01:00
    expect(p[0 * 24 + 5]).toBe(0.1); // Monday 05:00
    expect(p[0 * 24 + 6]).toBe(0.3); // Monday 06:00
    // A week at 1 kWh an hour: 5 × (8 × 0.1 + 16 × 0.3) + 48 × 0.15 = 35.2.
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(35.2, 12);
    expect(isFlat(tou)).toBe(false);
    expect(isFlat({ ...tou, touPeriods: null, flatPricePerKwh: 0.2 })).toBe(true);
  });

  it("names overlapping periods and the hours no period covers", () => {
    expect(touProblems([night, day, weekend])).toEqual([]);
    const evening = { name: "evening", days: "all" as const, start: "18:00", end: "20:00" };
    const overlap = touProblems([night, day, weekend, evening]);
    expect(overlap.map((p) => p.message)).toEqual([
      'periods "day" and "evening" overlap at Monday 18:00–20:00, Tuesday 18:00–20:00, Wednesday 18:00–20:00, Thursday 18:00–20:00, Friday 18:00–20:00 (local time); each hour of the week must belong to exactly one period',
      'periods "weekend" and "evening" overlap at Saturday 18:00–20:00, Sunday 18:00–20:00 (local time); each hour of the week must belong to exactly one period',
    ]);
    expect(touProblems([night, weekend]).map((p) => p.message)).toEqual([
      "no period covers Monday 06:00–22:00, Tuesday 06:00–22:00, Wednesday 06:00–22:00, Thursday 06:00–22:00, Friday 06:00–22:00 (local time, 80 hours of the week); the periods must cover every hour",
    ]);
  });

  it("the settings schema rejects half hours, equal start and end, both tariff kinds, and accepts a whole day as 00:00–24:00", () => {
    const ok = tariffSchema.safeParse({ currency: "EUR", periods: [{ ...weekend, days: "all" }] });
    expect(ok.success).toBe(true);
    const issues = (b: unknown) => (tariffSchema.safeParse(b).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ currency: "EUR", periods: [{ ...weekend, days: "all", start: "00:30" }] })[0]).toContain("periods.0.start: start must be a whole local hour");
    expect(issues({ currency: "EUR", periods: [{ ...weekend, days: "all", start: "06:00", end: "06:00" }] })[0]).toContain("periods.0.end: start and end must differ");
    expect(issues({ currency: "EUR", flat_price_per_kwh: 0.2, periods: [weekend] })[0]).toContain("flat_price_per_kwh: give either");
    expect(issues({ currency: "euro", flat_price_per_kwh: 0.2 })[0]).toContain("currency: currency must be an ISO 4217 code");
    expect(issues({ currency: "EUR", flat_price_per_kwh: -1 })[0]).toContain("must not be negative");
  });

  it("grid factors by local hour: 24 values, or the flat one at every hour", () => {
    expect(factorsByHour({ kgCo2PerKwh: 0.4, hourlyKgCo2PerKwh: null, source: null })).toEqual(new Array(24).fill(0.4));
    const hourly = Array.from({ length: 24 }, (_, h) => h / 100);
    expect(factorsByHour({ kgCo2PerKwh: 0.4, hourlyKgCo2PerKwh: hourly, source: null })).toEqual(hourly);
  });
});

describe("KPI buckets and demand months", () => {
  it("daily buckets of a Berlin period over the autumn change: whole local days, the 25-hour one included", () => {
    const w = kpiWindow(Date.parse("2025-10-25T22:00:00Z") - 3_600_000 * 24, Date.parse("2025-10-27T23:00:00Z"), "daily", "Europe/Berlin", true);
    expect(w.starts.map((x) => new Date(x).toISOString())).toEqual(["2025-10-24T22:00:00.000Z", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z"]);
    expect(w.ends[1]! - w.starts[1]!).toBe(25 * 3_600_000);
    expect(w.level).toBe("1hour");
  });

  it("a period is snapped inwards to whole hours; zones with :30 offsets read quarter hours", () => {
    const w = kpiWindow(Date.parse("2025-01-01T10:20:00Z"), Date.parse("2025-01-01T15:10:00Z"), "period", "Europe/Berlin", true);
    expect([w.starts[0], w.ends[0]].map((x) => new Date(x!).toISOString())).toEqual(["2025-01-01T11:00:00.000Z", "2025-01-01T15:00:00.000Z"]);
    expect(kpiWindow(0, 86_400_000, "period", "Asia/Kolkata", false).level).toBe("15min");
  });

  it("demand months are the local months a window touches, each with its share inside the window", () => {
    const w = kpiWindow(Date.parse("2025-01-16T23:00:00Z"), Date.parse("2025-02-14T23:00:00Z"), "daily", "Europe/Berlin", true);
    const m = monthsOf(w);
    expect(m.map((x) => new Date(x.month).toISOString())).toEqual(["2024-12-31T23:00:00.000Z", "2025-01-31T23:00:00.000Z"]);
    expect(m[0]!.fraction).toBeCloseTo(15 / 31, 12);
    expect(m[1]!.fraction).toBeCloseTo(14 / 28, 12);
    // A demand interval's kW: its kWh × 4.
    expect(demandKw(2.5)).toBe(10);
  });
});

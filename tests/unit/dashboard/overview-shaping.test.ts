import { describe, expect, it } from "vitest";
import { changeTone, completeDays, periodChange, previousPeriod } from "@/lib/dashboard/period";
import { paretoRows, vitalFew } from "@/lib/dashboard/pareto";
import { byUrgency, dayCoverage, formatAge, freshnessSummary, meterFreshness } from "@/lib/dashboard/freshness";
import { hourOfDayProfile, profileRows } from "@/lib/dashboard/profile";
import { stackRows, topWithOther } from "@/lib/dashboard/stack";

const TZ = "Europe/Berlin";
const HOUR = 3_600_000;

describe("periods", () => {
  it("takes the last complete plant days, ending at today's plant midnight", () => {
    // 2026-11-30 10:00 UTC is 11:00 in Berlin; today's midnight there is 2026-11-29 23:00 UTC.
    const p = completeDays(Date.UTC(2026, 10, 30, 10), 7, TZ);
    expect(new Date(p.to).toISOString()).toBe("2026-11-29T23:00:00.000Z");
    expect(new Date(p.from).toISOString()).toBe("2026-11-22T23:00:00.000Z");
  });

  it("steps a week holding the spring change back by seven plant days, not 167 hours", () => {
    // Mon 30 Mar 2026 00:00 Berlin (22:00 UTC on the 29th, CEST) to Mon 6 Apr; the week before holds Sun 29 Mar (23 h).
    const cur = { from: Date.UTC(2026, 2, 29, 22), to: Date.UTC(2026, 3, 5, 22) };
    const prev = previousPeriod({ from: Date.UTC(2026, 2, 22, 23), to: cur.from }, TZ);
    expect(new Date(prev.from).toISOString()).toBe("2026-03-15T23:00:00.000Z");
    expect(new Date(prev.to).toISOString()).toBe("2026-03-22T23:00:00.000Z");
    // The DST week itself is 167 hours long; its predecessor starts 7 local days earlier.
    expect((cur.from - Date.UTC(2026, 2, 22, 23)) / HOUR).toBe(167);
    expect(previousPeriod(cur, TZ)).toEqual({ from: Date.UTC(2026, 2, 22, 23), to: cur.from });
  });

  it("steps a period that is not whole days back by its length", () => {
    const p = { from: Date.UTC(2026, 0, 5, 6, 30), to: Date.UTC(2026, 0, 5, 9) };
    expect(previousPeriod(p, TZ)).toEqual({ from: Date.UTC(2026, 0, 5, 4), to: p.from });
  });

  it("computes the change and its percentage against the previous figure", () => {
    expect(periodChange(110, 100)).toEqual({ delta: 10, pct: 10 });
    expect(periodChange(75, 100)).toEqual({ delta: -25, pct: -25 });
    expect(periodChange(-5, -10)).toEqual({ delta: 5, pct: 50 });
    expect(periodChange(3, 0)).toEqual({ delta: 3, pct: null });
    expect(periodChange(null, 10)).toBeNull();
    expect(periodChange(10, undefined)).toBeNull();
  });

  it("judges a fall as better for energy and a rise as better for load factor, small moves as neutral", () => {
    expect(changeTone(periodChange(90, 100), true)).toBe("better");
    expect(changeTone(periodChange(110, 100), true)).toBe("worse");
    expect(changeTone(periodChange(0.6, 0.5), false)).toBe("better");
    expect(changeTone(periodChange(100.4, 100), true)).toBe("neutral");
    expect(changeTone(null, true)).toBe("neutral");
  });
});

describe("Pareto of consumers", () => {
  it("orders by energy with shares and cumulative shares, leaving out machines without a figure", () => {
    const rows = paretoRows([
      { id: "a", name: "Pump", value: 100 },
      { id: "b", name: "Oven", value: 500 },
      { id: "c", name: "Compressor", value: 300 },
      { id: "d", name: "Chiller", value: 100 },
      { id: "e", name: "Unmetered", value: null },
    ]);
    expect(rows.map((r) => r.name)).toEqual(["Oven", "Compressor", "Chiller", "Pump"]);
    expect(rows.map((r) => r.share)).toEqual([0.5, 0.3, 0.1, 0.1]);
    expect(rows.map((r) => r.cumulative)).toEqual([0.5, 0.8, 0.9, 1]);
    expect(vitalFew(rows)).toBe(2);
    expect(vitalFew(rows, 0.95)).toBe(4);
  });

  it("is empty when nothing was consumed", () => {
    expect(paretoRows([{ id: "a", name: "A", value: 0 }])).toEqual([]);
    expect(paretoRows([])).toEqual([]);
  });
});

describe("meter freshness", () => {
  const now = Date.UTC(2026, 10, 30, 12);
  it("is live within two intervals and 15 minutes, late up to a day, silent beyond", () => {
    expect(meterFreshness(now - 16 * 60_000, 60, now)).toEqual({ status: "live", ageMs: 16 * 60_000 });
    expect(meterFreshness(now - 18 * 60_000, 60, now).status).toBe("late");
    expect(meterFreshness(now - 44 * 60_000, 900, now).status).toBe("live");
    expect(meterFreshness(now - 46 * 60_000, 900, now).status).toBe("late");
    expect(meterFreshness(now - 25 * HOUR, 60, now).status).toBe("silent");
    expect(meterFreshness(null, null, now)).toEqual({ status: "never", ageMs: null });
  });

  it("gives daily meters two days before calling them silent", () => {
    expect(meterFreshness(now - 60 * HOUR, 86_400, now).status).toBe("late");
    expect(meterFreshness(now - 73 * HOUR, 86_400, now).status).toBe("silent");
  });

  it("formats ages and puts silent meters first", () => {
    expect(formatAge(30_000)).toBe("< 1 min");
    expect(formatAge(5 * HOUR + 10 * 60_000)).toBe("5 h 10 min");
    expect(formatAge(52 * HOUR)).toBe("2 d 4 h");
    expect(formatAge(null)).toBe("no readings");
    const rows = [
      { name: "B", freshness: meterFreshness(now, 60, now) },
      { name: "A", freshness: meterFreshness(now - 48 * HOUR, 60, now) },
      { name: "C", freshness: meterFreshness(null, null, now) },
    ];
    expect(byUrgency(rows).map((r) => r.name)).toEqual(["A", "C", "B"]);
  });

  it("sums the meters up without calling a meter that never sent a reading 'reporting'", () => {
    expect(freshnessSummary(["live", "live"])).toBe("Every meter is reporting.");
    expect(freshnessSummary(["live", "never"])).toBe("1 of 2 meters has sent no readings yet; the others are reporting.");
    expect(freshnessSummary(["never", "never", "never"])).toBe("None of the 3 meters has sent a reading yet.");
    expect(freshnessSummary(["silent", "live", "live"])).toBe("1 of 3 meters is late or silent.");
    expect(freshnessSummary(["silent", "late", "live"])).toBe("2 of 3 meters are late or silent.");
    expect(freshnessSummary(["silent", "never", "never", "live"])).toBe("1 of 4 meters is late or silent; 2 have sent no readings yet.");
  });

  it("measures today's coverage against the part of the day that has passed", () => {
    const start = Date.UTC(2026, 10, 29, 23);
    const end = start + 24 * HOUR;
    expect(dayCoverage(6 * 3600, start, end, start + 12 * HOUR)).toBe(0.5);
    expect(dayCoverage(12 * 3600, start, end, end + HOUR)).toBe(0.5);
    expect(dayCoverage(null, start, end, end)).toBe(0);
    expect(dayCoverage(100, start, end, start - HOUR)).toBeNull();
  });
});

describe("load profile and stacks", () => {
  it("averages each plant hour over the days that have it", () => {
    // 23:00 UTC on 29 Nov is 00:00 in Berlin; 00:00 UTC is 01:00.
    const p = hourOfDayProfile(
      [
        { time: "2026-11-29T23:00:00Z", kwh: 10 },
        { time: "2026-11-30T23:00:00Z", kwh: 20 },
        { time: "2026-11-30T00:00:00Z", kwh: 5 },
        { time: "2026-12-01T00:00:00Z", kwh: null },
      ],
      TZ,
    );
    expect(p.kwh[0]).toBe(15);
    expect(p.kwh[1]).toBe(5);
    expect(p.samples.slice(0, 3)).toEqual([2, 1, 0]);
    expect(p.kwh[2]).toBeNull();
    expect(profileRows([{ key: "x", profile: p }])[0]).toEqual({ hour: 0, x: 15 });
  });

  it("stacks machines by bucket, keeping a missing reading apart from zero", () => {
    const rows = stackRows([
      { id: "a", points: [{ time: "2026-11-30T00:00:00Z", kwh: 2 }, { time: "2026-11-30T01:00:00Z", kwh: 0 }] },
      { id: "b", points: [{ time: "2026-11-30T01:00:00Z", kwh: 3 }] },
    ]);
    expect(rows).toEqual([
      { t: Date.parse("2026-11-30T00:00:00Z"), total: 2, a: 2, b: null },
      { t: Date.parse("2026-11-30T01:00:00Z"), total: 3, a: 0, b: 3 },
    ]);
  });

  it("keeps the largest consumers apart and groups the rest as other machines", () => {
    const m = [
      { id: "a", name: "A", kwh: 5 },
      { id: "b", name: "B", kwh: 50 },
      { id: "c", name: "C", kwh: 20 },
      { id: "d", name: "D", kwh: null },
    ];
    expect(topWithOther(m, 2)).toEqual({ shown: ["b", "c"], other: ["a"] });
    expect(topWithOther(m, 4)).toEqual({ shown: ["b", "c", "a"], other: [] });
  });

  it("gives a machine without a reading in the period neither a colour nor a place in the other band (a period with one metered machine listed five empty ones and '7 other machines')", () => {
    const m = [{ id: "x", name: "Hunt-Meter-1", kwh: 1277 }, ...["A", "B", "C", "D", "E", "F", "G"].map((n) => ({ id: n, name: n, kwh: null }))];
    expect(topWithOther(m, 6)).toEqual({ shown: ["x"], other: [] });
    expect(topWithOther([{ id: "z", name: "Z", kwh: 0 }, { id: "n", name: "N", kwh: null }], 6)).toEqual({ shown: ["z"], other: [] });
  });
});

describe("KPI cards", () => {
  const base = {
    total_energy_kwh: 1000,
    cost: null,
    currency: null,
    co2_kg: null,
    sec_kwh_per_unit: 0.5,
    peak_demand_kw: 200,
    peak_demand_at: "2026-11-27T05:30:00.000Z",
    load_factor: 0.5,
    enpi: null,
    enpi_form: "ratio" as const,
    savings_kwh: null,
    savings_pct: null,
    ratio_enpi_kwh_per_unit: 0.5,
    coverage: 1,
    absent: { cost: ["Boiler-1: no tariff is set", "Oven-1: no tariff is set"] },
  };
  it("gives each figure its change against the previous period and says why one is missing", async () => {
    const { kpiCards } = await import("@/lib/dashboard/kpi-cards");
    const cards = kpiCards({ ...base, total_energy_kwh: 900, load_factor: 0.6 }, base);
    const by = Object.fromEntries(cards.map((c) => [c.key, c]));
    expect(by.energy!.change).toEqual({ delta: -100, pct: -10 });
    expect(by.energy!.tone).toBe("better");
    expect(by.load_factor!.change!.pct).toBeCloseTo(20, 10);
    expect(by.load_factor!.tone).toBe("better");
    expect(by.cost!.value).toBeNull();
    expect(by.cost!.absent).toBe("no tariff is set (2 machines)");
    expect(by.enpi!.label).toMatch(/ratio/);
    expect(cards.map((c) => c.key)).toEqual(["energy", "cost", "co2", "sec", "peak_demand", "load_factor", "enpi"]);
  });

  it("uses the regression EnPI with its savings where baselines pass", async () => {
    const { kpiCards } = await import("@/lib/dashboard/kpi-cards");
    const cur = { ...base, enpi_form: "regression" as const, enpi: 0.95, savings_kwh: 50, savings_pct: 5 };
    const enpi = kpiCards(cur, { ...base, enpi_form: "regression" as const, enpi: 1 }).find((c) => c.key === "enpi")!;
    expect(enpi.value).toBe(0.95);
    expect(enpi.change!.pct).toBeCloseTo(-5, 10);
    expect(enpi.note).toBe("savings 50 kWh (5.0 % of expected) against the baselines");
  });

  it("warns of gaps in the previous period too, where a whole period is compared with a partial one", async () => {
    const { coverageNote } = await import("@/lib/dashboard/kpi-cards");
    expect(coverageNote({ coverage: 1 }, { coverage: 1 })).toBeNull();
    // A demo or meter started inside the previous period: 29 % of it metered, so +166 % energy says nothing.
    expect(coverageNote({ coverage: 1 }, { coverage: 0.2913 })).toBe("Readings cover 100.0 % of the period (29.1 % of the previous one): figures are what was metered, not scaled up.");
    expect(coverageNote({ coverage: 0.95 }, { coverage: 1 })).toBe("Readings cover 95.0 % of the period (100.0 % of the previous one): figures are what was metered, not scaled up.");
  });
});

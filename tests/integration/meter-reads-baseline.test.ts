import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { writeEnergy, writeTemperatures } from "../helpers/readings";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { AppError } from "@/lib/errors";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { localStarts } from "@/lib/timeseries/local";
import { deviationSchema, trainSchema } from "@/lib/validation/baseline";

// Baselines on the data many plants have: one meter read a day, or monthly utility bills with
// arbitrary dates. The truth: each local day uses (its hours ÷ 24) × (200 kWh + 15 kWh per
// heating degree-day), degree-days at base 15 °C from hourly temperatures. Days are Berlin days,
// so the 23- and 25-hour days of the clock changes are in it.

const TZ = "Europe/Berlin";
const DAILY = "d0000000-0000-0000-0000-000000000001";
const ALIGNED = "d0000000-0000-0000-0000-000000000002";
const SHIFTED = "d0000000-0000-0000-0000-000000000003";
const H = 3_600_000;
const FROM = Date.parse("2023-12-31T23:00:00Z"); // 2024-01-01 local
const TO = Date.parse("2025-12-31T23:00:00Z"); // 2026-01-01 local: two years
const temperature = (t: number) => 9 + 11 * Math.sin((2 * Math.PI * (t / 86_400_000 - 110)) / 365.25) + 4 * Math.sin((2 * Math.PI * ((t / H) % 24 - 9)) / 24);
const days = localStarts(FROM, TO + 1, "day", TZ);
/** Per local day [start, end): its true energy. */
const truth = days.slice(0, -1).map((start, i) => {
  const end = days[i + 1]!;
  let hdd = 0;
  for (let t = start; t < end; t += H) hdd += Math.max(0, 15 - temperature(t));
  const hours = (end - start) / H;
  return { start, end, kwh: (hours / 24) * (200 + 15 * (hdd / hours)) };
});

/** Bills over [bounds[i], bounds[i+1]) summing the true days they hold. */
function bills(bounds: number[]): [number, number, number][] {
  return bounds.slice(0, -1).map((a, i) => {
    const b = bounds[i + 1]!;
    const kwh = truth.filter((d) => d.start >= a && d.end <= b).reduce((s, d) => s + d.kwh, 0);
    return [a, kwh, (b - a) / 1000];
  });
}

describe.each(testTargets())("baselines on daily reads and monthly bills (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    for (const [id, name] of [[DAILY, "Daily reads"], [ALIGNED, "Bills, calendar months"], [SHIFTED, "Bills, 7th to 5th"]] as const) {
      await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, $3)`, [id, DEFAULT_SITE_ID, name]);
      const temps: [number, number][] = [];
      for (let x = FROM; x < TO; x += H) temps.push([x, temperature(x)]);
      await writeTemperatures(t.db, id, temps);
    }
    await writeEnergy(t.db, DAILY, truth.map((d) => [d.start, d.kwh, (d.end - d.start) / 1000]));
    await writeEnergy(t.db, ALIGNED, bills(localStarts(FROM, TO + 1, "month", TZ)));
    // Meter-read dates drift through the month: 7 Jan → 5 Feb → 6 Mar → 7 Apr …
    const shifted = localStarts(FROM, TO + 1, "month", TZ).map((m, i) => days[days.indexOf(m) + [6, 4, 5][i % 3]!]!).filter((x) => x !== undefined && x < TO);
    await writeEnergy(t.db, SHIFTED, bills(shifted));
  }, 300_000);
  afterAll(async () => t?.drop());

  const train = (machine_id: string, granularity: string, extra: Record<string, unknown> = {}) =>
    trainBaseline(t.db, trainSchema.parse({ machine_id, start_date: "2024-01-01", end_date: "2026-01-01", drivers: ["hdd"], hdd_base_c: 15, granularity, ...extra }));

  it("daily reads train a daily baseline that recovers 200 kWh/d and 15 kWh per °C·d exactly, clock-change days included", async () => {
    const { model } = await train(DAILY, "daily");
    const s = model.statistics as Record<string, number>;
    expect(model.trainingSamples).toBe(731);
    expect(model.intercept).toBeCloseTo(200, 8);
    expect((model.coefficients).hdd).toBeCloseTo(15, 9);
    expect(s.r_squared).toBeCloseTo(1, 12);
  });

  it("asking for hourly buckets on daily reads is a 400 that names the granularities that hold them", async () => {
    const error = await train(DAILY, "hourly").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toContain("daily, weekly, monthly");
  });

  it("the deviation of a 25-hour day is zero: its expected energy is the rate times 25/24 days", async () => {
    const { model } = await train(DAILY, "1day");
    const d = await computeDeviation(t.db, deviationSchema.parse({ model_id: model.id, start_date: "2025-10-25", end_date: "2025-10-28" }));
    expect(d.buckets.map((b) => b.time)).toEqual(["2025-10-24T22:00:00.000Z", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z"]);
    const long = truth.find((x) => x.start === Date.parse("2025-10-25T22:00:00Z"))!;
    expect(long.end - long.start).toBe(25 * H);
    expect(d.buckets[1]!.actual).toBeCloseTo(long.kwh, 9);
    for (const b of d.buckets) expect(Math.abs(b.deviation)).toBeLessThan(1e-6);
  });

  it.each([
    ["calendar months", ALIGNED, 24],
    ["7th-to-5th billing cycles", SHIFTED, 23],
  ])("bills on %s train at their billing periods exactly (CalTRACK billing: kWh/d on degree-days per day)", async (_, machine, periods) => {
    const { model } = await train(machine, "billing_period");
    expect(model.trainingSamples).toBe(periods);
    expect(model.intercept).toBeCloseTo(200, 7);
    expect((model.coefficients).hdd).toBeCloseTo(15, 8);
  });

  it("bills on calendar months train at monthly granularity without spreading (each bill is its month)", async () => {
    const f = await buildFrame(t.db, { machineId: ALIGNED, start: new Date(FROM), end: new Date(TO), granularity: "monthly", drivers: ["hdd"], timeZone: TZ, hddBaseC: 15 });
    expect(f.calendarised).toBeUndefined();
    expect(f.y).toHaveLength(24);
    const { model } = await train(ALIGNED, "monthly");
    expect((model.coefficients).hdd).toBeCloseTo(15, 8);
  });

  it("shifted bills are calendarised into months pro rata by days; the months at the edges they half cover are dropped", async () => {
    const f = await buildFrame(t.db, { machineId: SHIFTED, start: new Date(FROM), end: new Date(TO), granularity: "monthly", drivers: ["hdd"], timeZone: TZ, hddBaseC: 15 });
    expect(f.calendarised).toBe(true);
    expect(f.expectedBuckets).toBe(24);
    // January 2024 (bills start on the 7th) and December 2025 (the last bill ends on the 5th … 7th) lack coverage.
    expect(f.dropped.incomplete).toBe(2);
    expect(f.y).toHaveLength(22);
    // Pro-rata spreading smooths within a bill, so the recovered slope is close, not exact.
    const { model } = await train(SHIFTED, "monthly");
    expect((model.coefficients).hdd).toBeGreaterThan(14);
    expect((model.coefficients).hdd).toBeLessThan(16);
    expect(typeof (model.statistics as { meets_quality_threshold: unknown }).meets_quality_threshold).toBe("boolean");
  });

  it("daily and weekly buckets on bills are a 400: bills are never spread into days", async () => {
    for (const granularity of ["daily", "weekly"]) {
      const error = await train(SHIFTED, granularity).catch((e: unknown) => e);
      expect((error as AppError).status).toBe(400);
    }
  });
});

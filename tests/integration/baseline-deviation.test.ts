/**
 * Honest deviation reports on synthetic hourly rollups with known energy: buckets the model
 * cannot predict are dropped by their time with their metered kWh and reason, the rest reported;
 * buckets inside the training window are marked in_sample.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { rng } from "../helpers/fixtures";
import { normal } from "../unit/regression/helpers";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { POST as predictRoute } from "@/app/api/v1/baseline/predict/route";
import { calendarValues } from "@/lib/analytics/drivers/calendar";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { hourlyRollups, type HourRow } from "./synthetic-rollups";

const GAPPY = "d0000000-0000-0000-0000-000000000001";
const WEEKLY = "d0000000-0000-0000-0000-000000000002";
const T0 = Date.UTC(2025, 2, 3);
const H = 3_600_000;
const DAY = 24 * H;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);
/**
 * Reporting-window gaps of GAPPY: hours without temperature (10 in a row, too long to fill; 5 in
 * a row, filled by interpolation), hours without energy.
 */
const NO_TEMP = [...Array.from({ length: 10 }, (_, k) => at("2025-04-15T00:00:00Z") + k * H), ...Array.from({ length: 5 }, (_, k) => at("2025-04-20T06:00:00Z") + k * H)];
const NO_ENERGY = [at("2025-04-16T12:00:00Z"), at("2025-04-16T13:00:00Z"), ...Array.from({ length: 4 }, (_, k) => at("2025-04-25T08:00:00Z") + k * H)];
/** Hour of week (plant time) WEEKLY never reports in its training window. */
const HIDDEN_HOW = 150;

type Json = Record<string, unknown>;
type Deviation = {
  buckets: { time: string; in_sample: boolean; actual: number }[];
  unused_buckets: { time: string; energy_kwh: number; reason: string; detail: string }[];
  warnings: string[];
  units: { energy: string };
  totals: Record<string, number> & { in_sample: boolean; unused: { buckets: number; energy_kwh: number; by_reason: { reason: string; buckets: number; energy_kwh: number }[] } };
};

describe.each(rollupTableTargets())("deviation reports what it could not use (%s)", (target) => {
  let t: TestDatabase;
  const energyAt = new Map<number, number>();
  const train = async (b: Json) => (await body(await trainRoute(jsonRequest("/api/v1/baseline/train", b)))) as Json & { model_id: string };
  const deviation = async (model_id: string, from: number, to: number) => {
    const res = await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { model_id, start_date: iso(from), end_date: iso(to) }));
    expect(res.status).toBe(200);
    return (await body(res)) as unknown as Deviation;
  };
  const metered = (from: number, to: number) => [...energyAt].filter(([ms]) => ms >= from && ms < to).reduce((s, [, e]) => s + e, 0);

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    for (const [id, name] of [[GAPPY, "Gappy"], [WEEKLY, "Weekly"]] as const) {
      await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'boiler')`, [id, DEFAULT_SITE_ID, name]);
    }
    const z = normal(rng(3));
    const gappy: HourRow[] = [];
    const weekly: HourRow[] = [];
    for (let h = 0; h < 60 * 24; h++) {
      const ms = T0 + h * H;
      const temp = 12 + 6 * Math.sin((2 * Math.PI * h) / (24 * 20)) + 4 * Math.sin((2 * Math.PI * ((h % 24) - 9)) / 24) + z();
      const energy = 5 + 3 * Math.max(0, 18 - temp) + 0.3 * z();
      if (!NO_ENERGY.includes(ms)) energyAt.set(ms, energy);
      gappy.push({ ms, energy: NO_ENERGY.includes(ms) ? null : energy, temp: NO_TEMP.includes(ms) ? null : temp, production: 0, runningMinutes: 60 });
      const how = calendarValues(ms, "Europe/Berlin").hour_of_week;
      const shift = how % 24 >= 8 && how % 24 < 16 ? 20 : 4;
      const hidden = ms < T0 + 40 * DAY && how === HIDDEN_HOW;
      weekly.push({ ms, energy: hidden ? null : shift + 0.5 * Math.max(0, 15 - temp) + 0.2 * z(), temp, production: 0, runningMinutes: 60 });
    }
    await hourlyRollups(t.db, GAPPY, gappy);
    await hourlyRollups(t.db, WEEKLY, weekly);
  }, 120_000);
  afterAll(async () => t?.drop());

  it("marks buckets inside the training window in_sample, in the buckets, the totals and a warning", async () => {
    const m = await train({ machine_id: GAPPY, drivers: ["hdd"], hdd_base_c: 18, start_date: iso(T0), end_date: iso(T0 + 40 * DAY) });
    const overlap = await deviation(m.model_id, T0 + 30 * DAY, T0 + 38 * DAY);
    expect(overlap.buckets.every((b) => b.in_sample)).toBe(true);
    const straddle = await deviation(m.model_id, T0 + 36 * DAY, T0 + 42 * DAY);
    expect(straddle.buckets.filter((b) => b.in_sample).map((b) => b.time)).toEqual(straddle.buckets.filter((b) => at(b.time) < T0 + 40 * DAY).map((b) => b.time));
    expect(straddle.totals).toMatchObject({ in_sample: true, in_sample_buckets: 4 * 24 });
    expect(straddle.totals.in_sample_actual_kwh).toBeCloseTo(metered(T0 + 36 * DAY, T0 + 40 * DAY), 6);
    expect(straddle.warnings.some((w) => w.startsWith("the period overlaps the model's training window (2025-03-03T00:00:00.000Z – 2025-04-12T00:00:00.000Z): 96 of 144 buckets were used to fit the model"))).toBe(true);
    const after = await deviation(m.model_id, T0 + 40 * DAY, T0 + 44 * DAY);
    expect(after.totals).toMatchObject({ in_sample: false, in_sample_buckets: 0 });
    expect(after.warnings.filter((w) => w.includes("training window"))).toEqual([]);
  });

  it("hourly: drops the hours lacking a driver or energy by their time, states their kWh and why, and reports the rest", async () => {
    const m = await train({ machine_id: GAPPY, drivers: ["hdd"], hdd_base_c: 18, start_date: iso(T0), end_date: iso(T0 + 40 * DAY) });
    const from = T0 + 40 * DAY;
    const to = T0 + 60 * DAY;
    const d = await deviation(m.model_id, from, to);
    const missingDriver = d.unused_buckets.filter((u) => u.reason === "missing_driver_data");
    // The 5-hour gap is interpolated; the 10-hour one is not.
    const unfilled = NO_TEMP.slice(0, 10);
    expect(missingDriver.map((u) => u.time)).toEqual(unfilled.map(iso));
    for (const u of missingDriver) {
      expect(u.energy_kwh).toBeCloseTo(energyAt.get(at(u.time))!, 9);
      expect(u.detail).toBe(`${u.time}: driver data missing, so the model cannot predict the bucket (hdd)`);
    }
    const missingEnergy = d.unused_buckets.filter((u) => u.reason === "missing_energy");
    expect(missingEnergy.map((u) => [u.time, u.energy_kwh])).toEqual(NO_ENERGY.map((ms) => [iso(ms), 0]));
    const lost = unfilled.reduce((s, ms) => s + energyAt.get(ms)!, 0);
    expect(d.totals.unused.buckets).toBe(16);
    expect(d.totals.unused.energy_kwh).toBeCloseTo(lost, 6);
    expect(d.totals.unused.by_reason.map((r) => [r.reason, r.buckets])).toEqual([["missing_energy", 6], ["missing_driver_data", 10]]);
    // What was used and what was not add up to the metered energy of the window.
    expect(d.totals.buckets).toBe(20 * 24 - 16);
    expect(d.totals.actual_kwh! + d.totals.unused.energy_kwh).toBeCloseTo(metered(from, to), 6);
    expect(d.warnings[0]).toBe(`16 of 480 hourly buckets (${Math.round(lost * 10) / 10} kWh metered) could not be used: 6 missing_energy (0 kWh), 10 missing_driver_data (${Math.round(lost * 10) / 10} kWh); the totals cover the other buckets only`);
    // Messages name times, never row positions.
    for (const u of d.unused_buckets) expect(u.detail).not.toMatch(/row|\[\d+\]/);
    expect(d.units.energy).toBe("kWh");
  });

  it("daily: a day lacking temperature in 10 hours and a day whose readings cover 20 of 24 hours are dropped with their metered kWh; 5 hours of temperature are interpolated", async () => {
    const m = await train({ machine_id: GAPPY, drivers: ["hdd"], hdd_base_c: 18, granularity: "daily", start_date: iso(T0), end_date: iso(T0 + 40 * DAY) });
    const d = await deviation(m.model_id, T0 + 40 * DAY, T0 + 60 * DAY);
    // Local days of Europe/Berlin (UTC+2 in April) start at 22:00 UTC the day before.
    const apr15 = at("2025-04-14T22:00:00Z");
    const apr20 = at("2025-04-19T22:00:00Z");
    const apr25 = at("2025-04-24T22:00:00Z");
    // April 15 lacks temperature in 10 of its 24 hours (more than 10 %, too long to fill); April
    // 20's 5 missing hours are interpolated, so it is used.
    expect(d.unused_buckets.map((u) => [u.time, u.reason])).toEqual([
      [iso(apr15), "missing_driver_data"],
      [iso(apr25), "incomplete_energy"],
    ]);
    expect(d.buckets.some((b) => b.time === iso(apr20))).toBe(true);
    expect(d.unused_buckets[0]!.energy_kwh).toBeCloseTo(metered(apr15, apr15 + DAY), 6);
    expect(d.unused_buckets[1]!.energy_kwh).toBeCloseTo(metered(apr25, apr25 + DAY), 6);
    expect(d.unused_buckets[1]!.detail).toBe(`${iso(apr25)}: readings cover less than 90 % of the bucket`);
    expect(d.totals.unused.by_reason.map((r) => [r.reason, r.buckets])).toEqual([["incomplete_energy", 1], ["missing_driver_data", 1]]);
  });

  it("TOWT: an hour of week never seen in training drops that bucket (named by time and hour) instead of failing the report", async () => {
    const m = await train({ machine_id: WEEKLY, drivers: ["avg_outdoor_temp_c"], model_type: "towt", start_date: iso(T0), end_date: iso(T0 + 40 * DAY) });
    expect(typeof m.model_id).toBe("string");
    const d = await deviation(m.model_id, T0 + 40 * DAY, T0 + 47 * DAY);
    expect(d.unused_buckets).toHaveLength(1);
    const u = d.unused_buckets[0]!;
    expect(calendarValues(at(u.time), "Europe/Berlin").hour_of_week).toBe(HIDDEN_HOW);
    expect(u).toMatchObject({ reason: "unseen_hour_of_week", detail: `${u.time}: hour of week 150 (Sunday 06:00 plant time) had no data in the training window, so its effect is unknown` });
    expect(d.totals.buckets).toBe(7 * 24 - 1);
    expect(d.totals.unused.energy_kwh).toBeGreaterThan(0);
    // The predict endpoint names the request's item, not an engine row.
    const res = await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: m.model_id, features: [{ avg_outdoor_temp_c: 10, hour_of_week: 3 }, { avg_outdoor_temp_c: 10, hour_of_week: HIDDEN_HOW }] }));
    expect(res.status).toBe(422);
    expect((await body(res)).message).toBe("features[1]: hour of week 150 (Sunday 06:00 plant time) had no data in the training window, so its effect is unknown");
  });

  it("follows one ratio convention: fields ending _pct are percent (0–100), every other ratio a fraction", async () => {
    const m = (await train({ machine_id: GAPPY, drivers: ["hdd"], hdd_base_c: 18, start_date: iso(T0), end_date: iso(T0 + 40 * DAY) })) as unknown as Json & {
      model_id: string;
      statistics: Record<string, number>;
      quality_checks: { name: string; value: number }[];
      units: { ratios: string };
    };
    // CV(RMSE) and NMBE are fractions of mean y, coverage a fraction of buckets.
    expect(Number(m.cv_rmse)).toBeCloseTo(m.statistics.residual_sd! / m.statistics.mean_y!, 12);
    expect(Number(m.cv_rmse)).toBeLessThan(1);
    expect(m.quality_checks.find((c) => c.name === "data_coverage")!.value).toBe(1);
    expect(m.units.ratios).toBe("fields ending _pct are percent (0–100); every other ratio (r_squared, cv_rmse, nmbe, mape, coverage, fractional_savings_uncertainty, confidence, thresholds) is a fraction (0.12 = 12 %)");
    const d = (await deviation(m.model_id, T0 + 40 * DAY, T0 + 44 * DAY)) as Deviation & { buckets: { deviation: number; expected: number; deviation_pct: number }[] };
    const b = d.buckets[5]!;
    expect(b.deviation_pct).toBeCloseTo((100 * b.deviation) / b.expected, 9);
    expect(d.totals.savings_pct).toBeCloseTo((100 * d.totals.savings_kwh!) / d.totals.expected_kwh!, 9);
    expect(d.totals.fractional_savings_uncertainty).toBeCloseTo(d.totals.savings_uncertainty_kwh! / Math.abs(d.totals.savings_kwh!), 9);
    expect(d.totals.savings_uncertainty_confidence).toBe(0.9);
    const p = (await body(await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: m.model_id, features: [{ hdd: 0.2 }] })))) as { confidence: number; units: { energy: string } };
    expect(p.confidence).toBe(0.95);
    expect(p.units.energy).toBe("kWh");
  });

  it("format in the query and the body must agree: ?format=csv with a body saying json is a 400 naming format, not CSV", async () => {
    const model_id = (await train({ machine_id: GAPPY, start_date: iso(T0), end_date: iso(T0 + 20 * DAY), drivers: ["hdd"], hdd_base_c: 18 })).model_id;
    const window = { model_id, start_date: iso(T0 + 40 * DAY), end_date: iso(T0 + 41 * DAY) };
    const res = await deviationRoute(jsonRequest("/api/v1/baseline/deviation?format=csv", { ...window, format: "json" }));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ field: "format" }]);
    const agreeing = await deviationRoute(jsonRequest("/api/v1/baseline/deviation?format=csv", { ...window, format: "csv" }));
    expect(agreeing.status).toBe(200);
    expect(agreeing.headers.get("content-type")).toContain("text/csv");
    expect((await deviationRoute(jsonRequest("/api/v1/baseline/deviation?format=csv", window))).headers.get("content-type")).toContain("text/csv");
  });

  it("predict: driver values that overflow the model's arithmetic are a 422 naming the feature, not predicted_kwh null", async () => {
    const model_id = (await train({ machine_id: GAPPY, start_date: iso(T0), end_date: iso(T0 + 20 * DAY), drivers: ["hdd"], hdd_base_c: 18 })).model_id;
    const res = await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id, features: [{ hdd: 1 }, { hdd: 1e308 }] }));
    expect(res.status).toBe(422);
    expect(String((await body(res)).message)).toContain("features[1]");
    expect((await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id, features: [{ hdd: 1 }] }))).status).toBe(200);
  });
});

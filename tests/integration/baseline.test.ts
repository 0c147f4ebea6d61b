import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as predictRoute } from "@/app/api/v1/baseline/predict/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { GET as listRoute } from "@/app/api/v1/baseline/models/route";
import { POST as activateRoute } from "@/app/api/v1/baseline/models/[model_id]/activate/route";
import { GET as exportRoute } from "@/app/api/v1/baseline/models/[model_id]/export/route";
import { POST as importRoute } from "@/app/api/v1/baseline/models/import/route";
import { POST as suggestRoute } from "@/app/api/v1/baseline/suggest/route";
import { GET as siteRoute, PATCH as patchSiteRoute } from "@/app/api/v1/sites/[id]/route";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { seedDemo } from "@/lib/demo/seed";
import { trainBaselineAction } from "@/app/baseline/actions";
import type { DemoPlant } from "@/lib/demo/types";

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const OLD_DRIVERS = ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"];
// Early autumn: the clean window spans both balance points (heating 14 °C, cooling 15 °C).
const END = new Date("2025-10-10T00:00:00Z");

type Json = Record<string, unknown>;

describe.each(testTargets())("baseline API on the demo plant (%s)", (target) => {
  let t: TestDatabase;
  let plant: DemoPlant;
  let modelId = "";
  const train = async (b: Json) => trainRoute(jsonRequest("/api/v1/baseline/train", b));
  const window = () => ({ start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() });
  const modelCount = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM baseline_models"))[0]?.n;

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    plant = await seedDemo(t.db, { days: 24, seed: 42, end: END });
  }, 240_000);
  afterAll(async () => t?.drop());

  it("trains the old service's Compressor-1 example hourly: passes the quality checks and recovers the true coefficients", async () => {
    const res = await train({ machine_id: COMPRESSOR, drivers: OLD_DRIVERS, ...window() });
    expect(res.status).toBe(201);
    const m = (await body(res)) as Json & { coefficients: Record<string, number>; p_values: Record<string, number>; quality_checks: { name: string; passed: boolean }[] };
    modelId = String(m.model_id);
    expect(m).toMatchObject({ machine_id: COMPRESSOR, machine_name: "Compressor-1", model_version: 1, model_type: "linear", granularity: "hourly", meets_quality_threshold: true });
    expect(Number(m.r_squared)).toBeGreaterThanOrEqual(0.75);
    const truth = plant.truth[COMPRESSOR]!;
    for (const d of OLD_DRIVERS) {
      const want = truth.coefficients[d]!;
      expect(Math.abs(m.coefficients[d]! - want) / Math.abs(want), d).toBeLessThan(0.1);
    }
    expect(Math.abs(Number(m.intercept) - truth.intercept)).toBeLessThan(3);
    expect(m.quality_checks.map((c) => c.name)).toEqual(["r_squared", "cv_rmse", "nmbe", "model_p_value", "driver_p_values", "vif", "data_coverage", "samples", "physical_signs"]);
    expect(Number(m.training_samples)).toBe(16 * 24);
  });

  it("predicts with prediction intervals that contain the point prediction", async () => {
    const res = await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: modelId, features: [{ total_production_count: 1000, avg_outdoor_temp_c: 10, avg_pressure_bar: 7 }] }));
    expect(res.status).toBe(200);
    const p = ((await body(res)).predictions as { predicted_kwh: number; lower: number; upper: number; extrapolated: boolean }[])[0]!;
    const truth = plant.truth[COMPRESSOR]!;
    const want = truth.intercept + 1000 * truth.coefficients.total_production_count! + 10 * truth.coefficients.avg_outdoor_temp_c! + 7 * truth.coefficients.avg_pressure_bar!;
    expect(p.lower).toBeLessThan(p.predicted_kwh);
    expect(p.upper).toBeGreaterThan(p.predicted_kwh);
    expect(Math.abs(p.predicted_kwh - want)).toBeLessThan(2);
    const bad = await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: modelId, features: [{ total_production_count: 1 }] }));
    expect(bad.status).toBe(400);
    expect((await body(bad)).message).toContain("avg_outdoor_temp_c");
  });

  it("shows the labelled air leak as positive deviation and sums CUSUM and savings consistently", async () => {
    const leak = plant.anomalies.find((a) => a.kind === "air_leak")!;
    const res = await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { machine_id: COMPRESSOR, start_date: leak.start.toISOString(), end_date: leak.end.toISOString() }));
    expect(res.status).toBe(200);
    const d = (await body(res)) as { buckets: { deviation: number; cumulative_deviation: number }[]; totals: Record<string, number> };
    const sum = d.buckets.reduce((s, b) => s + b.deviation, 0);
    expect(d.buckets.at(-1)!.cumulative_deviation).toBeCloseTo(sum, 6);
    expect(d.totals.savings_kwh).toBeCloseTo(d.totals.expected_kwh! - d.totals.actual_kwh!, 6);
    expect(d.totals.savings_kwh).toBeLessThan(0);
    expect(d.totals.savings_uncertainty_kwh).toBeGreaterThan(0);
    // The leak adds magnitudeKw in every off-shift hour of the window; most hours are off-shift.
    expect(-d.totals.savings_kwh!).toBeGreaterThan(leak.magnitudeKw * d.buckets.length * 0.3);
    const csv = await deviationRoute(jsonRequest("/api/v1/baseline/deviation?format=csv", { model_id: modelId, start_date: leak.start.toISOString(), end_date: leak.end.toISOString() }));
    expect((await csv.text()).split("\r\n")[0]).toBe("time,actual,expected,deviation,deviation_pct,cumulative_deviation,extrapolated,in_sample");
  });

  it("assigns versions n and n+1 to concurrent trainings and keeps one active model", async () => {
    const results = await Promise.all([1, 2].map(() => train({ machine_id: COMPRESSOR, drivers: ["total_production_count"], ...window() })));
    const versions = (await Promise.all(results.map((r) => body(r)))).map((m) => m.model_version).sort();
    expect(versions).toEqual([2, 3]);
    const list = (await (await listRoute(new Request(`http://l/api/v1/baseline/models?machine_id=${COMPRESSOR}`))).json()) as Json[];
    expect(list.map((m) => m.model_version)).toEqual([3, 2, 1]);
    expect(list.filter((m) => m.is_active).map((m) => m.model_version)).toEqual([1]);
    const activated = await activateRoute(new Request("http://l/"), params({ model_id: String(list[0]!.model_id) }));
    expect((await body(activated)).is_active).toBe(true);
    const after = (await (await listRoute(new Request(`http://l/api/v1/baseline/models?machine_id=${COMPRESSOR}`))).json()) as Json[];
    expect(after.filter((m) => m.is_active).map((m) => m.model_version)).toEqual([3]);
  });

  it("exports a model as JSON that imports as a new version and predicts identically", async () => {
    const doc: unknown = await (await exportRoute(new Request("http://l/"), params({ model_id: modelId }))).json();
    const imported = await importRoute(jsonRequest("/api/v1/baseline/models/import", doc));
    expect(imported.status).toBe(201);
    const copyId = String((await body(imported)).model_id);
    const features = [{ total_production_count: 523, avg_outdoor_temp_c: -3.2, avg_pressure_bar: 6.4 }];
    const [a, b] = await Promise.all([modelId, copyId].map(async (id) => (await body(await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: id, features })))).predictions));
    expect(b).toEqual(a);
    // A document naming a driver the product does not know was stored (and could be activated),
    // a model that can never predict a bucket: a 400 naming the driver, as training gives.
    const typo = await importRoute(jsonRequest("/api/v1/baseline/models/import", { ...(doc as Json), drivers: ["total_production_cnt", "avg_outdoor_temp_c", "avg_pressure_bar"] }));
    expect(typo.status).toBe(400);
    expect((await body(typo)).errors).toMatchObject([{ field: "drivers.0", message: expect.stringContaining("total_production_count") as unknown }]);
  });

  it("trains a TOWT model hourly: recovers the conveyor's shift schedule, balances on the window, round-trips and predicts by hour of week", async () => {
    const CONVEYOR = plant.machines.find((m) => m.name === "Conveyor-1")!.id;
    const res = await train({ machine_id: CONVEYOR, drivers: ["avg_outdoor_temp_c"], model_type: "towt", ...window() });
    expect(res.status).toBe(201);
    const m = (await body(res)) as Json & { time_of_week: { effects: (number | null)[]; occupancy: boolean[] }; feature_names: string[]; drivers: string[] };
    expect(m).toMatchObject({ model_type: "towt", granularity: "hourly", drivers: ["avg_outdoor_temp_c", "hour_of_week"] });
    expect(m.feature_names.every((f) => /^temp_(occ|unocc)_seg\d+$/.test(f))).toBe(true);
    // The conveyor runs (4.2 kWh per running hour) in weekday shifts, idles at night and on weekends.
    const fx = m.time_of_week.effects;
    const mean = (hs: number[]) => hs.reduce((a, h) => a + fx[h]!, 0) / hs.length;
    const weekdayDay = [0, 1, 2, 3, 4].flatMap((d) => [8, 9, 10, 11, 15, 16, 17, 18].map((h) => d * 24 + h));
    const sundayNight = [0, 1, 2, 3].map((h) => 6 * 24 + h);
    expect(mean(weekdayDay) - mean(sundayNight)).toBeGreaterThan(2);
    const linear = (await body(await train({ machine_id: CONVEYOR, drivers: ["avg_outdoor_temp_c"], ...window() }))) as Json;
    expect(Number(m.r_squared)).toBeGreaterThan(Number(linear.r_squared) + 0.3);
    // Hour-of-week effects make the residuals sum to zero: no savings on the training window.
    const dev = (await body(await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { model_id: m.model_id, ...window() })))) as { totals: Record<string, number> };
    expect(Math.abs(dev.totals.savings_kwh!)).toBeLessThan(1e-6 * dev.totals.actual_kwh!);
    const features = [{ avg_outdoor_temp_c: 12, hour_of_week: 10 }, { avg_outdoor_temp_c: 12, hour_of_week: 6 * 24 + 2 }];
    const predicted = (await body(await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: m.model_id, features })))) as { predictions: { predicted_kwh: number; lower: number; upper: number }[] };
    expect(predicted.predictions[0]!.predicted_kwh).toBeGreaterThan(predicted.predictions[1]!.predicted_kwh);
    for (const p of predicted.predictions) expect(p.lower).toBeLessThan(p.predicted_kwh);
    const doc: unknown = await (await exportRoute(new Request("http://l/"), params({ model_id: String(m.model_id) }))).json();
    const imported = await importRoute(jsonRequest("/api/v1/baseline/models/import", doc));
    expect(imported.status).toBe(201);
    const again = (await body(await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: (await body(imported)).model_id, features })))) as typeof predicted;
    expect(again.predictions).toEqual(predicted.predictions);
    const bad = await predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: m.model_id, features: [{ avg_outdoor_temp_c: 12, hour_of_week: 200 }] }));
    expect(bad.status).toBe(422);
    expect(String((await body(bad)).message)).toContain("hour");
  });

  it("suggests the generator's true drivers for Compressor-1 and explains every candidate", async () => {
    const res = await suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id: COMPRESSOR, ...window() }));
    expect(res.status).toBe(200);
    const s = (await body(res)) as { suggested_drivers: string[]; candidates: { name: string; selected: boolean; reason: string; delta_r_squared: number }[] };
    expect([...s.suggested_drivers].sort()).toEqual([...plant.truth[COMPRESSOR]!.drivers].sort());
    expect(s.candidates.length).toBeGreaterThanOrEqual(10);
    for (const c of s.candidates) expect(c.reason.length, c.name).toBeGreaterThan(5);
  });

  it.each(["Injection-Molding-1", "Pump-1", "Compressor-2"])("suggests the generator's true drivers for %s", async (name) => {
    const machine = plant.machines.find((m) => m.name === name)!;
    const s = (await body(await suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id: machine.id, ...window() })))) as { suggested_drivers: string[] };
    expect([...s.suggested_drivers].sort()).toEqual([...plant.truth[machine.id]!.drivers].sort());
  });

  it("keeps one of two collinear true drivers (Oven-1: output is nearly proportional to running hours) and says why", async () => {
    const machine = plant.machines.find((m) => m.name === "Oven-1")!;
    const s = (await body(await suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id: machine.id, ...window() })))) as { suggested_drivers: string[]; candidates: { name: string; reason: string; vif: number | null }[] };
    expect(s.suggested_drivers).toEqual(["running_hours"]);
    const production = s.candidates.find((c) => c.name === "total_production_count")!;
    expect(production.vif!).toBeGreaterThan(10);
    expect(production.reason).toMatch(/^dropped: collinear with running_hours \(VIF \d/);
  });

  it.each([
    ["Boiler-1", "c0000000-0000-0000-0000-000000000005", "3p_heating", "heating_balance_c", "heatingBalanceC"],
    ["Chiller-1", "c0000000-0000-0000-0000-000000000003", "3p_cooling", "cooling_balance_c", "coolingBalanceC"],
  ] as const)("finds %s's balance point within 1 °C (%s, model %s)", async (_name, id, modelType, key, truthKey) => {
    const res = await train({ machine_id: id, drivers: ["avg_outdoor_temp_c"], model_type: modelType, ...window() });
    expect(res.status).toBe(201);
    const m = (await body(res)) as { balance_points: Record<string, number> };
    expect(Math.abs(m.balance_points[key]! - plant.truth[id]![truthKey]!)).toBeLessThan(1);
  });

  it("applies a site's own quality thresholds, validates them, and resets them with null", async () => {
    const patch = (b: Json) => patchSiteRoute(jsonRequest(`/api/v1/sites/${DEFAULT_SITE_ID}`, b, "PATCH"), params({ id: DEFAULT_SITE_ID }));
    const strict = await patch({ quality_thresholds: { min_r_squared: 0.999, max_vif: 50 } });
    expect(strict.status).toBe(200);
    const site = (await body(strict)) as { quality_thresholds: Record<string, number>; quality_threshold_overrides: Record<string, number> };
    expect(site.quality_threshold_overrides).toEqual({ min_r_squared: 0.999, max_vif: 50 });
    expect(site.quality_thresholds).toMatchObject({ min_r_squared: 0.999, max_vif: 50, max_cv_rmse_hourly_and_finer: 0.3, max_abs_nmbe: 0.005 });
    try {
      const m = (await body(await train({ machine_id: COMPRESSOR, drivers: OLD_DRIVERS, ...window() }))) as Json & { quality_checks: { name: string; threshold: string; passed: boolean }[] };
      const r2 = m.quality_checks.find((c) => c.name === "r_squared")!;
      expect(r2).toMatchObject({ threshold: ">= 0.999", passed: false });
      expect(m.quality_checks.find((c) => c.name === "vif")!.threshold).toBe("< 50");
      expect(m.meets_quality_threshold).toBe(false);
      for (const [bad, message] of [
        [{ min_r_squared: 1.5 }, "quality_thresholds.min_r_squared: must be between 0 and 1"],
        [{ max_vif: "ten" }, "quality_thresholds.max_vif"],
        [{ r2_min: 0.5 }, "unknown threshold r2_min"],
        [{ min_samples_per_parameter: 2.5 }, "must be a whole number"],
      ] as const) {
        const res = await patch({ quality_thresholds: bad });
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(String((await body(res)).message)).toContain(message);
      }
      expect(((await body(await siteRoute(new Request("http://localhost/x"), params({ id: DEFAULT_SITE_ID })))) as typeof site).quality_threshold_overrides).toEqual({ min_r_squared: 0.999, max_vif: 50 });
    } finally {
      expect((await patch({ quality_thresholds: null })).status).toBe(200);
    }
    const m = (await body(await train({ machine_id: COMPRESSOR, drivers: OLD_DRIVERS, ...window() }))) as Json;
    expect(m.meets_quality_threshold).toBe(true);
  });

  it.each([
    ["Boiler-1", "c0000000-0000-0000-0000-000000000005", "hdd", "heatingBalanceC", "hourly"],
    ["Chiller-1", "c0000000-0000-0000-0000-000000000003", "cdd", "coolingBalanceC", "hourly"],
  ] as const)("searches %s's %s base temperature when none is given (within 1 °C, %s)", async (_name, id, driver, truthKey, granularity) => {
    const res = await train({ machine_id: id, drivers: [driver], granularity, ...window() });
    expect(res.status).toBe(201);
    const m = (await body(res)) as { degree_day_bases: Record<string, number | null | string[]>; model_id: string };
    expect(m.degree_day_bases.searched).toEqual([driver]);
    expect(Math.abs(Number(m.degree_day_bases[`${driver}_base_c`]) - plant.truth[id]![truthKey]!)).toBeLessThan(1);
    // The deviation reads the driver at the stored base: on the training window it balances.
    const dev = (await body(await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { model_id: m.model_id, ...window() })))) as { totals: Record<string, number> };
    expect(Math.abs(dev.totals.savings_kwh!)).toBeLessThan(1e-6 * dev.totals.actual_kwh!);
  });

  it("does not choose Boiler-1's true heating base for 16 daily buckets of early autumn: it leaves 16 °C·d, fewer than CalTRACK's 20", async () => {
    const BOILER = "c0000000-0000-0000-0000-000000000005";
    const given = await train({ machine_id: BOILER, drivers: ["hdd"], granularity: "daily", hdd_base_c: 14, ...window() });
    expect(given.status).toBe(422);
    expect(String((await body(given)).message)).toMatch(/hdd dropped: at the heating base 14 °C the window holds 1\d days with non-zero degree-days and 1\d\.\d °C·d; CalTRACK 2\.0 §3\.2\.2\.2 needs at least 10 days with non-zero degree-days and 20 °C·d/);
    const searched = (await body(await train({ machine_id: BOILER, drivers: ["hdd"], granularity: "daily", ...window() }))) as { degree_day_bases: { hdd_base_c: number } };
    expect(searched.degree_day_bases.hdd_base_c).toBeGreaterThan(14.5);
  });

  it("the server action trains through the same lib function and reports field errors", async () => {
    const bad = await trainBaselineAction({ machine_id: COMPRESSOR, drivers: [], ...window() });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { drivers: "give at least one driver" } });
    const good = await trainBaselineAction({ machine_id: COMPRESSOR, drivers: OLD_DRIVERS, ...window() });
    expect(good.ok && good.data.model_type).toBe("linear");
  });

  it.each([
    ["an unknown machine", { machine_id: "c0000000-0000-0000-0000-0000000000ff" }, 404, "not found"],
    ["an unknown driver", { drivers: ["avg_outdoor_temp_c", "moon_phase"] }, 400, "valid drivers: total_production_count"],
    ["start after end", { start_date: "2025-09-30T00:00:00Z", end_date: "2025-09-20T00:00:00Z" }, 400, "start_date must be before end_date"],
    ["an invalid date", { start_date: "last tuesday" }, 400, "start_date must be an ISO-8601"],
    ["a window without data", { start_date: "2020-01-01T00:00:00Z", end_date: "2020-02-01T00:00:00Z" }, 422, "No complete hourly buckets"],
    ["too few samples", { start_date: "2025-09-20T00:00:00Z", end_date: "2025-09-20T04:00:00Z" }, 422, "choose a longer window"],
    ["collinear drivers", { drivers: ["avg_outdoor_temp_c", "hdd"], hdd_base_c: 40 }, 422, "hdd"],
    ["towt at daily granularity", { model_type: "towt", granularity: "daily" }, 400, "model_type towt (time of week and temperature) needs granularity hourly or 15min"],
    ["hour_of_week as a linear driver", { drivers: ["hour_of_week"] }, 400, "hour_of_week is categorical"],
    ["an injection attempt as granularity", { granularity: "hourly'; DROP TABLE baseline_models; --" }, 400, "must be one of 15min, hourly"],
  ])("rejects %s with a message that says what to change, and writes nothing", async (_name, change, status, message) => {
    const before = await modelCount();
    const res = await train({ machine_id: COMPRESSOR, drivers: OLD_DRIVERS, ...window(), ...change });
    expect(res.status).toBe(status);
    expect(String((await body(res)).message)).toContain(message);
    expect(await modelCount()).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { POST as fitRoute } from "@/app/api/v1/baseline/fit/route";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { seedDemo } from "@/lib/demo/seed";
import type { DemoPlant } from "@/lib/demo/types";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { predict } from "@/lib/analytics/baseline/model";
import { specOf } from "@/lib/analytics/baseline/present";
import { fromColumns, type FitBucketColumns, type FitBucketRow } from "@/lib/baseline-studio/fit-columns";

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const BOILER = "c0000000-0000-0000-0000-000000000005";
const DRIVERS = ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"];
const END = new Date("2025-10-10T00:00:00Z");

describe("POST /api/v1/baseline/fit (the studio's dry run)", () => {
  let t: TestDatabase;
  let plant: DemoPlant;
  const count = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM baseline_models"))[0]?.n;

  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    useDatabase(t.db);
    plant = await seedDemo(t.db, { days: 21, seed: 42, end: END });
  }, 240_000);
  afterAll(async () => t?.drop());

  it("answers the train response with id and version null, per-bucket fitted values, and stores nothing", async () => {
    const request = { machine_id: COMPRESSOR, drivers: DRIVERS, start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() };
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit", request));
    expect(res.status).toBe(200);
    const fit = (await body(res)) as Record<string, unknown> & { buckets: { actual: number; fitted: number; residual: number }[] };
    expect(fit).toMatchObject({ model_id: null, model_version: null, dry_run: true, machine_name: "Compressor-1" });
    expect(await count()).toBe(0);
    expect(fit.buckets.length).toBe(fit.training_samples);
    for (const b of fit.buckets) expect(b.residual).toBeCloseTo(b.actual - b.fitted, 9);
    const trained = await body(await trainRoute(jsonRequest("/api/v1/baseline/train", request)));
    expect(await count()).toBe(1);
    expect(trained.r_squared).toBe(fit.r_squared);
    expect(trained.coefficients).toEqual(fit.coefficients);
  });

  it.each(["hourly", "daily"])("?buckets=columns (the studio's) answers the same buckets in about half the bytes (%s)", async (granularity) => {
    const request = { machine_id: COMPRESSOR, drivers: granularity === "hourly" ? DRIVERS : ["avg_outdoor_temp_c"], granularity, start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() };
    const rowsText = await (await fitRoute(jsonRequest("/api/v1/baseline/fit", request))).text();
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit?buckets=columns", request));
    expect(res.status).toBe(200);
    const columnsText = await res.text();
    const { buckets, ...rows } = JSON.parse(rowsText) as Record<string, unknown> & { buckets: FitBucketRow[] };
    const { bucket_columns, ...cols } = JSON.parse(columnsText) as Record<string, unknown> & { bucket_columns: FitBucketColumns };
    // Every field but the buckets, and created_at (each dry run's own instant).
    expect({ ...cols, created_at: null }).toEqual({ ...rows, created_at: null });
    expect(buckets.length).toBeGreaterThan(granularity === "hourly" ? 100 : 3);
    // Bit for bit (toEqual compares numbers with Object.is): what the studio draws and exports is unchanged.
    expect(fromColumns(bucket_columns)).toEqual(buckets);
    if (granularity === "hourly") {
      // The part that grows with the window (the answer less the model's fields), per bucket.
      const model = JSON.stringify(rows).length;
      const [perRow, perColumn] = [(rowsText.length - model) / buckets.length, (columnsText.length - model) / buckets.length];
      console.log(`fit answer per hourly bucket, 3 drivers: rows ${perRow.toFixed(0)} B, columns ${perColumn.toFixed(0)} B`);
      expect(perColumn / perRow).toBeLessThan(0.6);
    }
  });

  // The fitted values come from training's own frame, not a second read: they must be what the
  // stored model predicts on a frame read again at its degree-day bases and change point.
  it.each([
    { machine_id: BOILER, model_type: "linear", drivers: ["hdd"] },
    { machine_id: BOILER, model_type: "3p_heating", drivers: ["avg_outdoor_temp_c"] },
    { machine_id: COMPRESSOR, model_type: "towt", drivers: ["avg_outdoor_temp_c"] },
  ])("fits $model_type on $drivers with the values the model predicts on a frame read again", async ({ machine_id, model_type, drivers }) => {
    const request = { machine_id, model_type, drivers, granularity: "hourly", start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() };
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit", request));
    const fit = (await body(res)) as Record<string, unknown> & { buckets: FitBucketRow[]; state?: unknown };
    expect(res.status, JSON.stringify(fit)).toBe(200);
    const trained = await body(await trainRoute(jsonRequest("/api/v1/baseline/train", request)));
    const [row] = await t.db.query<Record<string, unknown>>("SELECT * FROM baseline_models WHERE id = $1", [trained.model_id]);
    const model = { ...row, modelType: row!.model_type, state: row!.state, drivers: row!.drivers, transforms: row!.transforms, coefficients: row!.coefficients, intercept: row!.intercept };
    const spec = specOf(model as never);
    const state = row!.state as { hdd_base_c?: number | null };
    if (drivers.includes("hdd")) expect(state.hdd_base_c, JSON.stringify(fit.dropped_terms)).toEqual(expect.any(Number));
    const frame = await buildFrame(t.db, {
      machineId: machine_id,
      start: new Date(row!.training_start as string),
      end: new Date(row!.training_end as string),
      granularity: "hourly",
      drivers: spec.inputs,
      timeZone: "Europe/Berlin",
      hddBaseC: state.hdd_base_c ?? undefined,
    });
    const expected = predict(spec, frame.y.map((_, i) => Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![i]!]))));
    expect(fit.buckets.map((b) => b.time)).toEqual(frame.times);
    fit.buckets.forEach((b, i) => expect(b.fitted).toBeCloseTo(expected[i]!.value * frame.exposure[i]! * frame.coverage[i]!, 9));
  });

  it("refuses an unknown bucket format naming the parameter", async () => {
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit?buckets=csv", { machine_id: COMPRESSOR, drivers: DRIVERS, start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("buckets");
  });

  it("answers a bad request with the train route's message", async () => {
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit", { machine_id: COMPRESSOR, drivers: ["nope"], start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain("unknown driver");
  });

  it("names the window in plant dates when billing_period finds no bills (not UTC instants the engineer never typed)", async () => {
    const res = await fitRoute(jsonRequest("/api/v1/baseline/fit", { machine_id: COMPRESSOR, drivers: ["hdd"], granularity: "billing_period", start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(res.status).toBe(422);
    const message = String((await body(res)).message);
    expect(message).toContain(`lie wholly within 1 Oct 2025 – 4 Oct 2025 (${plant.timeZone})`);
    expect(message).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});


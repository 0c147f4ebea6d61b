import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeOn, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines, rng } from "../helpers/fixtures";
import { ingestJson } from "@/lib/ingest/json";
import { getSeries } from "@/lib/timeseries/series";
import { granularities } from "@/lib/timeseries/granularity";
import { metricNames } from "@/lib/timeseries/metrics";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { suggestDrivers } from "@/lib/analytics/baseline/suggest";
import { trainSchema } from "@/lib/validation/baseline";

const T0 = Date.UTC(2026, 2, 28);

const serverName = { postgresql: "PostgreSQL", timescaledb: "TimescaleDB" } as const;

for (const server of ["postgresql", "timescaledb"] as const) describeOn(server, `the same query answers alike on PGlite and ${serverName[server]}`, () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase("pglite"), createTestDatabase(server)]);
    const rand = rng(99);
    const energy = [];
    const production = [];
    const env = [];
    for (let i = 0; i < 3 * 1440; i += 1) {
      for (const m of [M1, M2]) {
        const time = new Date(T0 + i * 60_000).toISOString();
        energy.push({ time, machine_id: m, power_kw: rand() * 100, energy_kwh: rand() * 2 });
        production.push({ time, machine_id: m, production_count: Math.floor(rand() * 10), throughput_units_per_hour: rand() * 600, machine_state: rand() < 0.7 ? "running" : "idle" });
        if (i % 5 === 0) env.push({ time, machine_id: m, outdoor_temp_c: rand() * 30 - 5, humidity_pct: rand() * 100, pressure_bar: 6 + rand(), indoor_temp_c: 21 });
      }
    }
    for (const t of [a, b]) {
      await addMachines(t.db);
      await ingestJson(t.db, "energy", energy, { on_error: "abort" });
      await ingestJson(t.db, "production", production, { on_error: "abort" });
      await ingestJson(t.db, "environmental", env, { on_error: "abort" });
    }
  });
  afterAll(async () => Promise.all([a?.drop(), b?.drop()]));

  it.each(granularities)("series at %s", async (bucket) => {
    // Weeks and months that start in the window and hold its data (Monday 23 March, 1 March, Berlin).
    const from = bucket === "weekly" ? Date.parse("2026-03-22T23:00:00Z") : bucket === "monthly" ? Date.parse("2026-02-28T23:00:00Z") : T0 + 3_600_000;
    const q = { machineIds: [M1, M2], metrics: metricNames, from: new Date(from), to: new Date(T0 + 2 * 86_400_000), bucket };
    const [ra, rb] = await Promise.all([getSeries(a.db, q), getSeries(b.db, q)]);
    expect(ra.series[0]!.times.length).toBeGreaterThan(0);
    const round = (r: typeof ra) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "number" ? Number(v.toPrecision(12)) : v));
    expect(round(ra)).toBe(round(rb));
  });

  it.each(["linear", "3p_cooling", "towt"] as const)("trains a %s baseline, its deviation and the driver suggestion alike", async (modelType) => {
    const input = trainSchema.parse({
      machine_id: M1,
      start_date: new Date(T0).toISOString(),
      end_date: new Date(T0 + 3 * 86_400_000).toISOString(),
      drivers: ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"],
      granularity: modelType === "towt" ? "15min" : "hourly",
      model_type: modelType,
    });
    const [ma, mb] = await Promise.all([trainBaseline(a.db, input), trainBaseline(b.db, input)]);
    const strip = (m: typeof ma.model) => ({ ...m, id: "", createdAt: null, isActive: null, version: null });
    expect(ma.model.trainingSamples).toBeGreaterThan(60);
    expect(strip(ma.model)).toEqual(strip(mb.model));
    const window = { start_date: input.start_date, end_date: input.end_date, format: "json" as const };
    const [da, db] = await Promise.all([computeDeviation(a.db, { ...window, model_id: ma.model.id }), computeDeviation(b.db, { ...window, model_id: mb.model.id })]);
    expect({ ...da, model_id: "", model_version: 0 }).toEqual({ ...db, model_id: "", model_version: 0 });
    if (modelType === "linear") {
      const q = { machine_id: M1, start_date: input.start_date, end_date: input.end_date, granularity: "hourly" as const };
      expect(await suggestDrivers(a.db, q)).toEqual(await suggestDrivers(b.db, q));
    }
  });
});

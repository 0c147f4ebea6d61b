import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines, allRows, rng } from "../helpers/fixtures";
import { ingestJson } from "@/lib/ingest/json";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { levels, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";

const T0 = Date.UTC(2026, 5, 1, 0, 0, 0);
const strict = { on_error: "abort" as const };

async function snapshot(t: TestDatabase) {
  const out: Record<string, unknown[]> = {};
  for (const kind of seriesKinds) for (const level of levels) out[rollupTable(kind, level)] = await allRows(t.db, rollupTable(kind, level));
  return out;
}

describe.each(testTargets())("rollups on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.query("TRUNCATE energy_readings, production_data, environmental_data, rollup_pending");
    await rebuildRollups(t.db);
  });

  it("sums and weights averages up the hierarchy by hand-computed values", async () => {
    // Two readings in one minute, one in the next; 15min/1hour/1day must combine by counts.
    const rows = [
      { time: new Date(T0).toISOString(), machine_id: M1, power_kw: 10, energy_kwh: 1 },
      { time: new Date(T0 + 30_000).toISOString(), machine_id: M1, power_kw: 20, energy_kwh: 2 },
      { time: new Date(T0 + 60_000).toISOString(), machine_id: M1, power_kw: 60, energy_kwh: 4 },
    ];
    await ingestJson(t.db, "energy", rows, strict);
    const minute = await allRows(t.db, "energy_readings_1min");
    expect(minute.map((r) => [r.total_energy_kwh, r.avg_power_kw, r.sample_count])).toEqual([
      [3, 15, 2],
      [4, 60, 1],
    ]);
    for (const level of ["15min", "1hour", "1day"] as const) {
      const [r] = await allRows(t.db, `energy_readings_${level}`);
      // Average of averages would be 37.5; the weighted average over 3 samples is 30.
      expect([r?.total_energy_kwh, r?.avg_power_kw, r?.min_power_kw, r?.max_power_kw, r?.sample_count]).toEqual([7, 30, 10, 60, 3]);
    }
  });

  it("counts running minutes and production up the hierarchy", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      time: new Date(T0 + i * 60_000).toISOString(),
      machine_id: M2,
      production_count: 2,
      throughput_units_per_hour: i < 60 ? 100 : 200,
      machine_state: i % 4 === 0 ? "idle" : "running",
    }));
    await ingestJson(t.db, "production", rows, strict);
    const hours = await allRows(t.db, "production_data_1hour");
    expect(hours.map((h) => [h.total_production_count, h.avg_throughput, h.running_minutes])).toEqual([
      [120, 100, 45],
      [120, 200, 45],
    ]);
  });

  it("averages a column over the samples that have it, where other columns of the same rows do not", async () => {
    // Outdoor temperature and humidity arrive in separate rows (two sensors), one minute holding
    // both kinds; a missing value must not count as a sample of that column at any level.
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const env = [
      { time: at(0), machine_id: M1, outdoor_temp_c: 10 },
      { time: at(60), machine_id: M1, humidity_pct: 50 },
      { time: at(120), machine_id: M1, outdoor_temp_c: 20 },
      { time: at(150), machine_id: M1, humidity_pct: 60 },
      { time: at(180), machine_id: M1, humidity_pct: 70, pressure_bar: 7 },
    ];
    await ingestJson(t.db, "environmental", env, strict);
    const production = [
      { time: at(0), machine_id: M2, production_count: 1, throughput_units_per_hour: 100 },
      { time: at(30), machine_id: M2, production_count: 1 },
      { time: at(60), machine_id: M2, production_count: 1, throughput_units_per_hour: 400 },
    ];
    await ingestJson(t.db, "production", production, strict);
    for (const level of ["15min", "1hour", "1day"] as const) {
      const [e] = await allRows(t.db, `environmental_data_${level}`);
      expect([e?.avg_outdoor_temp_c, e?.avg_humidity_pct, e?.avg_pressure_bar, e?.avg_indoor_temp_c, e?.sample_count]).toEqual([15, 60, 7, null, 5]);
      const [p] = await allRows(t.db, `production_data_${level}`);
      expect([p?.avg_throughput, p?.total_production_count, p?.sample_count]).toEqual([250, 3, 3]);
    }
  });

  it("gives what a full recompute gives after late, out-of-order and re-sent random batches", async () => {
    const rand = rng(7);
    const minutes = 3 * 24 * 60;
    for (let batch = 0; batch < 12; batch++) {
      const n = 50 + Math.floor(rand() * 400);
      const rows = [];
      for (let i = 0; i < n; i++) {
        const minute = Math.floor(rand() * minutes);
        const sec = Math.floor(rand() * 4) * 15;
        const machine = rand() < 0.5 ? M1 : M2;
        const time = new Date(T0 + minute * 60_000 + sec * 1000).toISOString();
        // 15-second readings (interval_s given): random ones would otherwise be given the batch's
        // median spacing as their interval and overlap each other, which ingestion refuses.
        rows.push({ time, machine_id: machine, power_kw: Math.round(rand() * 1000) / 10, energy_kwh: Math.round(rand() * 100) / 100, interval_s: 15 });
        // Re-send some rows with new values within the same batch: with on_error=skip the last one wins.
        if (rand() < 0.05) rows.push({ time, machine_id: machine, power_kw: 1, energy_kwh: 0.5, interval_s: 15 });
      }
      await ingestJson(t.db, "energy", rows, { on_error: "skip" });
      const env = rows.slice(0, 40).map((r) => ({ time: r.time, machine_id: r.machine_id, outdoor_temp_c: Math.round(rand() * 300) / 10 - 5, pressure_bar: 6 + rand() }));
      await ingestJson(t.db, "environmental", env, { on_error: "skip" });
    }
    const incremental = await snapshot(t);
    expect(incremental["energy_readings_1min"]!.length).toBeGreaterThan(1000);
    await rebuildRollups(t.db);
    const full = await snapshot(t);
    expect(incremental).toEqual(full);
  });

  it("re-ingesting the same batch changes nothing (idempotent)", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ time: new Date(T0 + i * 60_000).toISOString(), machine_id: M1, power_kw: i, energy_kwh: i / 60 }));
    const first = await ingestJson(t.db, "energy", rows, strict);
    const before = await snapshot(t);
    const second = await ingestJson(t.db, "energy", rows, strict);
    expect(first.written).toBe(300);
    expect(second.written).toBe(300);
    const count = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM energy_readings");
    expect(count[0]?.n).toBe(300);
    expect(await snapshot(t)).toEqual(before);
  });
});

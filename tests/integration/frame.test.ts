/** The modelling frame: buckets kept and dropped (and why), hourly and aggregated to local days. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";

const M = "f0000000-0000-0000-0000-000000000001";
const T0 = Date.UTC(2025, 5, 2); // Monday 2025-06-02 00:00 UTC
const H = 3_600_000;

describe.each(rollupTableTargets())("buildFrame (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, 'Frame', 'pump')`, [M, DEFAULT_SITE_ID]);
    // 48 hours: energy = hour index; no energy at hours 5 and 6; temperature missing at hour 10;
    // production 0 (downtime) at hours 20–23, 30 units otherwise.
    for (let h = 0; h < 48; h++) {
      const at = new Date(T0 + h * H).toISOString();
      if (h !== 5 && h !== 6) await t.db.query(`INSERT INTO energy_readings_1hour (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count) VALUES ($1, $2, $3, $3, $3, $3, 3600, extract(epoch from $1::timestamptz) + 3600, 60, 60)`, [at, M, h]);
      if (h !== 10) await t.db.query(`INSERT INTO environmental_data_1hour VALUES ($1, $2, $3, $3, $3, 20, 50, 6, 12, 12, 12, 12, 12)`, [at, M, 10 + (h % 24)]);
      const run = h >= 20 && h < 24 ? 0 : 60;
      await t.db.query(`INSERT INTO production_data_1hour VALUES ($1, $2, $3, $3, $4, 60, 60)`, [at, M, run === 0 ? 0 : 30, run]);
    }
  }, 120_000);
  afterAll(async () => t?.drop());

  const request = (over: Partial<Parameters<typeof buildFrame>[1]> = {}) => ({
    machineId: M,
    start: new Date(T0),
    end: new Date(T0 + 48 * H),
    granularity: "hourly" as const,
    drivers: ["avg_outdoor_temp_c", "total_production_count"],
    timeZone: "UTC",
    ...over,
  });

  it("keeps covered hours, fills a one-hour temperature gap by interpolation, and counts each dropped hour with its reason", async () => {
    const f = await buildFrame(t.db, request());
    expect(f.expectedBuckets).toBe(48);
    expect(f.y).toHaveLength(46);
    expect(f.dropped).toEqual({ missingEnergy: 2, missingDrivers: {}, downtime: 0, incomplete: 0 });
    expect(f.interpolatedTemperatureHours).toBe(1);
    expect(f.times[0]).toBe(new Date(T0).toISOString());
    expect(f.y.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 7]);
    // Hour 10 lacks its temperature: between 19 °C and 21 °C it is 20 °C.
    expect(f.X.avg_outdoor_temp_c!.slice(7, 10)).toEqual([19, 20, 21]);
    expect(f.yUnit).toBe("kWh");
    expect(f.exposure.every((e) => e === 1)).toBe(true);
    // Humidity is not interpolated: hour 10 lacks it.
    const humid = await buildFrame(t.db, request({ drivers: ["avg_humidity_pct"] }));
    expect(humid.dropped.missingDrivers).toEqual({ avg_humidity_pct: 1 });
  });

  it("drops downtime hours on request and keeps incomplete ones with NaN when asked", async () => {
    const down = await buildFrame(t.db, request({ drivers: ["avg_humidity_pct"], excludeDowntime: true }));
    expect(down.dropped.downtime).toBe(4);
    expect(down.y).toHaveLength(41);
    const kept = await buildFrame(t.db, request({ drivers: ["avg_humidity_pct"], keepIncomplete: true }));
    expect(kept.y).toHaveLength(46);
    expect(kept.X.avg_humidity_pct!.filter(Number.isNaN)).toHaveLength(1);
  });

  it("reads a window that starts between buckets from the next whole hour, and ends at the last whole hour", async () => {
    const f = await buildFrame(t.db, request({ start: new Date(T0 + 30 * 60_000), end: new Date(T0 + 4 * H + 20 * 60_000) }));
    expect(f.expectedBuckets).toBe(3);
    expect(f.y).toEqual([1, 2, 3]);
    expect(f.window).toEqual({ start: new Date(T0 + H).toISOString(), end: new Date(T0 + 4 * H).toISOString() });
  });

  it("aggregates days as daily rates over the time covered: averages average, and too-little-covered days drop", async () => {
    // Day 1 lacks energy in 2 of 24 hours (92 % covered) and one temperature (interpolated); day 2 is whole.
    const f = await buildFrame(t.db, request({ granularity: "daily" }));
    expect(f.expectedBuckets).toBe(2);
    expect(f.dropped).toEqual({ missingEnergy: 0, missingDrivers: {}, downtime: 0, incomplete: 0 });
    expect(f.times).toEqual([new Date(T0).toISOString(), new Date(T0 + 24 * H).toISOString()]);
    const day1 = Array.from({ length: 24 }, (_, h) => h).filter((h) => h !== 5 && h !== 6);
    expect(f.y[0]).toBeCloseTo(day1.reduce((a, b) => a + b, 0) / (22 / 24), 9);
    expect(f.y[1]).toBe(Array.from({ length: 24 }, (_, i) => 24 + i).reduce((a, b) => a + b, 0));
    expect(f.yUnit).toBe("kWh/d");
    expect(f.exposure).toEqual([1, 1]);
    expect(f.X.avg_outdoor_temp_c![1]).toBeCloseTo(10 + 11.5, 12);
    // Units per day: day 1 ran 20 hours (4 hours of downtime), day 2 all 24, at 30 an hour.
    expect(f.X.total_production_count).toEqual([30 * 20, 30 * 24]);
    // With 95 % coverage required, day 1 drops as incomplete.
    const strict = await buildFrame(t.db, request({ granularity: "daily", minCoverage: 0.95 }));
    expect(strict.dropped.incomplete).toBe(1);
    expect(strict.y).toEqual([f.y[1]]);
  });
});

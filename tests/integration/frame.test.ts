/** The modelling frame: buckets kept and dropped (and why), hourly and aggregated to local days. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";

const M = "f0000000-0000-0000-0000-000000000001";
const T0 = Date.UTC(2025, 5, 2); // Monday 2025-06-02 00:00 UTC
const H = 3_600_000;

describe.each(testTargets())("buildFrame (%s)", (target) => {
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

  it("keeps complete hours and counts each dropped one with its reason", async () => {
    const f = await buildFrame(t.db, request());
    expect(f.expectedBuckets).toBe(48);
    expect(f.y).toHaveLength(45);
    expect(f.dropped).toEqual({ missingEnergy: 2, missingDrivers: { avg_outdoor_temp_c: 1 }, downtime: 0, incomplete: 0 });
    expect(f.times[0]).toBe(new Date(T0).toISOString());
    expect(f.y.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 7]);
    expect(f.X.avg_outdoor_temp_c!.slice(0, 6)).toEqual([10, 11, 12, 13, 14, 17]);
  });

  it("drops downtime hours on request and keeps incomplete ones with NaN when asked", async () => {
    const down = await buildFrame(t.db, request({ drivers: ["avg_outdoor_temp_c"], excludeDowntime: true }));
    expect(down.dropped.downtime).toBe(4);
    expect(down.y).toHaveLength(41);
    const kept = await buildFrame(t.db, request({ keepIncomplete: true }));
    expect(kept.y).toHaveLength(46);
    expect(kept.X.avg_outdoor_temp_c!.filter(Number.isNaN)).toHaveLength(1);
  });

  it("reads a window that starts between buckets from the next whole hour", async () => {
    const f = await buildFrame(t.db, request({ start: new Date(T0 + 30 * 60_000), end: new Date(T0 + 4 * H) }));
    expect(f.expectedBuckets).toBe(3);
    expect(f.y).toEqual([1, 2, 3]);
  });

  it("aggregates local days: sums scale for a missing hour, averages average, and too-incomplete days drop", async () => {
    // Day 1 lacks 3 of 24 hours of some value (> 10 %): dropped as incomplete; day 2 is whole.
    const f = await buildFrame(t.db, request({ granularity: "daily" }));
    expect(f.expectedBuckets).toBe(2);
    expect(f.dropped).toEqual({ missingEnergy: 0, missingDrivers: {}, downtime: 0, incomplete: 1 });
    expect(f.times).toEqual([new Date(T0 + 24 * H).toISOString()]);
    expect(f.y).toEqual([Array.from({ length: 24 }, (_, i) => 24 + i).reduce((a, b) => a + b, 0)]);
    expect(f.X.avg_outdoor_temp_c![0]).toBeCloseTo(10 + 11.5, 12);
    expect(f.X.total_production_count![0]).toBe(30 * 24);
    // With a lower share required, day 1 is kept and its sum scaled from the 21 complete hours.
    const loose = await buildFrame(t.db, request({ granularity: "daily", minHourShare: 0.8 }));
    const complete = Array.from({ length: 24 }, (_, h) => h).filter((h) => h !== 5 && h !== 6 && h !== 10);
    expect(loose.y[0]).toBeCloseTo((complete.reduce((a, b) => a + b, 0) * 24) / complete.length, 9);
  });
});

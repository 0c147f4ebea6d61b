/** Series values are read packed (lib/timeseries/series.ts): they must come back as exactly the stored doubles. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { getSeries, seriesPoints } from "@/lib/timeseries/series";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";

const M = ["e0000000-0000-0000-0000-000000000001", "e0000000-0000-0000-0000-000000000002"];
const T0 = Date.UTC(2025, 0, 1);
const values = [0.1 + 0.2, 1e-300, 123456789.12345679, -2.5e-8, 5e-324, 1.7976931348623157e308, 0, 2 / 3];

describe.each(rollupTableTargets())("series values and order (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    for (const [i, id] of M.entries()) await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, $3)`, [id, DEFAULT_SITE_ID, `Exact-${i}`]);
    // Inserted in reverse time order, the second machine with a gap and a NULL.
    for (let h = values.length - 1; h >= 0; h--) {
      const at = new Date(T0 + h * 3_600_000).toISOString();
      await t.db.query(`INSERT INTO energy_readings_1hour (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count) VALUES ($1, $2, $3, $4, $4, $4, 3600, extract(epoch from $1::timestamptz) + 3600, 60, 60)`, [at, M[0], values[h], 0 - values[h]!]);
      if (h !== 3) await t.db.query(`INSERT INTO energy_readings_1hour (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count) VALUES ($1, $2, $3, NULL, NULL, NULL, 3600, extract(epoch from $1::timestamptz) + 3600, 0, 60)`, [at, M[1], h]);
    }
  }, 60_000);
  afterAll(async () => t?.drop());

  it("returns every stored double bit for bit, in time order, per machine, with nulls and gaps", async () => {
    const r = await getSeries(t.db, { machineIds: [M[1]!, M[0]!], metrics: ["energy", "power"], from: new Date(T0), to: new Date(T0 + 24 * 3_600_000), bucket: "hourly" });
    const [second, first] = r.series;
    expect(first!.values.total_energy_kwh).toEqual(values);
    expect(first!.values.avg_power_kw).toEqual(values.map((v) => 0 - v));
    expect(first!.times).toEqual(values.map((_, h) => T0 + h * 3_600_000));
    expect(seriesPoints(first, r.columns).map((p) => p.time)).toEqual(values.map((_, h) => new Date(T0 + h * 3_600_000).toISOString()));
    expect(second!.values.total_energy_kwh).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(seriesPoints(second, r.columns).every((p) => p.avg_power_kw === null && p.max_power_kw === null)).toBe(true);
  });

  it("answers for machine ids written in upper case, under the ids as given", async () => {
    const upper = M[0]!.toUpperCase();
    const r = await getSeries(t.db, { machineIds: [upper], metrics: ["energy"], from: new Date(T0), to: new Date(T0 + 24 * 3_600_000), bucket: "hourly" });
    expect(r.series.map((s) => s.machineId)).toEqual([upper]);
    expect(r.series[0]!.values.total_energy_kwh).toEqual(values);
  });
});

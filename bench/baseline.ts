import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { ok, post, useDatabaseForRoutes } from "./routes";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { POST as suggestRoute } from "@/app/api/v1/baseline/suggest/route";
import { round, timeMedian } from "./util";

// Baseline endpoints end to end through their route handlers (validation, rollup reads, fit,
// storage, JSON), on one machine with a year of synthetic hourly rollups.

export const MACHINE = "b1000000-0000-0000-0000-000000000001";
export const START = "2025-01-01T00:00:00Z";
export const END = "2026-01-01T00:00:00Z";

export async function fillYear(db: Database): Promise<void> {
  await db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, 'Bench-Baseline', 'compressor') ON CONFLICT DO NOTHING`, [MACHINE, DEFAULT_SITE_ID]);
  const hours = `SELECT $1::timestamptz + g * INTERVAL '1 hour' AS bucket, g,
      10 + 10 * sin(2 * pi() * g / 8760.0) + 4 * sin(2 * pi() * g / 24.0) + 2 * sin(g * 0.37) AS temp,
      CASE WHEN (g % 24) BETWEEN 6 AND 21 AND (g / 24) % 7 < 5 THEN 800 + 200 * sin(g * 0.11) ELSE 50 + 20 * sin(g * 0.13) END AS prod,
      6.5 + 0.5 * sin(g * 0.021) AS pressure, 60 + 20 * sin(g * 0.05) AS humidity
    FROM generate_series(0, 8759) AS g`;
  const params = [START, MACHINE];
  await db.query(`INSERT INTO environmental_data_1hour SELECT bucket, $2::uuid, temp, temp - 2, temp + 2, 21, humidity, pressure, 12, 12, 12, 12, 12 FROM (${hours}) h`, params);
  await db.query(`INSERT INTO production_data_1hour SELECT bucket, $2::uuid, prod, prod, CASE WHEN prod > 100 THEN 60 ELSE 0 END, 60, 60 FROM (${hours}) h`, params);
  await db.query(
    `INSERT INTO energy_readings_1hour (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count) SELECT bucket, $2::uuid, e, e, e * 0.8, e * 1.2, 3600, extract(epoch from bucket) + 3600, 60, 60 FROM (
       SELECT bucket, 5 + 0.03 * prod + 0.4 * temp + 3 * pressure + 0.02 * humidity + 1.5 * sin(g * 7.7) AS e FROM (${hours}) h) x`,
    params,
  );
}



export async function baselineBenches(db: Database, label: string, results: Record<string, number>): Promise<void> {
  useDatabaseForRoutes(db);
  await fillYear(db);
  const drivers = ["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar", "avg_humidity_pct", "running_hours"];
  results[`${label}_train_1y_hourly_3drivers_ms`] = round(
    await timeMedian(9, () => ok(post(trainRoute, "/api/v1/baseline/train", { machine_id: MACHINE, start_date: START, end_date: END, drivers: drivers.slice(0, 3) })), 4),
  );
  results[`${label}_train_1y_hourly_5drivers_ms`] = round(await timeMedian(5, () => ok(post(trainRoute, "/api/v1/baseline/train", { machine_id: MACHINE, start_date: START, end_date: END, drivers }))));
  results[`${label}_changepoint_1y_daily_ms`] = round(
    await timeMedian(5, () => ok(post(trainRoute, "/api/v1/baseline/train", { machine_id: MACHINE, start_date: START, end_date: END, drivers: ["avg_outdoor_temp_c"], granularity: "daily", model_type: "5p" }))),
  );
  results[`${label}_train_towt_1y_hourly_ms`] = round(
    await timeMedian(5, () => ok(post(trainRoute, "/api/v1/baseline/train", { machine_id: MACHINE, start_date: START, end_date: END, drivers: ["avg_outdoor_temp_c", "total_production_count"], model_type: "towt" }))),
  );
  results[`${label}_suggest_1y_hourly_ms`] = round(await timeMedian(3, () => ok(post(suggestRoute, "/api/v1/baseline/suggest", { machine_id: MACHINE, start_date: START, end_date: END }))));
  await ok(post(trainRoute, "/api/v1/baseline/train", { machine_id: MACHINE, start_date: START, end_date: END, drivers, activate: true }));
  results[`${label}_deviation_1y_hourly_ms`] = round(await timeMedian(5, () => ok(post(deviationRoute, "/api/v1/baseline/deviation", { machine_id: MACHINE, start_date: START, end_date: END }))));
}

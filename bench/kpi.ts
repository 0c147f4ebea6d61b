import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { columnsOf, rollupTable } from "@/lib/timeseries/definitions";
import { GET as summaryRoute } from "@/app/api/v1/kpi/summary/route";
import { GET as kpiRoute } from "@/app/api/v1/kpi/[kpi]/route";
import { useDatabaseForRoutes } from "./routes";
import { round, timeMedian } from "./util";

// KPIs through the route handlers: the summary of 10 machines over a year, and what a plant-wide
// figure over 30 days costs at 10 and at 100 machines with a year of history each (it must cost
// what the period's buckets cost, not the stored history): the plant total (energy and CO2 at a
// flat factor, read by local day) and the whole summary (15-minute peaks, time-of-use cost, base
// load: hours and quarter hours). The 15min, 1hour and 1day rollups are written directly, as the
// refresher leaves them for 15-minute meters (the raw rows play no part in KPI reads); the bench
// runs in its own database so the plant is exactly these machines.

const YEAR_START = "2024-12-31T23:00:00Z"; // 2025-01-01 in Berlin
const YEAR_END = "2025-12-31T23:00:00Z";
const machineId = (i: number) => `b2000000-0000-0000-0000-${String(i + 1).padStart(12, "0")}`;

/** Machines from..to-1 with a year of 15-minute energy and hourly production rollups. */
export async function addMachines(db: Database, from: number, to: number): Promise<void> {
  const ids = Array.from({ length: to - from }, (_, k) => machineId(from + k));
  for (const [k, id] of ids.entries()) {
    await db.query(`INSERT INTO machines (id, site_id, name, type, area) VALUES ($1, $2, $3, 'motor', $4)`, [id, DEFAULT_SITE_ID, `KPI-${from + k + 1}`, from + k < 10 ? "first-ten" : "others"]);
  }
  const list = `{${ids.join(",")}}`;
  await db.query(
    `INSERT INTO energy_readings_15min (bucket, machine_id, total_energy_kwh, avg_power_kw, min_power_kw, max_power_kw, covered_s, max_reading_end_s, power_samples, sample_count)
     SELECT b, m, e, 4 * e, 4 * e, 4 * e, 900, extract(epoch FROM b) + 900, 15, 15
     FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, k), generate_series($2::timestamptz, $3::timestamptz - interval '15 minutes', interval '15 minutes') AS b,
          LATERAL (SELECT 5 + k + 3 * sin(extract(epoch FROM b) / 7200.0) AS e) x`,
    [list, YEAR_START, YEAR_END],
  );
  const cols = columnsOf("energy");
  await db.query(
    `INSERT INTO ${rollupTable("energy", "1hour")} (bucket, machine_id, ${cols.map((c) => c.name).join(", ")})
     SELECT date_bin('1 hour', bucket, TIMESTAMPTZ '2000-01-03 00:00:00+00'), machine_id, ${cols.map((c) => c.fromChild).join(", ")}
     FROM ${rollupTable("energy", "15min")} WHERE machine_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [list],
  );
  // Local days, as the refresher builds them from the 15-minute level (lib/timeseries/refresh.ts).
  await db.query(
    `INSERT INTO ${rollupTable("energy", "1day")} (bucket, machine_id, ${cols.map((c) => c.name).join(", ")})
     SELECT date_trunc('day', bucket, 'Europe/Berlin'), machine_id, ${cols.map((c) => c.fromChild).join(", ")}
     FROM ${rollupTable("energy", "15min")} WHERE machine_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [list],
  );
  await db.query(
    `INSERT INTO production_data_1hour (bucket, machine_id, total_production_count, avg_throughput, running_minutes, throughput_samples, sample_count)
     SELECT b, m, p, NULL, CASE WHEN p > 0 THEN 60 ELSE 0 END, 0, 60
     FROM unnest($1::uuid[]) AS m, generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') AS b,
          LATERAL (SELECT CASE WHEN extract(hour FROM b AT TIME ZONE 'Europe/Berlin') BETWEEN 6 AND 21 THEN 100.0 ELSE 0.0 END AS p) x`,
    [list, YEAR_START, YEAR_END],
  );
  const pcols = columnsOf("production");
  await db.query(
    `INSERT INTO ${rollupTable("production", "1day")} (bucket, machine_id, ${pcols.map((c) => c.name).join(", ")})
     SELECT date_trunc('day', bucket, 'Europe/Berlin'), machine_id, ${pcols.map((c) => c.fromChild).join(", ")}
     FROM ${rollupTable("production", "1hour")} WHERE machine_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [list],
  );
  await db.query("VACUUM ANALYZE");
}

async function summaryMs(query: Record<string, string>, runs = 7): Promise<number> {
  const url = `http://bench/api/v1/kpi/summary?${new URLSearchParams(query)}`;
  return timeMedian(runs, async () => {
    const res = await summaryRoute(new Request(url));
    if (res.status !== 200) throw new Error(`summary: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }, 2);
}

/** A plant total: energy and CO2 (flat grid factor) of the period, GET /api/v1/kpi/carbon. */
async function totalMs(query: Record<string, string>, runs = 11): Promise<number> {
  const url = `http://bench/api/v1/kpi/carbon?${new URLSearchParams(query)}`;
  return timeMedian(runs, async () => {
    const res = await kpiRoute(new Request(url), { params: Promise.resolve({ kpi: "carbon" }) });
    if (res.status !== 200) throw new Error(`carbon: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }, 2);
}

const MONTH = { start_date: "2025-11-01", end_date: "2025-12-01", granularity: "monthly" };
const DAY = { start_date: "2025-11-14", end_date: "2025-11-15", granularity: "daily" };

/** `db` must be a fresh database: the plant is the machines added here. */
export async function kpiBenches(db: Database, label: string, results: Record<string, number>, scale100: boolean): Promise<void> {
  // The routes answer through the read cache (lib/api/read-cache.ts): a repeated request would be
  // a cache hit (about 1 ms), not the KPI computation this bench measures.
  const ttl = process.env.READ_CACHE_TTL_S;
  process.env.READ_CACHE_TTL_S = "0";
  try {
    await kpiBenchesUncached(db, label, results, scale100);
  } finally {
    if (ttl === undefined) delete process.env.READ_CACHE_TTL_S;
    else process.env.READ_CACHE_TTL_S = ttl;
  }
}

async function kpiBenchesUncached(db: Database, label: string, results: Record<string, number>, scale100: boolean): Promise<void> {
  useDatabaseForRoutes(db);
  await db.query(`INSERT INTO site_tariffs (site_id, currency, tou_periods, demand_charge_per_kw_month) VALUES ($1, 'EUR', $2::jsonb, 12)`, [
    DEFAULT_SITE_ID,
    JSON.stringify([
      { name: "night", days: "weekday", start: "22:00", end: "06:00", price_per_kwh: 0.12 },
      { name: "day", days: "weekday", start: "06:00", end: "22:00", price_per_kwh: 0.28 },
      { name: "weekend", days: "weekend", start: "00:00", end: "24:00", price_per_kwh: 0.15 },
    ]),
  ]);
  await db.query(`INSERT INTO site_emission_factors (site_id, kg_co2_per_kwh) VALUES ($1, 0.38)`, [DEFAULT_SITE_ID]);
  let t = performance.now();
  await addMachines(db, 0, 10);
  console.log(`${label}: KPI data for 10 machines in ${round((performance.now() - t) / 1000)} s`);
  results[`${label}_kpi_summary_1y_10machines_ms`] = round(await summaryMs({ start_date: "2025-01-01", end_date: "2026-01-01" }));
  results[`${label}_kpi_plant_30d_10machines_ms`] = round(await summaryMs({ start_date: "2025-11-01", end_date: "2025-12-01" }, 11));
  results[`${label}_kpi_plant_1d_10machines_ms`] = round(await summaryMs({ start_date: "2025-11-14", end_date: "2025-11-15" }, 11));
  results[`${label}_kpi_plant_total_30d_10machines_ms`] = round(await totalMs(MONTH));
  results[`${label}_kpi_plant_total_1d_10machines_ms`] = round(await totalMs(DAY));
  if (!scale100) return;
  t = performance.now();
  await addMachines(db, 10, 100);
  console.log(`${label}: KPI data for 100 machines in ${round((performance.now() - t) / 1000)} s`);
  results[`${label}_kpi_plant_30d_100machines_ms`] = round(await summaryMs({ start_date: "2025-11-01", end_date: "2025-12-01" }, 11));
  results[`${label}_kpi_plant_1d_100machines_ms`] = round(await summaryMs({ start_date: "2025-11-14", end_date: "2025-11-15" }, 11));
  results[`${label}_kpi_area_30d_10of100machines_ms`] = round(await summaryMs({ area: "first-ten", start_date: "2025-11-01", end_date: "2025-12-01" }, 11));
  results[`${label}_kpi_plant_total_30d_100machines_ms`] = round(await totalMs(MONTH));
  results[`${label}_kpi_plant_total_1d_100machines_ms`] = round(await totalMs(DAY));
  results[`${label}_kpi_plant_total_30d_100_vs_10_ratio`] = round(results[`${label}_kpi_plant_total_30d_100machines_ms`]! / results[`${label}_kpi_plant_total_30d_10machines_ms`]!);
  results[`${label}_kpi_plant_total_30d_vs_1d_ratio`] = round(results[`${label}_kpi_plant_total_30d_100machines_ms`]! / results[`${label}_kpi_plant_total_1d_100machines_ms`]!);
  results[`${label}_kpi_plant_30d_100_vs_10_ratio`] = round(results[`${label}_kpi_plant_30d_100machines_ms`]! / results[`${label}_kpi_plant_30d_10machines_ms`]!);
  results[`${label}_kpi_plant_30d_vs_1d_ratio`] = round(results[`${label}_kpi_plant_30d_100machines_ms`]! / results[`${label}_kpi_plant_1d_100machines_ms`]!);
}

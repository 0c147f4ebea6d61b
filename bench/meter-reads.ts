import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { ok, post, useDatabaseForRoutes } from "./routes";
import { round, timeMedian } from "./util";

// Baselines on the data many plants have: three years of daily meter reads, and three years of
// monthly bills (read dates drifting through the month), each beside hourly outdoor temperatures;
// trained through the route handler.

const DAILY = "b1000000-0000-0000-0000-0000000000d1";
const BILLS = "b1000000-0000-0000-0000-0000000000b1";
const FROM = "2022-12-31T23:00:00Z"; // 2023-01-01 in Berlin
const TO = "2025-12-31T23:00:00Z";

async function fill(db: Database): Promise<void> {
  for (const [id, name] of [[DAILY, "Bench-Daily-Reads"], [BILLS, "Bench-Bills"]]) {
    await db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'boiler') ON CONFLICT DO NOTHING`, [id, DEFAULT_SITE_ID, name]);
    await db.query(
      `INSERT INTO environmental_data (time, machine_id, outdoor_temp_c)
       SELECT t, $3::uuid, 9 + 11 * sin(2 * pi() * extract(epoch from t) / 31557600) + 4 * sin(2 * pi() * extract(hour from t) / 24)
       FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') t`,
      [FROM, TO, id],
    );
  }
  // Local days and billing periods, as date_trunc in the plant's zone gives them.
  await db.query(
    `INSERT INTO energy_readings (time, machine_id, energy_kwh, interval_s)
     SELECT s, $3::uuid, 400 + 50 * sin(extract(doy from g)), extract(epoch from e - s)::int
     FROM (SELECT g, g AT TIME ZONE 'Europe/Berlin' AS s, (g + interval '1 day') AT TIME ZONE 'Europe/Berlin' AS e
           FROM generate_series(($1::timestamptz AT TIME ZONE 'Europe/Berlin'), ($2::timestamptz AT TIME ZONE 'Europe/Berlin') - interval '1 day', interval '1 day') g) x`,
    [FROM, TO, DAILY],
  );
  await db.query(
    `INSERT INTO energy_readings (time, machine_id, energy_kwh, interval_s)
     SELECT s, $3::uuid, 12000 + 3000 * sin(extract(month from s)), extract(epoch from e - s)::int
     FROM (SELECT (m + (5 + k % 3) * interval '1 day') AT TIME ZONE 'Europe/Berlin' AS s,
                  (m + interval '1 month' + (5 + (k + 1) % 3) * interval '1 day') AT TIME ZONE 'Europe/Berlin' AS e
           FROM (SELECT m, row_number() OVER () AS k FROM generate_series(($1::timestamptz AT TIME ZONE 'Europe/Berlin'), ($2::timestamptz AT TIME ZONE 'Europe/Berlin') - interval '2 months', interval '1 month') m) y) x`,
    [FROM, TO, BILLS],
  );
  await db.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) SELECT k, m, $1, $2 FROM unnest(ARRAY['energy','environmental']) k, unnest(ARRAY[$3, $4]::uuid[]) m`, [FROM, TO, DAILY, BILLS]);
  await refreshRollups(db);
}


export async function meterReadBenches(db: Database, label: string, results: Record<string, number>): Promise<void> {
  useDatabaseForRoutes(db);
  await fill(db);
  const body = { start_date: "2023-01-01", end_date: "2026-01-01", drivers: ["hdd"], hdd_base_c: 15 };
  results[`${label}_train_3y_daily_reads_ms`] = round(await timeMedian(7, () => ok(post(trainRoute, "/api/v1/baseline/train", { ...body, machine_id: DAILY, granularity: "daily" })), 2));
  results[`${label}_train_3y_bills_billing_period_ms`] = round(await timeMedian(7, () => ok(post(trainRoute, "/api/v1/baseline/train", { ...body, machine_id: BILLS, granularity: "billing_period" })), 2));
  results[`${label}_train_3y_bills_monthly_calendarised_ms`] = round(await timeMedian(7, () => ok(post(trainRoute, "/api/v1/baseline/train", { ...body, machine_id: BILLS, granularity: "monthly" })), 2));
}

import { afterAll, beforeAll, expect, it } from "vitest";
import postgres from "postgres";
import { createTestDatabase, databaseUrl, describeOn, type TestDatabase } from "../helpers/databases";
import { addMachines, rng } from "../helpers/fixtures";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { ingestJson } from "@/lib/ingest/json";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { refreshOptions, refreshPending } from "@/lib/timeseries/timescale-refresh";
import { existingJobs, policiesToReplace, policySpecs } from "@/lib/timeseries/timescale-policies";
import { REFRESH_OPTIONS_FROM, atLeast, timescaleVersion } from "@/lib/timeseries/timescale-version";

// The findings of issue 13 ("TimescaleDB in production") on a real TimescaleDB server
// (TEST_TIMESCALE_URL): concurrent ingestion never answers 500 for committed rows, refused
// refreshes stay pending and are done later, policies follow the code, jobs are staggered.

const MACHINES = Array.from({ length: 8 }, (_, i) => `b0000000-0000-0000-0000-00000000000${i + 1}`);
const HOUR = 3_600_000;
/** Whole hours, 4 days back: past the 1-minute and 15-minute policies' windows (late data). */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 4 * 24 * HOUR;

function energyRows(machine: string, hour: number, seed: number) {
  const rand = rng(seed);
  return Array.from({ length: 60 }, (_, m) => ({ time: new Date(T0 + hour * HOUR + m * 60_000).toISOString(), machine_id: machine, energy_kwh: Math.round(rand() * 1000) / 1000 }));
}

/**
 * Hourly energy per machine as the 1-hour aggregate holds it, next to the same from the raw rows
 * (sum and count): equal once every written range has been materialised.
 */
async function hourlyAgainstRaw(db: Database) {
  const [agg, raw] = await Promise.all([
    db.query<{ m: string; b: string; e: number; n: string }>(
      `SELECT machine_id::text AS m, bucket::text AS b, round(total_energy_kwh::numeric, 6)::float8 AS e, sample_count::text AS n FROM energy_readings_1hour ORDER BY 1, 2`,
    ),
    db.query<{ m: string; b: string; e: number; n: string }>(
      `SELECT machine_id::text AS m, time_bucket('1 hour', time)::text AS b, round(sum(energy_kwh)::numeric, 6)::float8 AS e, count(*)::text AS n FROM energy_readings GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  ]);
  return { agg, raw };
}

/** The hour buckets materialised so far (the aggregate's materialization table, not real-time aggregation). */
async function materialisedHours(db: Database): Promise<number> {
  const [m] = await db.query<{ name: string }>(
    `SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS name FROM timescaledb_information.continuous_aggregates WHERE view_name = 'energy_readings_1hour'`,
  );
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${m!.name}`);
  return rows[0]!.n;
}

describeOn("timescaledb", "TimescaleDB in production", () => {
  let t: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    t = await createTestDatabase("timescaledb");
    await addMachines(t.db, MACHINES);
    useDatabase(t.db);
    // A second app instance: its own connections, its own in-process refresher.
    second = await openPostgres(databaseUrl("timescaledb", t.name), { max: 4 });
  });
  afterAll(async () => {
    await second?.close();
    await t?.drop();
  });

  it("concurrent ingest requests (two app instances) all answer 200, and every written hour is materialised", async () => {
    const viaRoute = MACHINES.slice(0, 6).map((m, i) =>
      ingestRoute(jsonRequest("/api/v1/ingest/energy", energyRows(m, i % 3, i)), params({ kind: "energy" })).then(async (res) => ({ status: res.status, body: await body(res) })),
    );
    const viaSecond = MACHINES.slice(6).map((m, i) =>
      ingestJson(second, "energy", energyRows(m, i % 3, 10 + i), { on_error: "abort" }).then((r) => ({ status: 200, body: { written: r.written } })),
    );
    const answers = await Promise.all([...viaRoute, ...viaSecond]);
    expect(answers.map((a) => a.status)).toEqual(new Array(8).fill(200));
    for (const a of answers) expect(a.body.written).toBe(60);
    // Whatever a refusal past the retries left pending is done by the next refresher.
    await refreshRollups(t.db);
    const pending = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_pending`);
    expect(pending[0]!.n).toBe(0);
    const { agg, raw } = await hourlyAgainstRaw(t.db);
    expect(raw).toHaveLength(8);
    expect(agg).toEqual(raw);
    expect(await materialisedHours(t.db)).toBe(8);
  });

  it("a refresh refused past its retries leaves the range pending, answers 200, and a later refresh materialises it", async () => {
    // Stands in for a refresh of energy_readings_1min running all along: TimescaleDB's own record of
    // running refreshes, held by a live connection (whose pid it checks), over all time.
    const admin = postgres(new URL(`/${t.name}`, process.env.TEST_TIMESCALE_URL).toString(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(
        `INSERT INTO _timescaledb_catalog.continuous_aggs_jobs_refresh_ranges (materialization_id, start_range, end_range, pid, job_id, created_at)
         SELECT mat_hypertable_id, -9223372036854775807, 9223372036854775807, pg_backend_pid(), 0, now() FROM _timescaledb_catalog.continuous_agg WHERE user_view_name = 'energy_readings_1min'`,
      );
      const res = await ingestRoute(jsonRequest("/api/v1/ingest/energy", energyRows(MACHINES[0]!, 10, 99)), params({ kind: "energy" }));
      expect(res.status).toBe(200);
      expect((await body(res)).written).toBe(60);
      // Stayed pending, and was not taken up to the hour (its minutes were not brought up to date).
      const pending = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_pending`);
      expect(pending[0]!.n).toBe(1);
      expect(await materialisedHours(t.db)).toBe(8);
    } finally {
      await admin.end();
    }
    // The "refresh" has ended (its connection closed): the next refresher materialises the range.
    const r = await refreshPending(t.db);
    expect(r).toMatchObject({ ranges: 1, deferred: 0 });
    const { agg, raw } = await hourlyAgainstRaw(t.db);
    expect(agg).toEqual(raw);
    expect(await materialisedHours(t.db)).toBe(9);
  }, 60_000);

  it("refreshes with buckets_per_batch where the server has the option (2.28+), and without before", async () => {
    const version = await timescaleVersion(t.db);
    expect(version).not.toBeNull();
    const options = refreshOptions(version);
    expect(options === null).toBe(!atLeast(version!, REFRESH_OPTIONS_FROM));
    // The statement refreshPending and the rebuild send, accepted by this server.
    await t.db.query(`CALL refresh_continuous_aggregate('energy_readings_1min', NULL, $1::timestamptz, options => $2::jsonb)`, [new Date(T0 + 24 * HOUR).toISOString(), options]);
  });

  it("has the 15 policies of the code, each starting at its own second of the minute", async () => {
    const jobs = await existingJobs(t.db);
    expect(jobs).toHaveLength(15);
    expect(policiesToReplace(jobs, policySpecs())).toEqual([]);
    expect(new Set(jobs.map((j) => j.second)).size).toBe(15);
    const starts = await t.db.query<{ s: Date }>(`SELECT DISTINCT initial_start AS s FROM timescaledb_information.jobs WHERE hypertable_schema = current_schema()`);
    expect(starts).toHaveLength(15);
  });

  it("replaces policies whose settings changed at the next migration, and keeps them after", async () => {
    // An older release's settings: a shorter refresh window, compression after a day, no staggering.
    await t.db.query(`SELECT remove_continuous_aggregate_policy('energy_readings_15min')`);
    await t.db.query(`SELECT add_continuous_aggregate_policy('energy_readings_15min', start_offset => INTERVAL '6 hours', end_offset => INTERVAL '15 minutes', schedule_interval => INTERVAL '5 minutes')`);
    await t.db.query(`SELECT remove_compression_policy('production_data')`);
    await t.db.query(`SELECT add_compression_policy('production_data', INTERVAL '1 day')`);
    const before = await existingJobs(t.db);
    expect(policiesToReplace(before, policySpecs()).map((p) => p.spec.relation).sort()).toEqual(["energy_readings_15min", "production_data"]);
    await migrateDatabase(t.db);
    const after = await existingJobs(t.db);
    expect(after).toHaveLength(15);
    expect(policiesToReplace(after, policySpecs())).toEqual([]);
    const config = await t.db.query<{ start: string; after: string }>(
      `SELECT (SELECT config->>'start_offset' FROM timescaledb_information.jobs WHERE hypertable_name = 'energy_readings_15min') AS start,
              (SELECT config->>'compress_after' FROM timescaledb_information.jobs WHERE hypertable_name = 'production_data') AS after`,
    );
    expect(config[0]).toEqual({ start: "1 day", after: "7 days" });
    // The other 13 jobs were left as they were.
    const kept = after.filter((j) => before.some((b) => b.jobId === j.jobId));
    expect(kept).toHaveLength(13);
    await migrateDatabase(t.db);
    expect((await existingJobs(t.db)).map((j) => j.jobId).sort()).toEqual(after.map((j) => j.jobId).sort());
  });
});

import type { Database, Queryable } from "@/lib/db/types";
import { columnsOf, levelInterval, levels, parentLevel, rawTable, rollupTable, seriesKinds, type Level } from "./definitions";
import { bucketRanges, type TouchedRange } from "./ranges";

// Every piece of TimescaleDB-specific SQL lives in this module. CI has no TimescaleDB; this
// path follows the facts checked on TimescaleDB 2.28 / PostgreSQL 15 (see README "TimescaleDB")
// and is verified separately on a real server.

/** Refresh policy per level: windows cover at least two buckets, the lowest level refreshes often. */
const policies: Record<Level, { start: string; end: string; every: string }> = {
  "1min": { start: "2 hours", end: "1 minute", every: "1 minute" },
  "15min": { start: "1 day", end: "15 minutes", every: "5 minutes" },
  "1hour": { start: "3 days", end: "1 hour", every: "15 minutes" },
  "1day": { start: "35 days", end: "1 day", every: "1 hour" },
};

export async function timescaleAvailable(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Installs the extension where the server offers it. The library must be preloaded by the server
 * (shared_preload_libraries); if it is not, CREATE EXTENSION fails and we stay on plain PostgreSQL.
 */
export async function enableTimescale(db: Queryable): Promise<boolean> {
  if (!(await timescaleAvailable(db))) return false;
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
    return true;
  } catch (error) {
    console.warn("timescaledb is available but could not be enabled; using plain PostgreSQL rollups", error);
    return false;
  }
}

function caggSql(kind: (typeof seriesKinds)[number], level: Level): string {
  const parent = parentLevel(level);
  const source = parent === null ? rawTable[kind] : rollupTable(kind, parent);
  const time = parent === null ? "time" : "bucket";
  const cols = columnsOf(kind)
    .map((c) => `${parent === null ? c.fromRaw : c.fromChild} AS ${c.name}`)
    .join(",\n  ");
  return (
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollupTable(kind, level)}\n` +
    `WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS\n` +
    `SELECT time_bucket(INTERVAL '${levelInterval[level]}', ${time}) AS bucket,\n  machine_id,\n  ${cols}\n` +
    `FROM ${source}\nGROUP BY 1, 2\nWITH NO DATA`
  );
}

/** Statements that turn the raw tables into hypertables and build the aggregate hierarchy. */
export function timescaleSetupSql(): string[] {
  const out: string[] = [];
  for (const kind of seriesKinds) {
    const table = rawTable[kind];
    out.push(
      `SELECT create_hypertable('${table}', 'time', chunk_time_interval => INTERVAL '7 days', if_not_exists => TRUE, migrate_data => TRUE)`,
      // Compression settings cannot change once chunks are compressed: set them only the first time.
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = '${table}' AND compression_enabled) THEN ` +
        `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'machine_id', timescaledb.compress_orderby = 'time'); END IF; END $$`,
      `SELECT add_compression_policy('${table}', INTERVAL '7 days', if_not_exists => TRUE)`,
    );
    for (const level of levels) {
      const p = policies[level];
      out.push(
        caggSql(kind, level),
        `SELECT add_continuous_aggregate_policy('${rollupTable(kind, level)}', start_offset => INTERVAL '${p.start}', ` +
          `end_offset => INTERVAL '${p.end}', schedule_interval => INTERVAL '${p.every}', if_not_exists => TRUE)`,
      );
    }
  }
  return out;
}

export async function setupTimescale(db: Queryable): Promise<void> {
  for (const statement of timescaleSetupSql()) await db.query(statement);
}

// refresh_continuous_aggregate cannot run inside a transaction block: each CALL runs on its own.
async function refreshWindows(db: Database, kind: (typeof seriesKinds)[number], touched: TouchedRange[]): Promise<number> {
  let windows = 0;
  for (const level of levels) {
    for (const r of bucketRanges(touched, level)) {
      await db.query(`CALL refresh_continuous_aggregate($1, $2::timestamptz, $3::timestamptz)`, [
        rollupTable(kind, level),
        new Date(r.from).toISOString(),
        new Date(r.to).toISOString(),
      ]);
      windows += 1;
    }
  }
  return windows;
}

/**
 * Late data older than the policies' windows would stay out of the materialised part; ingestion's
 * recorded ranges are refreshed by hand, lowest level first.
 */
export async function refreshTimescale(db: Database): Promise<{ ranges: number; buckets: number }> {
  const pending = await db.query<{ kind: string; machine_id: string; s: Date | string; e: Date | string }>(
    `DELETE FROM rollup_pending RETURNING kind, machine_id, start_time AS s, end_time AS e`,
  );
  let windows = 0;
  for (const kind of seriesKinds) {
    const touched = pending
      .filter((p) => p.kind === kind)
      .map((p) => ({ machineId: p.machine_id, start: new Date(p.s).getTime(), end: new Date(p.e).getTime() }));
    if (touched.length > 0) windows += await refreshWindows(db, kind, touched);
  }
  return { ranges: pending.length, buckets: windows };
}

export async function rebuildTimescale(db: Database): Promise<void> {
  await db.query(`DELETE FROM rollup_pending`);
  for (const kind of seriesKinds) {
    for (const level of levels) {
      await db.query(`CALL refresh_continuous_aggregate($1, NULL, NULL)`, [rollupTable(kind, level)]);
    }
  }
}

/** What exists, for the health check: hypertables, aggregates and jobs. */
export async function timescaleStatus(db: Queryable): Promise<{ hypertables: number; continuousAggregates: number; jobs: number }> {
  const rows = await db.query<{ h: number; c: number; j: number }>(
    `SELECT (SELECT count(*)::int FROM timescaledb_information.hypertables) AS h,
            (SELECT count(*)::int FROM timescaledb_information.continuous_aggregates) AS c,
            (SELECT count(*)::int FROM timescaledb_information.jobs) AS j`,
  );
  return { hypertables: rows[0]?.h ?? 0, continuousAggregates: rows[0]?.c ?? 0, jobs: rows[0]?.j ?? 0 };
}

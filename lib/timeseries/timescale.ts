import type { Queryable } from "@/lib/db/types";
import {
  columnsOf,
  hasSignedCoverage,
  levelInterval,
  levels,
  parentLevel,
  rawTable,
  rollupTable,
  seriesKinds,
  SIGNED_COVERED_S,
  signedCoveredSql,
  storedColumnNames,
  type Level,
  type SeriesKind,
} from "./definitions";
import { bucketIndexDdl } from "./ddl";
import { logger } from "@/lib/log/logger";
import { decideTimescale, isNotPreloadedError, NOT_PRELOADED_MESSAGE, probeTimescale } from "./timescale-detect";
import { syncPolicies } from "./timescale-policies";
import { atLeast, MIN_TIMESCALE, timescaleVersion } from "./timescale-version";

// TimescaleDB-specific SQL lives in this module and its timescale-* neighbours (policies,
// refreshes, compression, version). Tested on a real TimescaleDB 2.28 / PostgreSQL 15 server when
// TEST_TIMESCALE_URL names one (README "TimescaleDB"); the generated SQL is unit-tested always.

/**
 * Installs the extension where the server offers and preloads it (timescale-detect.ts decides).
 * A server with TimescaleDB installed but not preloaded stays plain PostgreSQL, with one warning
 * saying how to enable it; any other failure to create the extension is logged with its cause.
 */
export async function enableTimescale(db: Queryable): Promise<boolean> {
  const decision = decideTimescale(await probeTimescale(db));
  if (!decision.use) {
    if (decision.reason === "not_preloaded") logger().warn({ timescaledb: "not_preloaded" }, decision.message);
    return false;
  }
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
    return true;
  } catch (error) {
    if (isNotPreloadedError(error)) logger().warn({ timescaledb: "not_preloaded" }, NOT_PRELOADED_MESSAGE);
    else logger().warn({ err: error, timescaledb: "create_failed" }, "timescaledb is available but could not be enabled; using plain PostgreSQL rollups");
    return false;
  }
}

/**
 * One level's continuous aggregate. `signed_covered_s` (definitions.ts) is an expression over the
 * aggregates of covered seconds and latest reading end and the bucket: the same value the rollup
 * tables' generated column holds, computed as each bucket is materialised (and by real-time
 * aggregation for the buckets not yet materialised).
 */
export function caggSql(kind: SeriesKind, level: Level): string {
  const parent = parentLevel(level);
  const source = parent === null ? rawTable[kind] : rollupTable(kind, parent);
  const time = parent === null ? "time" : "bucket";
  const bucket = `time_bucket(INTERVAL '${levelInterval[level]}', ${time})`;
  const expr = new Map(columnsOf(kind).map((c) => [c.name, parent === null ? c.fromRaw : c.fromChild]));
  const exprs = [...expr.entries()].map(([name, e]) => `${e} AS ${name}`);
  if (hasSignedCoverage(kind, level)) exprs.push(`${signedCoveredSql(level, expr.get("covered_s")!, expr.get("max_reading_end_s")!, bucket)} AS ${SIGNED_COVERED_S}`);
  const cols = exprs.join(",\n  ");
  return (
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollupTable(kind, level)}\n` +
    `WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS\n` +
    `SELECT ${bucket} AS bucket,\n  machine_id,\n  ${cols}\n` +
    `FROM ${source}\nGROUP BY 1, 2\nWITH NO DATA`
  );
}

function hypertableSql(kind: SeriesKind): string[] {
  const table = rawTable[kind];
  return [
    `SELECT create_hypertable('${table}', 'time', chunk_time_interval => INTERVAL '7 days', if_not_exists => TRUE, migrate_data => TRUE)`,
    // Set the compression settings only the first time (changing them later needs care with compressed chunks).
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = '${table}' AND compression_enabled) THEN ` +
      `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'machine_id', timescaledb.compress_orderby = 'time'); END IF; END $$`,
  ];
}

/**
 * The (bucket) index plant- and area-wide reads need, the same statement as on the rollup tables
 * (ddl.ts: bucketIndexDdl): TimescaleDB builds an index asked for on a continuous aggregate on its
 * materialization hypertable; the aggregate's own group-by index leads with machine_id.
 */
const bucketIndexSql = bucketIndexDdl;

function aggregateSql(kind: SeriesKind, level: Level): string[] {
  const index = bucketIndexSql(kind, level);
  return [caggSql(kind, level), ...(index ? [index] : [])];
}

/**
 * Statements that turn the raw tables into hypertables and build the aggregate hierarchy (the
 * policies are made to match timescale-policies.ts afterwards).
 */
export function timescaleSetupSql(): string[] {
  return seriesKinds.flatMap((kind) => [...hypertableSql(kind), ...levels.flatMap((level) => aggregateSql(kind, level))]);
}

/**
 * How a kind's rollup relations stand: "current" when each is a continuous aggregate with every
 * column of definitions.ts (signed_covered_s included), "missing" when none exists, "stale" otherwise (plain tables left by a
 * migration without TimescaleDB, or aggregates from an older definition).
 */
async function aggregatesState(db: Queryable, kind: SeriesKind): Promise<"current" | "missing" | "stale"> {
  let present = 0;
  let current = 0;
  for (const level of levels) {
    const name = rollupTable(kind, level);
    const rows = await db.query<{ found: boolean; is_cagg: boolean; names: string[] | null }>(
      `SELECT to_regclass($1) IS NOT NULL AS found,
              EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema() AND view_name = $1) AS is_cagg,
              (SELECT array_agg(column_name::text) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1) AS names`,
      [name],
    );
    const r = rows[0];
    if (!r?.found) continue;
    present += 1;
    const have = new Set(r.names ?? []);
    if (r.is_cagg && storedColumnNames(kind, level).every((c) => have.has(c))) current += 1;
  }
  if (present === 0) return "missing";
  return current === levels.length ? "current" : "stale";
}

/** Drops a kind's rollup relations, top level first (each aggregate depends on the one below). */
async function dropRollups(db: Queryable, kind: SeriesKind): Promise<void> {
  for (const level of [...levels].reverse()) {
    const name = rollupTable(kind, level);
    const rows = await db.query<{ is_cagg: boolean; is_table: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema() AND view_name = $1) AS is_cagg,
              EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind = 'r') AS is_table`,
      [name],
    );
    if (rows[0]?.is_cagg) await db.query(`DROP MATERIALIZED VIEW ${name} CASCADE`);
    else if (rows[0]?.is_table) await db.query(`DROP TABLE ${name}`);
  }
}

/**
 * Makes the raw tables hypertables and builds the aggregate hierarchy. Rollups that are plain
 * tables (the database was migrated before TimescaleDB was installed) or aggregates of an older
 * definition are dropped and built again: they hold nothing the raw tables do not. Returns the
 * kinds whose aggregates were (re)built; they must be refreshed over all their history, since the
 * policies only reach back a few buckets.
 */
export async function setupTimescale(db: Queryable): Promise<SeriesKind[]> {
  const version = await timescaleVersion(db);
  if (version && !atLeast(version, MIN_TIMESCALE)) {
    logger().warn(`TimescaleDB ${version.join(".")} is older than ${MIN_TIMESCALE.join(".")}, the oldest this product is tested with (README "TimescaleDB")`);
  }
  const built: SeriesKind[] = [];
  for (const kind of seriesKinds) {
    for (const statement of hypertableSql(kind)) await db.query(statement);
    const state = await aggregatesState(db, kind);
    if (state === "stale") await dropRollups(db, kind);
    for (const level of levels) for (const statement of aggregateSql(kind, level)) await db.query(statement);
    if (state !== "current") built.push(kind);
  }
  const replaced = await syncPolicies(db);
  if (replaced.length > 0) logger().info(`TimescaleDB policies (re)created: ${replaced.map((r) => `${r.relation} (${r.why.join("; ")})`).join(", ")}`);
  return built;
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

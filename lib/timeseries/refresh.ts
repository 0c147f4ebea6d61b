import type { Database, Queryable } from "@/lib/db/types";
import {
  BUCKET_ORIGIN,
  columnsOf,
  levelInterval,
  levels,
  parentLevel,
  rawTable,
  rollupTable,
  seriesKinds,
  type Level,
  type SeriesKind,
} from "./definitions";
import { bucketRanges, rangesJson, type BucketRange, type TouchedRange } from "./ranges";
import { rebuildAggregates, refreshTimescale } from "./timescale-refresh";

// Rollups as tables (PostgreSQL and PGlite): ingestion records the (machine, time range) it
// touched in rollup_pending; this refresher recomputes exactly the buckets those ranges reach,
// level by level up the hierarchy, in one transaction. Recomputing a whole bucket from the
// level below makes it idempotent and order-independent: late or re-sent data gives what a
// full rebuild gives.

const REFRESH_LOCK = 7_420_001;

/**
 * The level each table is computed from. Local days come from quarter hours, not hours: a zone
 * such as India's (+05:30) starts its days on the half hour.
 */
function tableParent(level: Level): Level | null {
  return level === "1day" ? "15min" : parentLevel(level);
}

function sourceOf(kind: SeriesKind, level: Level): { table: string; time: string; raw: boolean } {
  const parent = tableParent(level);
  return parent === null
    ? { table: rawTable[kind], time: "time", raw: true }
    : { table: rollupTable(kind, parent), time: "bucket", raw: false };
}

function selectSql(kind: SeriesKind, level: Level, where: string, from: string): string {
  const src = sourceOf(kind, level);
  const cols = columnsOf(kind);
  const exprs = cols.map((c) => `${src.raw ? c.fromRaw : c.fromChild} AS ${c.name}`).join(", ");
  // Days are the plant's local days: each machine's site zone (date_trunc is DST-correct).
  const local = level === "1day";
  const bucket = local ? `date_trunc('day', c.${src.time}, z.time_zone)` : `date_bin('${levelInterval[level]}', c.${src.time}, '${BUCKET_ORIGIN}'::timestamptz)`;
  const zone = local ? ` JOIN machines zm ON zm.id = c.machine_id JOIN sites z ON z.id = zm.site_id` : "";
  return (
    `INSERT INTO ${rollupTable(kind, level)} (bucket, machine_id, ${cols.map((c) => c.name).join(", ")}) ` +
    `SELECT ${bucket} AS bucket, c.machine_id, ${exprs} ` +
    `FROM ${from}${zone} ${where} GROUP BY 2, 1`
  );
}

/**
 * For the refresher's transaction only: aggregate by sorting, in memory. Rows then come out in
 * key (machine, bucket) order, so the rollup's index grows at its right edge instead of taking
 * inserts all over; with hashing (and its spill to disk at the default 4 MB) a large back-fill
 * took nearly twice as long.
 */
async function sortedAggregation(tx: Queryable): Promise<void> {
  // At least 64 MB (a caller's bulk load may have set more: pg_settings counts kB).
  await tx.query(`SELECT set_config('work_mem', '64MB', true) FROM pg_settings WHERE name = 'work_mem' AND setting::bigint < 65536`);
  await tx.query(`SET LOCAL enable_hashagg = off`);
}

const rangeRecordset = `jsonb_to_recordset($1::jsonb) AS r(machine_id uuid, s timestamptz, e timestamptz)`;

/**
 * Ranges that share one window (the usual case: a batch for several machines over the same
 * hour) become one statement with a machine list — a plain index range scan the planner cannot
 * get wrong. Many distinct windows (a large back-fill) go through one join over a recordset.
 */
function windowGroups(ranges: BucketRange[]): { machines: string[]; from: number; to: number }[] {
  const groups = new Map<string, { machines: string[]; from: number; to: number }>();
  for (const r of ranges) {
    const key = `${r.from}:${r.to}`;
    const g = groups.get(key) ?? { machines: [], from: r.from, to: r.to };
    g.machines.push(r.machineId);
    groups.set(key, g);
  }
  return [...groups.values()];
}

const MAX_GROUP_STATEMENTS = 24;

async function recomputeLevel(tx: Queryable, kind: SeriesKind, level: Level, ranges: BucketRange[]): Promise<number> {
  const src = sourceOf(kind, level);
  const table = rollupTable(kind, level);
  const groups = windowGroups(ranges);
  if (groups.length <= MAX_GROUP_STATEMENTS) {
    let n = 0;
    for (const g of groups) {
      const params = [`{${g.machines.join(",")}}`, new Date(g.from).toISOString(), new Date(g.to).toISOString()];
      await tx.query(`DELETE FROM ${table} WHERE machine_id = ANY($1::uuid[]) AND bucket >= $2::timestamptz AND bucket < $3::timestamptz`, params);
      const where = `WHERE c.machine_id = ANY($1::uuid[]) AND c.${src.time} >= $2::timestamptz AND c.${src.time} < $3::timestamptz`;
      n += await tx.execute(selectSql(kind, level, where, `${src.table} c`), params);
    }
    return n;
  }
  const json = rangesJson(ranges);
  await tx.query(
    `DELETE FROM ${table} t USING ${rangeRecordset} WHERE t.machine_id = r.machine_id AND t.bucket >= r.s AND t.bucket < r.e`,
    [json],
  );
  const from = `${rangeRecordset} JOIN ${src.table} c ON c.machine_id = r.machine_id AND c.${src.time} >= r.s AND c.${src.time} < r.e`;
  return tx.execute(selectSql(kind, level, "", from), [json]);
}

/** Each machine's site time zone (local days of the 1day rollup). */
export async function machineZones(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; tz: string }>(`SELECT m.id::text AS id, s.time_zone AS tz FROM machines m JOIN sites s ON s.id = m.site_id`);
  return new Map(rows.map((r) => [r.id, r.tz]));
}

async function recomputeRanges(tx: Queryable, kind: SeriesKind, touched: TouchedRange[], zones: Map<string, string>): Promise<number> {
  let buckets = 0;
  const zoneOf = (id: string) => zones.get(id.toLowerCase()) ?? "UTC";
  for (const level of levels) {
    const ranges = bucketRanges(touched, level, level === "1day" ? zoneOf : undefined);
    if (ranges.length > 0) buckets += await recomputeLevel(tx, kind, level, ranges);
  }
  return buckets;
}

export interface RefreshResult {
  ranges: number;
  buckets: number;
}

/** Brings every rollup up to date with what ingestion recorded in rollup_pending. */
export async function refreshRollups(db: Database): Promise<RefreshResult> {
  if (db.kind === "timescaledb") {
    const { ranges, buckets } = await refreshTimescale(db);
    return { ranges, buckets };
  }
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    await sortedAggregation(tx);
    const pending = await tx.query<{ kind: string; machine_id: string; s: Date | string; e: Date | string }>(
      `DELETE FROM rollup_pending RETURNING kind, machine_id, start_time AS s, end_time AS e`,
    );
    let buckets = 0;
    const zones = pending.length > 0 ? await machineZones(tx) : new Map<string, string>();
    for (const kind of seriesKinds) {
      const touched = pending
        .filter((p) => p.kind === kind)
        .map((p) => ({ machineId: p.machine_id, start: new Date(p.s).getTime(), end: new Date(p.e).getTime() }));
      if (touched.length > 0) buckets += await recomputeRanges(tx, kind, touched, zones);
    }
    return { ranges: pending.length, buckets };
  });
}

/**
 * Recomputes every rollup (or those of `kinds`) from the raw tables (after a bulk load, when a
 * migration adds a column, and as the reference in tests).
 */
export async function rebuildRollups(db: Database, kinds: readonly SeriesKind[] = seriesKinds): Promise<void> {
  if (db.kind === "timescaledb") return rebuildAggregates(db, kinds);
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    await sortedAggregation(tx);
    await tx.query(`DELETE FROM rollup_pending WHERE kind = ANY($1::text[])`, [`{${kinds.join(",")}}`]);
    for (const kind of kinds) {
      for (const level of levels) {
        await tx.query(`TRUNCATE ${rollupTable(kind, level)}`);
        await tx.query(selectSql(kind, level, "", `${sourceOf(kind, level).table} c`));
      }
    }
  });
  // Fresh statistics after a bulk load, so the planner sees the tables as they are.
  for (const kind of kinds) {
    await db.query(`ANALYZE ${rawTable[kind]}`);
    for (const level of levels) await db.query(`ANALYZE ${rollupTable(kind, level)}`);
  }
}

/**
 * Recomputes the local days of a site's machines (after its time zone changed), or of one
 * machine (after it moved to another site). TimescaleDB serves local days from the hourly
 * aggregates at query time and needs nothing.
 */
export async function rebuildLocalDays(db: Database, scope: string | { machineId: string }): Promise<void> {
  if (db.kind === "timescaledb") return;
  const [where, param] =
    typeof scope === "string"
      ? [`WHERE c.machine_id IN (SELECT id FROM machines WHERE site_id = $1::uuid)`, scope]
      : [`WHERE c.machine_id = $1::uuid`, scope.machineId];
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    await sortedAggregation(tx);
    for (const kind of seriesKinds) {
      await tx.query(`DELETE FROM ${rollupTable(kind, "1day")} c ${where}`, [param]);
      await tx.query(selectSql(kind, "1day", where, `${sourceOf(kind, "1day").table} c`), [param]);
    }
  });
}

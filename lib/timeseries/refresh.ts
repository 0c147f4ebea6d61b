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
import { bucketRanges, rangesJson, type TouchedRange } from "./ranges";
import { refreshTimescale, rebuildTimescale } from "./timescale";

// Rollups as tables (PostgreSQL and PGlite): ingestion records the (machine, time range) it
// touched in rollup_pending; this refresher recomputes exactly the buckets those ranges reach,
// level by level up the hierarchy, in one transaction. Recomputing a whole bucket from the
// level below makes it idempotent and order-independent: late or re-sent data gives what a
// full rebuild gives.

const REFRESH_LOCK = 7_420_001;

function sourceOf(kind: SeriesKind, level: Level): { table: string; time: string; raw: boolean } {
  const parent = parentLevel(level);
  return parent === null
    ? { table: rawTable[kind], time: "time", raw: true }
    : { table: rollupTable(kind, parent), time: "bucket", raw: false };
}

function selectSql(kind: SeriesKind, level: Level, where: string, from: string): string {
  const src = sourceOf(kind, level);
  const cols = columnsOf(kind);
  const exprs = cols.map((c) => `${src.raw ? c.fromRaw : c.fromChild} AS ${c.name}`).join(", ");
  return (
    `INSERT INTO ${rollupTable(kind, level)} (bucket, machine_id, ${cols.map((c) => c.name).join(", ")}) ` +
    `SELECT date_bin('${levelInterval[level]}', c.${src.time}, '${BUCKET_ORIGIN}'::timestamptz) AS bucket, c.machine_id, ${exprs} ` +
    `FROM ${from} ${where} GROUP BY 1, 2`
  );
}

const rangeRecordset = `jsonb_to_recordset($1::jsonb) AS r(machine_id uuid, s timestamptz, e timestamptz)`;

async function recomputeRanges(tx: Queryable, kind: SeriesKind, touched: TouchedRange[]): Promise<number> {
  let buckets = 0;
  for (const level of levels) {
    const ranges = bucketRanges(touched, level);
    if (ranges.length === 0) continue;
    const json = rangesJson(ranges);
    const src = sourceOf(kind, level);
    const table = rollupTable(kind, level);
    // LATERAL keeps each range an index range scan on (machine_id, time): a plain join lets the
    // planner hash the whole table when it misjudges how few ranges there are.
    await tx.query(
      `DELETE FROM ${table} WHERE ctid IN (SELECT t.ctid FROM ${rangeRecordset}, LATERAL ` +
        `(SELECT ctid FROM ${table} WHERE machine_id = r.machine_id AND bucket >= r.s AND bucket < r.e) t)`,
      [json],
    );
    const inserted = await tx.query(
      selectSql(
        kind,
        level,
        "",
        `${rangeRecordset}, LATERAL (SELECT * FROM ${src.table} WHERE machine_id = r.machine_id AND ${src.time} >= r.s AND ${src.time} < r.e) c`,
      ) + " RETURNING 1",
      [json],
    );
    buckets += inserted.length;
  }
  return buckets;
}

export interface RefreshResult {
  ranges: number;
  buckets: number;
}

/** Brings every rollup up to date with what ingestion recorded in rollup_pending. */
export async function refreshRollups(db: Database): Promise<RefreshResult> {
  if (db.kind === "timescaledb") return refreshTimescale(db);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    const pending = await tx.query<{ kind: string; machine_id: string; s: Date | string; e: Date | string }>(
      `DELETE FROM rollup_pending RETURNING kind, machine_id, start_time AS s, end_time AS e`,
    );
    let buckets = 0;
    for (const kind of seriesKinds) {
      const touched = pending
        .filter((p) => p.kind === kind)
        .map((p) => ({ machineId: p.machine_id, start: new Date(p.s).getTime(), end: new Date(p.e).getTime() }));
      if (touched.length > 0) buckets += await recomputeRanges(tx, kind, touched);
    }
    return { ranges: pending.length, buckets };
  });
}

/** Recomputes every rollup from the raw tables (after a bulk load, and as the reference in tests). */
export async function rebuildRollups(db: Database): Promise<void> {
  if (db.kind === "timescaledb") return rebuildTimescale(db);
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    await tx.query(`DELETE FROM rollup_pending`);
    for (const kind of seriesKinds) {
      for (const level of levels) {
        await tx.query(`TRUNCATE ${rollupTable(kind, level)}`);
        await tx.query(selectSql(kind, level, "", `${sourceOf(kind, level).table} c`));
      }
    }
  });
}

/** Records the ranges a staged batch touched, one per machine and UTC day. */
export async function recordTouched(tx: Queryable, kind: SeriesKind, stageTable: string): Promise<void> {
  await tx.query(
    `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) ` +
      `SELECT $1, machine_id, min(time), max(time) FROM ${stageTable} ` +
      `GROUP BY machine_id, date_bin('1 day', time, '${BUCKET_ORIGIN}'::timestamptz)`,
    [kind],
  );
}

import type { Database, Queryable } from "@/lib/db/types";
import { BUCKET_ORIGIN, rawTable, type SeriesKind } from "@/lib/timeseries/definitions";
import { refreshRollups, type RefreshResult } from "@/lib/timeseries/refresh";
import { columnSpecs } from "./columns";
import type { BatchKeys, KeyRange } from "./keys";

// Writes validated rows: COPY into a temporary staging table, then one statement moves them into
// the raw table, and the touched ranges are recorded for the rollup refresher — all in one
// transaction, so a batch lands whole or not at all. Re-sent rows update (the last of duplicate
// (machine, time) rows in a batch wins). How the rows move depends on what the batch's keys
// (BatchKeys, noted while validating) allow:
//
//  - no key repeats in the batch and none exists in the table over the batch's ranges (the usual
//    import of new data): a plain INSERT, which skips the upsert's per-row conflict handling, and
//    the ranges are recorded from the keys. Should a concurrent writer add one of the keys
//    meanwhile, the INSERT fails with a unique violation, is rolled back to its savepoint, and the
//    upsert below does the work instead.
//  - otherwise an upsert that leaves rows whose values are unchanged alone (a re-sent batch costs
//    no writes) and records the ranges of the rows it actually inserted or changed, so unchanged
//    data causes no rollup work; with repeated keys, the last of each wins (DISTINCT ON by line).
//
// Rows are never COPYed into the raw table itself: a COPY that fails (on a unique violation)
// cannot be caught and retried through lib/db/postgres.ts, whose copy stream never settles then.

const STAGE = "ingest_stage";
const UNIQUE_VIOLATION = "23505";
const CARDINALITY_VIOLATION = "21000";

export interface StageWriter {
  /** Appends COPY CSV lines (see copyLine) to the batch. */
  write(lines: string[]): Promise<void>;
}

async function createStage(tx: Queryable, kind: SeriesKind): Promise<void> {
  const cols = columnSpecs[kind].map((c) => c.name);
  await tx.query(`DROP TABLE IF EXISTS ${STAGE}`);
  await tx.query(
    `CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT 0::int AS line, ${cols.join(", ")} FROM ${rawTable[kind]} WITH NO DATA`,
  );
}

const rangeRecordset = `jsonb_to_recordset($1::jsonb) AS r(machine_id uuid, s timestamptz, e timestamptz)`;

/** Whether the table holds any row in the ranges (so a plain INSERT could hit an existing key). */
async function anyExisting(tx: Queryable, kind: SeriesKind, ranges: KeyRange[]): Promise<boolean> {
  // One index probe per range (LIMIT 1 inside LATERAL), whatever the planner thinks of the recordset.
  const rows = await tx.query<{ hit: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${rangeRecordset} CROSS JOIN LATERAL (
       SELECT 1 FROM ${rawTable[kind]} t WHERE t.machine_id = r.machine_id AND t.time >= r.s AND t.time <= r.e LIMIT 1) x) AS hit`,
    [JSON.stringify(ranges)],
  );
  return rows[0]?.hit !== false;
}

/** Inserts the staged rows, all of them new; throws a unique violation if one is not. */
async function insertStage(tx: Queryable, kind: SeriesKind, ranges: KeyRange[]): Promise<void> {
  const cols = columnSpecs[kind].map((c) => c.name).join(", ");
  await tx.savepoint(async (sp) => {
    await sp.query(`INSERT INTO ${rawTable[kind]} (${cols}) SELECT ${cols} FROM ${STAGE}`);
  });
  await tx.query(
    `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) SELECT $2, machine_id, s, e FROM ${rangeRecordset}`,
    [JSON.stringify(ranges), kind],
  );
}

/**
 * The upsert. `distinct`: keep only the last staged row of each key (needed when a key repeats).
 * `skipUnchanged`: leave rows whose values equal the staged ones alone; only sound when each key is
 * staged once (then which of two rows comes first cannot matter). Records, per machine and UTC
 * day, the ranges of the rows it inserted or updated (as recordTouched groups them). Returns the
 * rows written (each key once, changed or not).
 */
async function upsert(tx: Queryable, kind: SeriesKind, staged: number, distinct: boolean, skipUnchanged: boolean): Promise<number> {
  const cols = columnSpecs[kind].map((c) => c.name);
  const values = cols.filter((c) => c !== "time" && c !== "machine_id");
  const source = distinct
    ? `SELECT DISTINCT ON (machine_id, time) ${cols.join(", ")} FROM ${STAGE} ORDER BY machine_id, time, line DESC`
    : `SELECT ${cols.join(", ")} FROM ${STAGE}`;
  const unchanged = skipUnchanged
    ? ` WHERE (${values.map((c) => `t.${c}`).join(", ")}) IS DISTINCT FROM (${values.map((c) => `EXCLUDED.${c}`).join(", ")})`
    : "";
  const rows = await tx.query<{ n: number }>(
    `WITH src AS (${source}),
     upserted AS (
       INSERT INTO ${rawTable[kind]} AS t (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM src
       ON CONFLICT (machine_id, time) DO UPDATE SET ${values.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}${unchanged}
       RETURNING t.machine_id, t.time),
     recorded AS (
       INSERT INTO rollup_pending (kind, machine_id, start_time, end_time)
       SELECT $1, machine_id, min(time), max(time) FROM upserted
       GROUP BY machine_id, date_bin('1 day', time, '${BUCKET_ORIGIN}'::timestamptz))
     SELECT ${distinct ? "(SELECT count(*) FROM src)::int" : "NULL::int"} AS n`,
    [kind],
  );
  // Without DISTINCT every staged row is a key of its own (else the upsert fails with 21000).
  return distinct ? (rows[0]?.n ?? 0) : staged;
}

const codeOf = (error: unknown) => (error as { code?: string }).code;

/** Moves the staged rows into the raw table and records their ranges; returns the rows written. */
async function mergeStage(tx: Queryable, kind: SeriesKind, staged: number, keys: BatchKeys | undefined): Promise<number> {
  if (keys && keys.count === staged) {
    if (!keys.distinct) return upsert(tx, kind, staged, true, true);
    const ranges = keys.ranges();
    if (!(await anyExisting(tx, kind, ranges))) {
      try {
        await insertStage(tx, kind, ranges);
        return staged;
      } catch (error) {
        if (codeOf(error) !== UNIQUE_VIOLATION) throw error;
      }
    }
    return upsert(tx, kind, staged, false, true);
  }
  // Keys unknown (lines written by hand): most batches hold each key once, so try the plain upsert;
  // one that repeats a key fails it ("cannot affect row a second time") and is merged again.
  try {
    return await tx.savepoint((sp) => upsert(sp, kind, staged, false, false));
  } catch (error) {
    if (codeOf(error) !== CARDINALITY_VIOLATION) throw error;
  }
  return upsert(tx, kind, staged, true, true);
}

export interface WriteResult {
  written: number;
  refresh: RefreshResult;
}

/**
 * Runs `produce` with a writer into a staging table, then merges and records, in one transaction.
 * If `produce` throws, nothing is written. Rollups are refreshed after the commit. `keys` are the
 * keys of the lines `produce` writes, noted while validating them (RowValidator.keys).
 */
export async function writeBatch(
  db: Database,
  kind: SeriesKind,
  produce: (writer: StageWriter) => Promise<void>,
  options: { refresh?: boolean; keys?: BatchKeys } = {},
): Promise<WriteResult> {
  const cols = columnSpecs[kind].map((c) => c.name);
  const copy = `COPY ${STAGE} (line, ${cols.join(", ")}) FROM STDIN WITH (FORMAT csv)`;
  const written = await db.transaction(async (tx) => {
    await createStage(tx, kind);
    let staged = 0;
    const stream = await tx.copyStream(copy);
    try {
      await produce({
        async write(lines) {
          if (lines.length === 0) return;
          staged += lines.length;
          await stream.write(lines.join(""));
        },
      });
    } catch (error) {
      await stream.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    await stream.end();
    if (staged === 0) return 0;
    return mergeStage(tx, kind, staged, options.keys);
  });
  const refresh = options.refresh === false ? { ranges: 0, buckets: 0 } : await refreshRollups(db);
  return { written, refresh };
}

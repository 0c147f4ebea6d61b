import type { Database, Queryable } from "@/lib/db/types";
import { BUCKET_ORIGIN, rawTable, type SeriesKind } from "@/lib/timeseries/definitions";
import { refreshRollups, type RefreshResult } from "@/lib/timeseries/refresh";
import { storedColumns } from "./columns";
import type { BatchKeys, KeyRange } from "./keys";

// Writes validated rows and records the touched ranges for the rollup refresher, all in one
// transaction, so a batch lands whole or not at all. Re-sent rows update (the last of duplicate
// (machine, time) rows in a batch wins). Rows arrive in chunks (StageWriter.write), each with the
// keys the validator noted for it (BatchKeys), and each chunk goes the cheapest way its keys allow:
//
//  - no key repeats in the chunk and none exists in the table over its ranges (the usual import of
//    new data): a COPY straight into the raw table, inside a savepoint, and the ranges recorded
//    from the keys. Should a concurrent writer (or an earlier chunk of the same batch) have added
//    one of the keys, the COPY fails with a unique violation, is rolled back to its savepoint, and
//    the chunk takes the way below.
//  - otherwise COPY into a temporary staging table, then an upsert that leaves rows whose values
//    are unchanged alone (a re-sent batch costs no writes) and records the ranges of the rows it
//    actually inserted or changed, so unchanged data causes no rollup work; with repeated keys,
//    the last of each wins (DISTINCT ON by the staging order).
//
// Chunks are pipelined: the database works on one while the caller validates the next.

const STAGE = "ingest_stage";
const COPY_SAVEPOINT = "ingest_copy";
const UNIQUE_VIOLATION = "23505";
const CARDINALITY_VIOLATION = "21000";
const codeOf = (error: unknown) => (error as { code?: string }).code;

/**
 * Runs in the transaction just before a chunk is written (after the previous chunk is, so it sees
 * it): returns the lines to write and their keys (a subset), or throws to refuse the batch.
 */
export type ChunkCheck = (tx: Queryable) => Promise<{ lines: string[]; keys: BatchKeys | undefined }>;

export interface StageWriter {
  /**
   * Adds COPY CSV lines (see copyLine) to the batch, with their keys when known (a BatchKeys of
   * exactly these lines). Returns once the previous chunk is written, while this one is.
   */
  write(lines: string[], keys?: BatchKeys, check?: ChunkCheck): Promise<void>;
  /** True while no chunk is being written: the database is waiting for the next one. */
  readonly idle: boolean;
}

/** The staging table, created on the first use in a transaction and emptied after each chunk. */
async function createStage(tx: Queryable, kind: SeriesKind): Promise<void> {
  const cols = storedColumns[kind];
  await tx.query(`DROP TABLE IF EXISTS ${STAGE}`);
  await tx.query(`CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT ${cols.join(", ")} FROM ${rawTable[kind]} WITH NO DATA`);
  // Numbered in COPY order: the order of the lines, which decides between repeated keys.
  await tx.query(`ALTER TABLE ${STAGE} ADD COLUMN line bigint GENERATED ALWAYS AS IDENTITY`);
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

async function recordRanges(tx: Queryable, kind: SeriesKind, ranges: KeyRange[]): Promise<void> {
  await tx.query(
    `INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) SELECT $2, machine_id, s, e FROM ${rangeRecordset}`,
    [JSON.stringify(ranges), kind],
  );
}

const copyInto = (table: string, kind: SeriesKind) => `COPY ${table} (${storedColumns[kind].join(", ")}) FROM STDIN WITH (FORMAT csv)`;

/**
 * When the keys are new to the table, COPYs the lines straight into it, inside a savepoint, and
 * returns true; false (nothing written) when a key exists or the COPY meets one (a unique
 * violation). Statements that need no answer in between are sent together (the check with the
 * savepoint, the ranges with the COPY), so a chunk costs four round trips.
 */
async function copyNew(tx: Queryable, kind: SeriesKind, lines: string[], ranges: KeyRange[]): Promise<boolean> {
  const [exists] = await Promise.all([anyExisting(tx, kind, ranges), tx.query(`SAVEPOINT ${COPY_SAVEPOINT}`)]);
  if (!exists) {
    try {
      await Promise.all([recordRanges(tx, kind, ranges), tx.copyFrom(copyInto(rawTable[kind], kind), [lines.join("")])]);
      await tx.query(`RELEASE SAVEPOINT ${COPY_SAVEPOINT}`);
      return true;
    } catch (error) {
      await tx.query(`ROLLBACK TO SAVEPOINT ${COPY_SAVEPOINT}`);
      if (codeOf(error) !== UNIQUE_VIOLATION) throw error;
    }
  }
  await tx.query(`RELEASE SAVEPOINT ${COPY_SAVEPOINT}`);
  return false;
}

/**
 * The upsert. `distinct`: keep only the last staged row of each key (needed when a key repeats).
 * `skipUnchanged`: leave rows whose values equal the staged ones alone; only sound when each key is
 * staged once (then which of two rows comes first cannot matter). Records, per machine and UTC
 * day, the ranges of the rows it inserted or updated (as BatchKeys.ranges groups them). Returns the
 * rows written (each key once, changed or not).
 */
async function upsert(tx: Queryable, kind: SeriesKind, staged: number, distinct: boolean, skipUnchanged: boolean): Promise<number> {
  const cols = storedColumns[kind];
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

/** Merges the staged rows into the raw table and records their ranges; returns the rows written. */
async function mergeStage(tx: Queryable, kind: SeriesKind, staged: number, keys: BatchKeys | undefined): Promise<number> {
  if (keys && keys.count === staged) return upsert(tx, kind, staged, !keys.distinct, true);
  // Keys unknown (lines written by hand): most batches hold each key once, so try the plain upsert;
  // one that repeats a key fails it ("cannot affect row a second time") and is merged again.
  try {
    return await tx.savepoint((sp) => upsert(sp, kind, staged, false, false));
  } catch (error) {
    if (codeOf(error) !== CARDINALITY_VIOLATION) throw error;
  }
  return upsert(tx, kind, staged, true, true);
}

/** Writes one chunk of lines the cheapest way its keys allow (see the top of this file). */
async function writeChunk(tx: Queryable, kind: SeriesKind, lines: string[], keys: BatchKeys | undefined, stage: { ready: boolean }): Promise<number> {
  if (keys && keys.count === lines.length && keys.distinct) {
    const ranges = keys.ranges();
    if (await copyNew(tx, kind, lines, ranges)) return lines.length;
  }
  if (stage.ready) await tx.query(`TRUNCATE ${STAGE}`);
  else await createStage(tx, kind);
  stage.ready = true;
  await tx.copyFrom(copyInto(STAGE, kind), [lines.join("")]);
  return mergeStage(tx, kind, lines.length, keys);
}

export interface WriteResult {
  written: number;
  refresh: RefreshResult;
}

/**
 * Runs `produce` with a writer into the raw table, in one transaction: if `produce` throws, nothing
 * is written. Rollups are refreshed after the commit.
 */
export async function writeBatch(
  db: Database,
  kind: SeriesKind,
  produce: (writer: StageWriter) => Promise<void>,
  options: { refresh?: boolean } = {},
): Promise<WriteResult> {
  const written = await db.transaction(async (tx) => {
    const stage = { ready: false };
    let total = 0;
    let pending: Promise<void> = Promise.resolve();
    let idle = true;
    try {
      await produce({
        get idle() {
          return idle;
        },
        async write(lines, keys, check) {
          await pending;
          if (lines.length === 0) return;
          idle = false;
          const checked = check ? check(tx) : Promise.resolve({ lines, keys });
          pending = checked.then((c) => (c.lines.length === 0 ? 0 : writeChunk(tx, kind, c.lines, c.keys, stage))).then(
            (n) => void ((total += n), (idle = true)),
            (error: unknown) => {
              idle = true;
              throw error;
            },
          );
          // Seen by the next write (or the end); until then a failure must not count as unhandled.
          pending.catch(() => undefined);
        },
      });
    } catch (error) {
      await pending.catch(() => undefined);
      throw error;
    }
    await pending;
    return total;
  });
  const refresh = options.refresh === false ? { ranges: 0, buckets: 0 } : await refreshRollups(db);
  return { written, refresh };
}

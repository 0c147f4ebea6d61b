import type { Database, Queryable } from "@/lib/db/types";
import { rawTable, type SeriesKind } from "@/lib/timeseries/definitions";
import { recordTouched, refreshRollups, type RefreshResult } from "@/lib/timeseries/refresh";
import { columnSpecs } from "./columns";

// Writes validated rows: COPY into a temporary staging table, then one upsert into the raw table
// (the last of duplicate (machine, time) rows in a batch wins), then the touched ranges are
// recorded for the rollup refresher — all in one transaction, so a batch lands whole or not at all.

const STAGE = "ingest_stage";

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

function upsertSql(kind: SeriesKind, distinct: boolean): string {
  const cols = columnSpecs[kind].map((c) => c.name);
  const updates = cols
    .filter((c) => c !== "time" && c !== "machine_id")
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(", ");
  const source = distinct
    ? `SELECT DISTINCT ON (machine_id, time) ${cols.join(", ")} FROM ${STAGE} ORDER BY machine_id, time, line DESC`
    : `SELECT ${cols.join(", ")} FROM ${STAGE}`;
  return `WITH upserted AS (
       INSERT INTO ${rawTable[kind]} (${cols.join(", ")}) ${source}
       ON CONFLICT (machine_id, time) DO UPDATE SET ${updates}
       RETURNING 1)
     SELECT count(*)::int AS n FROM upserted`;
}

/**
 * Upserts the staged rows. Most batches hold each (machine, time) once, so the plain upsert is
 * tried first; a batch that repeats one fails it ("cannot affect row a second time") and is
 * merged again with the last of each repeated row winning.
 */
async function mergeStage(tx: Queryable, kind: SeriesKind): Promise<number> {
  try {
    const rows = await tx.savepoint((sp) => sp.query<{ n: number }>(upsertSql(kind, false)));
    return rows[0]?.n ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code !== "21000") throw error;
  }
  const rows = await tx.query<{ n: number }>(upsertSql(kind, true));
  return rows[0]?.n ?? 0;
}

export interface WriteResult {
  written: number;
  refresh: RefreshResult;
}

/**
 * Runs `produce` with a writer into a staging table, then merges and records, in one transaction.
 * If `produce` throws, nothing is written. Rollups are refreshed after the commit.
 */
export async function writeBatch(
  db: Database,
  kind: SeriesKind,
  produce: (writer: StageWriter) => Promise<void>,
  options: { refresh?: boolean } = {},
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
    const n = await mergeStage(tx, kind);
    await recordTouched(tx, kind, STAGE);
    return n;
  });
  const refresh = options.refresh === false ? { ranges: 0, buckets: 0 } : await refreshRollups(db);
  return { written, refresh };
}

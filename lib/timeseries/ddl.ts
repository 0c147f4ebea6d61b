import type { Queryable } from "@/lib/db/types";
import {
  columnsOf,
  hasSignedCoverage,
  levels,
  rollupTable,
  seriesKinds,
  SIGNED_COVERED_S,
  signedCoveredSql,
  storedColumnNames,
  type Level,
  type RollupColumn,
  type SeriesKind,
} from "./definitions";

/**
 * Rollups as plain tables (PostgreSQL without TimescaleDB, and PGlite). From 15 minutes up, the
 * primary key includes every column, so series reads (lib/timeseries/series.ts) are index-only
 * scans in (machine, time) order: a machine's rows are spread over the whole table (buckets of
 * all machines are written together), so reading them from the heap would touch nearly every
 * page, and then they would still need sorting. The 1-minute rollup, as large as the raw table
 * and read only over short ranges, keeps a plain key.
 */
function included(kind: SeriesKind, level: Level): string {
  return level === "1min" ? "" : ` INCLUDE (${storedColumnNames(kind, level).join(", ")})`;
}

/**
 * Plant- and area-wide reads (KPIs: a plant total over 30 days, its 15-minute peak) ask for every
 * machine's buckets in a time window; an index that leads with the bucket lets them read just that
 * window, whatever the stored history (the key leads with the machine). 15min, 1hour and 1day
 * only: the 1-minute rollup is read per machine over short ranges. Kept in step with the
 * TimescaleDB path (timescale.ts: bucketIndexSql).
 */
export function bucketIndexDdl(kind: SeriesKind, level: Level): string | null {
  return level === "1min" ? null : `CREATE INDEX IF NOT EXISTS ${rollupTable(kind, level)}_bucket_idx ON ${rollupTable(kind, level)} (bucket)`;
}

const columnType = (c: RollupColumn) => (c.count ? "bigint NOT NULL" : "double precision");

/**
 * `signed_covered_s` (definitions.ts) as a stored generated column: PostgreSQL computes it from
 * the row's own covered seconds, latest reading end and bucket whenever the row is written (by
 * the refresher or anything else), and fills it for the existing rows when it is added.
 */
function signedCoverageColumnDdl(level: Level): string {
  return `${SIGNED_COVERED_S} double precision GENERATED ALWAYS AS (${signedCoveredSql(level, "covered_s", "max_reading_end_s", "bucket")}) STORED`;
}

export function rollupTablesDdl(): string[] {
  const out: string[] = [];
  for (const kind of seriesKinds) {
    for (const level of levels) {
      const cols = columnsOf(kind)
        .map((c) => `${c.name} ${columnType(c)}`)
        .concat(hasSignedCoverage(kind, level) ? [signedCoverageColumnDdl(level)] : [])
        .join(",\n  ");
      out.push(
        `CREATE TABLE IF NOT EXISTS ${rollupTable(kind, level)} (\n  bucket timestamptz NOT NULL,\n  machine_id uuid NOT NULL,\n  ${cols},\n` +
          `  CONSTRAINT ${rollupTable(kind, level)}_pkey PRIMARY KEY (machine_id, bucket)${included(kind, level)}\n)`,
      );
    }
  }
  return out;
}

/**
 * Adds the columns an older install lacks; true if any aggregate column was (filled by the
 * rebuild that follows). `signed_covered_s`, a generated column, is computed for the existing
 * rows as it is added (one rewrite of the table) and needs no rebuild.
 */
async function addMissingColumns(db: Queryable, kind: SeriesKind, level: Level): Promise<boolean> {
  const table = rollupTable(kind, level);
  const rows = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  const present = new Set(rows.map((r) => r.name));
  const missing = columnsOf(kind).filter((c) => !present.has(c.name));
  for (const c of missing) await db.query(`ALTER TABLE ${table} ADD COLUMN ${c.name} ${columnType(c)}${c.count ? " DEFAULT 0" : ""}`);
  // After the aggregate columns it is computed from (an install older than covered_s lacks them).
  if (hasSignedCoverage(kind, level) && !present.has(SIGNED_COVERED_S)) await db.query(`ALTER TABLE ${table} ADD COLUMN ${signedCoverageColumnDdl(level)}`);
  return missing.length > 0;
}

/**
 * Gives the key of a 15min/1hour/1day rollup every column, where an older install's key lacks
 * some (added columns), or had them in a second index instead (`<rollup>_covering`, dropped).
 */
async function includeAllColumnsInKey(db: Queryable, kind: SeriesKind, level: Level): Promise<void> {
  const table = rollupTable(kind, level);
  const rows = await db.query<{ width: number; old: string | null }>(
    `SELECT (SELECT indnatts::int FROM pg_index WHERE indexrelid = to_regclass($1)) AS width, to_regclass($2)::text AS old`,
    [`${table}_pkey`, `${table}_covering`],
  );
  const width = rows[0]?.width ?? 0;
  if (width !== 2 + storedColumnNames(kind, level).length) {
    await db.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (machine_id, bucket)${included(kind, level)}`);
  }
  if (rows[0]?.old) await db.query(`DROP INDEX ${table}_covering`);
}

/**
 * Creates the rollup tables, or brings those of an older install to the current shape.
 * Idempotent. Returns the kinds whose rollups gained columns: they must be rebuilt.
 */
export async function createRollupTables(db: Queryable): Promise<SeriesKind[]> {
  for (const statement of rollupTablesDdl()) await db.query(statement);
  const changed: SeriesKind[] = [];
  for (const kind of seriesKinds) {
    let added = false;
    for (const level of levels) {
      if (await addMissingColumns(db, kind, level)) added = true;
      if (level !== "1min") await includeAllColumnsInKey(db, kind, level);
      const index = bucketIndexDdl(kind, level);
      if (index) await db.query(index);
    }
    if (added) changed.push(kind);
  }
  return changed;
}

import type { Queryable } from "@/lib/db/types";
import { columnsOf, levels, rollupTable, seriesKinds, type Level, type SeriesKind } from "./definitions";

/**
 * Rollups as plain tables (PostgreSQL without TimescaleDB, and PGlite). From 15 minutes up, the
 * primary key includes every column, so series reads (lib/timeseries/series.ts) are index-only
 * scans in (machine, time) order: a machine's rows are spread over the whole table (buckets of
 * all machines are written together), so reading them from the heap would touch nearly every
 * page, and then they would still need sorting. The 1-minute rollup, as large as the raw table
 * and read only over short ranges, keeps a plain key.
 */
function included(kind: SeriesKind, level: Level): string {
  return level === "1min" ? "" : ` INCLUDE (${columnsOf(kind).map((c) => c.name).join(", ")})`;
}

export function rollupTablesDdl(): string[] {
  const out: string[] = [];
  for (const kind of seriesKinds) {
    for (const level of levels) {
      const cols = columnsOf(kind)
        .map((c) => `${c.name} ${c.name === "sample_count" ? "bigint NOT NULL" : "double precision"}`)
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
 * Databases made before the key included the columns had a second index for that
 * (`<rollup>_covering`, the same key): the key takes its place, and it goes (one index less to
 * keep up at every refresh, and half the space).
 */
async function mergeCoveringIndexes(db: Queryable): Promise<void> {
  for (const kind of seriesKinds) {
    for (const level of levels) {
      if (level === "1min") continue;
      const table = rollupTable(kind, level);
      const rows = await db.query<{ old: string | null }>(`SELECT to_regclass($1)::text AS old`, [`public.${table}_covering`]);
      if (!rows[0]?.old) continue;
      await db.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (machine_id, bucket)${included(kind, level)}`,
      );
      await db.query(`DROP INDEX ${table}_covering`);
    }
  }
}

/** Creates the rollup tables, or brings those of an older install to the current shape. Idempotent. */
export async function createRollupTables(db: Queryable): Promise<void> {
  for (const statement of rollupTablesDdl()) await db.query(statement);
  await mergeCoveringIndexes(db);
}

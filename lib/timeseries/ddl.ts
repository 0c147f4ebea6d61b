import { columnsOf, levels, rollupTable, seriesKinds } from "./definitions";

/**
 * Rollups as plain tables (PostgreSQL without TimescaleDB, and PGlite). From 15 minutes up, an
 * index on the key that includes every column serves series reads (lib/timeseries/series.ts) as
 * an index-only scan in (machine, time) order: a machine's rows are spread over the whole table
 * (buckets of all machines are written together), so reading them from the heap touches nearly
 * every page, and then they still need sorting. The 1-minute rollup, as large as the raw table
 * and read only over short ranges, goes without.
 */
export function rollupTablesDdl(): string[] {
  const out: string[] = [];
  for (const kind of seriesKinds) {
    for (const level of levels) {
      const table = rollupTable(kind, level);
      const cols = columnsOf(kind)
        .map((c) => `${c.name} ${c.name === "sample_count" ? "bigint NOT NULL" : "double precision"}`)
        .join(",\n  ");
      out.push(
        `CREATE TABLE IF NOT EXISTS ${table} (\n  bucket timestamptz NOT NULL,\n  machine_id uuid NOT NULL,\n  ${cols},\n  PRIMARY KEY (machine_id, bucket)\n)`,
      );
      if (level !== "1min") {
        const included = columnsOf(kind).map((c) => c.name).join(", ");
        out.push(`CREATE INDEX IF NOT EXISTS ${table}_covering ON ${table} (machine_id, bucket) INCLUDE (${included})`);
      }
    }
  }
  return out;
}

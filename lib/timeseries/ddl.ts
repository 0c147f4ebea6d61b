import { columnsOf, levels, rollupTable, seriesKinds } from "./definitions";

/** Rollups as plain tables (PostgreSQL without TimescaleDB, and PGlite). */
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
    }
  }
  return out;
}

import { parse } from "csv-parse/sync";
import type { Database, Queryable } from "@/lib/db/types";
import { parseCsvRecords } from "@/lib/ingest/records";
import type { PreviewInput } from "@/lib/validation/import-profiles";
import { detectDateFormat, type DetectedDateFormat } from "./dates";
import { importMapped, type MappedResult } from "./run";

// The preview of an import: the first lines of a file, read as the import would read them and
// nothing kept. Without a mapping it describes the file (its columns with sample values, the
// dialect, which date formats each column fits) for the mapping step; with one, the real import
// runs (on_error=skip) inside a transaction that is rolled back, so every rule that needs the
// database (intervals inferred from stored readings, bills overlapping stored ones, plausibility
// against the machine's ceiling) is applied exactly as the upload will apply it.

export interface PreviewColumn {
  name: string;
  /** Up to 5 values from the first rows, as written. */
  sample: string[];
  /** The date formats every sampled value fits (null: not a date). */
  date: DetectedDateFormat | null;
}

export interface PreviewResult {
  dialect: { delimiter: string; decimal: string; detected: string[] };
  columns: PreviewColumn[];
  /** The first rows as written (fields by column), each with its line. */
  raw_rows: { line: number; fields: string[] }[];
  /**
   * With a mapping: the rows as they would be stored (their table's columns), and the import's
   * answer. For a register file these are the consumption rows derived from the readings
   * (energy_readings), and `readings` the register readings themselves (meter_register_readings).
   */
  stored?: { table: string; rows: Record<string, string | null>[] };
  readings?: { table: string; rows: Record<string, string | null>[] };
  result?: MappedResult;
}

const SAMPLE = 5;
const RAW_ROWS = 10;

/** Ends the dry run's transaction: what the import did is undone, its answer kept. */
class RolledBack extends Error {}

/**
 * `db` seen through one transaction that is rolled back at the end: the ingest's own transactions
 * become savepoints in it, and the lines it COPYs are kept (the rows as they would be stored).
 */
async function dryRun<T>(db: Database, fn: (dry: Database, copied: { table: string; columns: string[]; lines: string[] }[], inserted: Inserted[]) => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  const copied: { table: string; columns: string[]; lines: string[] }[] = [];
  const inserted: Inserted[] = [];
  const wrap = (tx: Queryable): Database => ({
    kind: db.kind,
    orm: db.orm,
    query: (text, params) => {
      const set = REGISTER_WRITE.exec(text);
      if (set && params) inserted.push({ table: set[1]!, machineId: String(params[0]), rows: JSON.parse(String(params[1])) as Record<string, number | string>[] });
      // TimescaleDB refuses to refresh a continuous aggregate inside a transaction; there is nothing to refresh in a dry run.
      return db.kind === "timescaledb" && /^\s*CALL\s+refresh_continuous_aggregate/i.test(text) ? Promise.resolve([]) : tx.query(text, params);
    },
    execute: (text, params) => tx.execute(text, params),
    async copyFrom(statement, chunks) {
      const m = /^COPY\s+(\w+)\s*\(([^)]*)\)/i.exec(statement);
      const lines: string[] = [];
      for await (const chunk of chunks) lines.push(chunk);
      if (m) copied.push({ table: m[1]!, columns: m[2]!.split(",").map((c) => c.trim()), lines });
      await tx.copyFrom(statement, lines);
    },
    copyStream: (statement) => tx.copyStream(statement),
    savepoint: (f) => tx.savepoint((sp) => f(wrap(sp))),
    transaction: (f) => tx.savepoint((sp) => f(wrap(sp))),
    close: () => Promise.resolve(),
  });
  try {
    await db.transaction(async (tx) => {
      out = { value: await fn(wrap(tx), copied, inserted) };
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return out!.value;
}

/**
 * Register ingestion (lib/ingest/registers.ts) writes its readings and the consumption rows derived
 * from them with INSERT … SELECT FROM jsonb_to_recordset($2), the machine as $1, not with COPY: the
 * dry run keeps those parameters (readings {t, k}; derived rows {t, e, s}).
 */
const REGISTER_WRITE = /^\s*INSERT INTO (meter_register_readings|energy_readings)\b[\s\S]*jsonb_to_recordset\(\$2::jsonb\)/;

interface Inserted {
  table: string;
  machineId: string;
  rows: Record<string, number | string>[];
}

/**
 * The register readings and derived rows a register import wrote, first `limit` of each, in time
 * order, with the columns a stored row has (power_kw = kWh ÷ hours, as the insert computes it);
 * null when the import wrote no register readings.
 */
export function registerRows(inserted: Inserted[], limit: number): { readings: { table: string; rows: Record<string, string | null>[] }; derived: { table: string; rows: Record<string, string | null>[] } } | null {
  const readings = inserted.filter((i) => i.table === "meter_register_readings");
  if (readings.length === 0) return null;
  const byTime = (a: Record<string, string | null>, b: Record<string, string | null>) => Date.parse(a.time!) - Date.parse(b.time!);
  const read = readings.flatMap((i) => i.rows.map((r) => ({ time: String(r.t), machine_id: i.machineId, register_kwh: String(r.k) }))).sort(byTime);
  const derived = inserted
    .filter((i) => i.table === "energy_readings")
    .flatMap((i) => i.rows.map((r) => ({ time: String(r.t), machine_id: i.machineId, energy_kwh: String(r.e), power_kw: String(Number(r.e) / (Number(r.s) / 3600)), interval_s: String(r.s) })))
    .sort(byTime);
  return { readings: { table: "meter_register_readings", rows: read.slice(0, limit) }, derived: { table: "energy_readings", rows: derived.slice(0, limit) } };
}

/** The rows COPYed (directly or through the staging table), first `limit` distinct ones, by column. */
function storedRows(copied: { table: string; columns: string[]; lines: string[] }[], limit: number): { table: string; rows: Record<string, string | null>[] } {
  const seen = new Set<string>();
  const rows: Record<string, string | null>[] = [];
  let table = "";
  for (const c of copied) {
    table = c.table === "ingest_stage" ? table : c.table;
    for (const line of c.lines.join("").split("\n")) {
      if (line === "" || seen.has(line) || rows.length >= limit) continue;
      seen.add(line);
      const fields: string[] | undefined = parse(line, { relax_quotes: true })[0];
      // An empty field: NULL (copyLine quotes text, so an empty text is rare enough to show as empty too).
      rows.push(Object.fromEntries(c.columns.map((col, i) => [col, fields?.[i] ? fields[i] : null])));
    }
  }
  return { table: table || "energy_readings", rows };
}

/** The preview of `input.csv` (see the top of this file). Throws AppError 400 for a file or mapping that cannot be read. */
export async function previewImport(db: Database, input: PreviewInput): Promise<PreviewResult> {
  const text = input.csv;
  const { header, records, dialect } = parseCsvRecords(text, input.mapping ?? {});
  const first = records.slice(0, input.limit);
  const columns = header.map((name, i) => {
    const values = first.map((r) => r.fields[i] ?? "");
    const date = detectDateFormat(values.slice(0, 200));
    return { name: name.trim(), sample: values.slice(0, SAMPLE), date: date.candidates.length > 0 ? date : null };
  });
  const base: PreviewResult = { dialect, columns, raw_rows: first.slice(0, RAW_ROWS) };
  const mapping = input.mapping;
  if (!mapping) return base;
  // Only the first `limit` records: the text up to the line the next one starts on. Lines end as
  // the CSV reader counts them: CRLF, LF or a lone CR (old Mac exports).
  const cut = records[input.limit];
  const body = cut ? text.split(/\r\n|\n|\r/).slice(0, cut.line - 1).join("\n") + "\n" : text;
  return dryRun(db, async (dry, copied, inserted) => {
    const result = await importMapped(dry, [body], mapping, { on_error: "skip" });
    const register = registerRows(inserted, input.limit);
    if (register) return { ...base, stored: register.derived, readings: register.readings, result };
    return { ...base, stored: storedRows(copied, input.limit), result };
  });
}

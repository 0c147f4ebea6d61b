import { isUtf8 } from "node:buffer";
import { parse } from "csv-parse/sync";
import { AppError } from "@/lib/errors";
import { cellReader, delimiterHint, detectDialect, type DecimalMark, type Delimiter, type Dialect } from "./dialect";

// Small CSV files read whole (bills, register readings): the body is read up to MAX_BYTES,
// checked to be UTF-8, and parsed into records with the line each starts on. The large series
// files stream through lib/ingest/csv.ts instead.

/** The largest bill or register file accepted in one request (a year of 1-minute register readings of 2 meters). */
export const MAX_BYTES = 64 * 1024 * 1024;

export interface CsvRecord {
  /** 1-based line the record starts on (the header is line 1). */
  line: number;
  fields: string[];
}

export async function readCsvText(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buf.length;
    if (size > MAX_BYTES) throw new AppError("payload_too_large", `CSV is larger than ${MAX_BYTES} bytes; send it in several files`);
    parts.push(buf);
  }
  const bytes = Buffer.concat(parts);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    let line = 1;
    for (let at = 0, next = bytes.indexOf(10); next !== -1 && isUtf8(bytes.subarray(at, next)); at = next + 1, next = bytes.indexOf(10, at)) line += 1;
    throw new AppError("bad_request", `CSV is not UTF-8 text: bytes at or near line ${line} are not UTF-8; save the file as "CSV UTF-8"`, {}, { cause: error });
  }
}

/** The header and the records of a CSV text (BOM removed, blank lines skipped), in its dialect (given or detected). */
export function parseCsvRecords(
  text: string,
  given: { delimiter?: Delimiter; decimal?: DecimalMark } = {},
): { header: string[]; records: CsvRecord[]; dialect: Dialect; number: (raw: string) => unknown } {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const eol = body.indexOf("\n");
  const dialect = detectDialect(eol === -1 ? body : body.slice(0, eol), given);
  const delimiter = dialect.delimiter;
  const read = cellReader(dialect.decimal);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new AppError("bad_request", `CSV could not be parsed${where ? ` at line ${where}` : ""}: ${(error as Error).message}`, {}, { cause: error });
  }
  const first = rows[0];
  if (!first || rows.length < 2) throw new AppError("bad_request", "CSV is empty: a header line and at least one row are needed");
  // info.lines is the line a record ends on; a record with quoted line breaks starts earlier.
  const records = rows.slice(1).map((r) => ({ line: r.info.lines - r.record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0), fields: r.record }));
  return { header: first.record, records, dialect, number: (raw) => read("number", raw) };
}

/** The columns a header names (aliases resolved; null for others), or a 400 naming the missing ones. */
export function mapColumns(kind: string, header: string[], columns: Record<string, string[]>, required: string[], dialect: Dialect): (string | null)[] {
  const names = header.map((h) => {
    const n = h.trim().toLowerCase();
    return Object.entries(columns).find(([name, aliases]) => name === n || aliases.includes(n))?.[0] ?? null;
  });
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length === 0) return names;
  const hint = delimiterHint(header, dialect);
  if (hint) throw new AppError("bad_request", `CSV header has one field: ${hint}`);
  throw new AppError("bad_request", `CSV header lacks required column(s) ${missing.join(", ")} for kind ${kind}; accepted columns: ${Object.keys(columns).join(", ")}`);
}

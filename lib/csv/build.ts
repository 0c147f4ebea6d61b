import { stringify } from "csv-stringify/browser/esm/sync";

// CSV of tables built in the browser: RFC 4180 with CRLF like the API's exports; units go in
// the header ("energy (kWh)") so a file stands on its own.

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A text cell made safe to open in a spreadsheet (OWASP "CSV Injection"): text beginning with
 * = + - @, a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice and Sheets
 * show it as text instead of running it as a formula. Numbers, and text that is exactly a number
 * ("-12.5", "+3"), are left alone: a negative reading stays a number.
 */
export function guardCell<V>(value: V): V | string {
  if (typeof value !== "string" || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** RFC 4180 CSV (CRLF) with a header row; every text cell passes guardCell. */
export function buildCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return stringify([columns.map((c) => guardCell(c.header)), ...rows.map((r) => columns.map((c) => guardCell(c.value(r) ?? "")))], { record_delimiter: "\r\n" });
}

/**
 * The length of a CSV text's first record, its line break included (RFC 4180: a break inside a
 * quoted field belongs to the field, so a note with a newline does not end the header).
 */
function firstRecordLength(csv: string): number {
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '"') quoted = !quoted; // "" inside a quoted field toggles twice
    else if (!quoted && (c === "\n" || c === "\r")) return c === "\r" && csv[i + 1] === "\n" ? i + 2 : i + 1;
  }
  return csv.length;
}

/**
 * Pages of one CSV export (each with the same header row) as one file: the first page whole,
 * every later page without its header; records are split CSV-aware, never on bare line breaks.
 * Each page is made to end with CRLF.
 */
export function joinCsvPages(pages: string[]): string {
  const bodies = pages.map((p, i) => (i === 0 ? p : p.slice(firstRecordLength(p)))).filter((b) => b !== "");
  return bodies.map((b) => (b.endsWith("\n") ? b : `${b}\r\n`)).join("");
}

/** A file name from its parts: machine name, what, period; characters unsafe in file names become "-". */
export function csvFileName(...parts: (string | undefined | null)[]): string {
  const name = parts
    .filter((p): p is string => Boolean(p))
    .map((p) => p.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean)
    .join("_");
  return `${name || "export"}.csv`;
}

import { stringify } from "csv-stringify/browser/esm/sync";

// CSV of tables built in the browser: RFC 4180 with CRLF like the API's exports; units go in
// the header ("energy (kWh)") so a file stands on its own.

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export function buildCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => c.value(r) ?? ""))], { record_delimiter: "\r\n" });
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

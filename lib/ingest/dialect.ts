import { AppError } from "@/lib/errors";
import { cellValue, type CellType } from "./columns";

// The dialect of a CSV file: its field delimiter and decimal mark. Spreadsheets in German or
// French settings save "CSV" with semicolons between fields and decimal commas (1.234,5 or
// 1 234,5). Both are given by the request (delimiter, decimal) or detected from the header line:
// the delimiter is whichever of , ; and tab occurs most in it outside quotes (a tie: the comma);
// the decimal mark is the comma when the delimiter is a semicolon, else the point.

export const delimiters = { ",": ",", ";": ";", "\t": "\t", comma: ",", semicolon: ";", tab: "\t" } as const;
export type Delimiter = "," | ";" | "\t";
export const decimalMarks = { ".": ".", ",": ",", point: ".", comma: "," } as const;
export type DecimalMark = "." | ",";

export interface Dialect {
  delimiter: Delimiter;
  decimal: DecimalMark;
  /** Which of the two were detected from the header rather than given. */
  detected: ("delimiter" | "decimal")[];
}

/** The delimiters' occurrences in a line, outside double-quoted fields. */
function counts(line: string): Record<Delimiter, number> {
  const n: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) n[c] += 1;
  }
  return n;
}

/** The dialect of a file whose first line (header, BOM allowed) is `header`. */
export function detectDialect(header: string, given: { delimiter?: Delimiter; decimal?: DecimalMark }): Dialect {
  const detected: Dialect["detected"] = [];
  let delimiter = given.delimiter;
  if (!delimiter) {
    const n = counts(header);
    delimiter = n[";"] > n[","] && n[";"] >= n["\t"] ? ";" : n["\t"] > n[","] ? "\t" : ",";
    detected.push("delimiter");
  }
  let decimal = given.decimal;
  if (!decimal) {
    decimal = delimiter === ";" ? "," : ".";
    detected.push("decimal");
  }
  if (delimiter === "," && decimal === ",") throw new AppError("bad_request", "decimal=comma needs a delimiter other than the comma (delimiter=; or tab)");
  return { delimiter, decimal, detected };
}

const NAMES: Record<Delimiter, string> = { ",": "commas (,)", ";": "semicolons (;)", "\t": "tabs" };

/**
 * Why a header that lacks required columns may not be wrong at all: it is one field holding
 * another delimiter (the file uses semicolons, the request said commas). Null when that is not it.
 */
export function delimiterHint(header: string[], dialect: Dialect): string | null {
  if (header.length !== 1) return null;
  const n = counts(header[0]!);
  const other = (Object.keys(n) as Delimiter[]).filter((d) => d !== dialect.delimiter && n[d] > 0).sort((a, b) => n[b] - n[a])[0];
  return other ? `the file uses ${NAMES[other]} between fields, not ${NAMES[dialect.delimiter]}: send delimiter=${other === "\t" ? "tab" : encodeURIComponent(other)} (or leave delimiter out to detect it from the header)` : null;
}

/**
 * Numbers written with a decimal comma: 1234,5, 1.234,5 and 1 234,5 (thousands grouped by points
 * or by spaces, including the no-break spaces French settings write), -0,25, 1,5E3. A point with
 * no decimal comma is a thousands separator only in groups after the first (1.234.567); a lone
 * "1.234" could be either reading, so it is left as text (and rejected as not a number), as is a
 * point-decimal "0.25" in a decimal-comma file.
 */
const COMMA_NUMBER = /^[+-]?(?:[1-9]\d{0,2}(?:\.\d{3}){2,}|[1-9]\d{0,2}(?:\.\d{3})+(?=,)|[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?(?:[eE][+-]?\d+)?$/;

/** How a CSV cell becomes a value in this dialect (cellValue for decimal points). */
export function cellReader(decimal: DecimalMark): (type: CellType, raw: string) => unknown {
  if (decimal === ".") return cellValue;
  return (type, raw) => {
    if (type !== "number") return cellValue(type, raw);
    const s = raw.trim();
    if (s === "") return undefined;
    if (!COMMA_NUMBER.test(s)) return s;
    return Number(s.replace(/[.\u00a0\u202f ]/g, "").replace(",", "."));
  };
}

const POINT_NUMBER = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Why a number cell of a decimal-comma file was left as text, when it is written with a decimal
 * point ("1.234", "0.25"): the message names the cell and the request parameter that reads it.
 * Null for any other value or dialect (the schema's own message stands).
 */
export function decimalHint(dialect: Pick<Dialect, "delimiter" | "decimal">, value: unknown): string | null {
  if (dialect.decimal !== "," || typeof value !== "string") return null;
  const s = value.trim();
  if (!POINT_NUMBER.test(s)) return null;
  const why = dialect.delimiter === ";" ? "semicolon files are read with decimal commas" : "the file is read with decimal commas";
  return `${s} is not a number with a decimal comma (${why}): give decimal=.`;
}

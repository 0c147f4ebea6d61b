import { isValid, parse } from "date-fns";
import { tz } from "@date-fns/tz";
import type { DateFormat } from "@/lib/validation/import-profiles";

// Dates as foreign exports write them: ISO-8601 (passed on as is), day-first (31/12/2018 23:45,
// 31.12.2018, 31-12-2018) or month-first (12/31/2018 11:45 PM). A day- or month-first value is
// rewritten as an ISO-8601 local time without offset (2018-12-31T23:45:00), which the ingest then
// places in the time zone with its own rules (a time the spring change skips is rejected, the
// repeated autumn hour is resolved by file order; README "Clock changes"). Nothing is guessed: a
// value that does not fit the chosen format (13/01 read month-first) is an error for its line.
// 24:00 is ISO 8601's end of the day (31/12/2018 24:00 = 2019-01-01T00:00:00), in every format.

export type DateResult = { ok: true; text: string } | { ok: false; message: string };

const DATE = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?$/;
const ISO_START = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;
const UTC = tz("UTC");
const REFERENCE = new Date(0);
const CACHE_SIZE = 4096;
const EXAMPLE: Record<Exclude<DateFormat, "iso">, string> = { day_first: "31/12/2018 23:45", month_first: "12/31/2018 11:45 PM" };
const LABEL: Record<Exclude<DateFormat, "iso">, string> = { day_first: "day-first", month_first: "month-first" };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const END_OF_DAY = "24:00:00";
const ISO_END_OF_DAY = /^(\d{4})-(\d{2})-(\d{2})([T ])24:00(?::00(?:[.,]0{1,9})?)?(\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?))?$/;

/** The ISO date (YYYY-MM-DD) the day after one; Date.UTC rolls month and year over. */
function nextDay(isoDate: string): string {
  const d = new Date(Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)) + 1));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** An ISO-8601 end-of-day time (2018-12-31T24:00[:00], any offset kept) as the next midnight; other text unchanged. */
function isoEndOfDay(text: string): string {
  const m = ISO_END_OF_DAY.exec(text);
  if (!m) return text;
  const [, y, mo, d, sep, off] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Only a real date rolls over; 2018-02-30T24:00 stays as written for the ingest to reject.
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return text;
  return `${nextDay(`${y}-${mo}-${d}`)}${sep}00:00:00${off ?? ""}`;
}

/**
 * The ISO date (2018-12-31) of a day- or month-first date, or an error saying which part is wrong.
 * Parsed by date-fns (strict: 13/01 month-first is invalid) in UTC, so the process's own zone
 * cannot move a midnight.
 */
function readDate(text: string, format: Exclude<DateFormat, "iso">): DateResult {
  const m = DATE.exec(text);
  if (!m) return { ok: false, message: `"${text.slice(0, 40)}" is not a ${LABEL[format]} date such as ${EXAMPLE[format]} (a four-digit year, / . or - between the parts)` };
  const sep = m[2]!;
  const pattern = format === "day_first" ? `d${sep}M${sep}yyyy` : `M${sep}d${sep}yyyy`;
  const date = parse(text, pattern, REFERENCE, { in: UTC });
  if (!isValid(date)) {
    const month = Number(format === "day_first" ? m[3] : m[1]);
    const other: Exclude<DateFormat, "iso"> = format === "day_first" ? "month_first" : "day_first";
    // The other order is worth suggesting only when it would read this date.
    const swapped = Number(format === "day_first" ? m[1] : m[3]);
    const hint = month > 12 && swapped >= 1 && swapped <= 12 ? ` (is the file ${LABEL[other]}?)` : "";
    const why = month < 1 || month > 12 ? `there is no month ${month}${hint}` : "that day does not exist in its month";
    return { ok: false, message: `"${text}" is not a valid ${LABEL[format]} date: ${why}` };
  }
  return { ok: true, text: `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` };
}

/** HH:mm[:ss[.fff]] with an optional AM/PM, as "HH:mm:ss[.fff]"; null when it is not a time of day. */
function readTime(text: string): string | null {
  const m = TIME.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  const half = m[5]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === "p" ? 12 : 0);
  }
  // ISO 8601 end of day: 24:00 (24:00:00, 24:00:00.000) is the next day's midnight; not with AM/PM.
  if (hour === 24 && !half && minute === 0 && second === 0 && !/[1-9]/.test(m[4] ?? "")) return END_OF_DAY;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const fraction = m[4] === undefined ? "" : `.${m[4].padEnd(3, "0").slice(0, 3)}`;
  return `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
}

export interface DateReader {
  /**
   * A cell (and the cell of a separate time-of-day column, when the mapping has one) as the
   * ingest reads dates: ISO text passed on; day-/month-first as `YYYY-MM-DDTHH:mm:ss`, or
   * `YYYY-MM-DD` for a date without a time when `keepDates` (bills: the ingest reads it as a local
   * midnight, and an inclusive end as the next one).
   */
  (value: string, timeOfDay?: string): DateResult;
}

/**
 * A reader of one date format. Dates repeat (96 rows share a day of quarter hours), so each date
 * part is parsed once and remembered (up to 4,096 of them).
 */
export function dateReader(format: DateFormat, keepDates = false): DateReader {
  if (format === "iso") {
    return (value, timeOfDay) => {
      if (timeOfDay !== undefined) return { ok: false, message: "a separate time-of-day column needs day_first or month_first dates" };
      return { ok: true, text: isoEndOfDay(value.trim()) };
    };
  }
  const cache = new Map<string, DateResult>();
  return (value, timeOfDay) => {
    const text = value.trim();
    if (text === "") return { ok: true, text: "" };
    const space = text.search(/[T\s]/);
    const datePart = space === -1 ? text : text.slice(0, space);
    const inline = space === -1 ? "" : text.slice(space + 1).trim();
    if (inline && timeOfDay !== undefined && timeOfDay.trim() !== "") {
      return { ok: false, message: `"${text}" holds a time and so does the time-of-day column ("${timeOfDay}")` };
    }
    let date = cache.get(datePart);
    if (!date) {
      date = readDate(datePart, format);
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(datePart, date);
    }
    if (!date.ok) return date;
    const timeText = inline || (timeOfDay ?? "").trim();
    if (timeText === "") return { ok: true, text: keepDates ? date.text : `${date.text}T00:00:00` };
    const time = readTime(timeText);
    if (!time) return { ok: false, message: `"${timeText.slice(0, 40)}" is not a time of day (23:45, 23:45:10, 11:45 PM, or 24:00 for the end of the day)` };
    return time === END_OF_DAY ? { ok: true, text: `${nextDay(date.text)}T00:00:00` } : { ok: true, text: `${date.text}T${time}` };
  };
}

export interface DetectedDateFormat {
  /** The one format every value fits; null when none does, or when more than one does (ambiguous). */
  format: DateFormat | null;
  /** Every format all values fit. Two: the sample cannot tell day-first from month-first; ask. */
  candidates: DateFormat[];
}

/** Which date formats fit every non-empty value of a column (a sample of its first rows). */
export function detectDateFormat(values: string[]): DetectedDateFormat {
  const sample = values.map((v) => v.trim()).filter((v) => v !== "");
  if (sample.length === 0) return { format: null, candidates: [] };
  if (sample.every((v) => ISO_START.test(v))) return { format: "iso", candidates: ["iso"] };
  const candidates = (["day_first", "month_first"] as const).filter((f) => {
    const read = dateReader(f);
    return sample.every((v) => read(v).ok);
  });
  return { format: candidates.length === 1 ? candidates[0]! : null, candidates };
}

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { tzOffset } from "@date-fns/tz";
import { parseTimestamp, wallInstants } from "@/lib/ingest/timestamps";
import { wallToInstant } from "@/lib/timeseries/local";

// Instants in query strings and request bodies of the read and baseline APIs: a date
// (YYYY-MM-DD) or an ISO-8601 timestamp. One with an offset is exact. A date, or a timestamp
// without an offset, is a wall-clock time of the machine's site: parsed here as a LocalInstant
// (provisionally read as UTC), and placed in the site's zone by inZone() once the route knows
// the machine. Parsed strictly (no 2026-02-30, no "March 28"), and bounded, so the database never
// sees a year it cannot hold.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const EARLIEST_MS = Date.UTC(1900, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

/** A wall-clock instant without a zone; its time value is the wall clock read as UTC. */
export class LocalInstant extends Date {
  readonly local = true;
}

/**
 * The instant `d` names in zone `tz`: a LocalInstant's wall clock placed in the zone (a time the
 * spring change skips moves forward, an ambiguous autumn time takes its first occurrence); any
 * other Date is already exact and returned as is.
 */
export function inZone(d: Date, tz: string): Date {
  return d instanceof LocalInstant ? new Date(wallToInstant(d.getTime(), tz)) : d;
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const wallText = (wall: number) => new Date(wall).toISOString().slice(0, 16).replace("T", " ");
const hhmm = (wall: number) => `${pad2(new Date(wall).getUTCHours())}:${pad2(new Date(wall).getUTCMinutes())}`;

/**
 * Why a wall-clock instant does not exist in `tz` (the spring change skips it), or null when it
 * does: "2026-03-29 02:30 does not exist in Europe/Berlin: that night the clocks go forward from
 * 02:00 to 03:00". The gap's ends are found by bisecting the offset change to the minute.
 */
export function nonexistentWallTime(d: Date, tz: string): string | null {
  if (!(d instanceof LocalInstant)) return null;
  const wall = d.getTime();
  if (wallInstants(wall, tz).length > 0) return null;
  const before = tzOffset(tz, new Date(wall - 86_400_000)) * 60_000;
  const after = tzOffset(tz, new Date(wall + 86_400_000)) * 60_000;
  // The change happens at an instant t with t + before ≤ wall < t + after.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (tzOffset(tz, new Date(mid)) * 60_000 === before) lo = mid;
    else hi = mid;
  }
  return `${wallText(wall)} does not exist in ${tz}: that night the clocks go forward from ${hhmm(hi + before)} to ${hhmm(hi + after)}`;
}

/**
 * A window's wall-clock ends placed in the site's zone (inZone), checked for order. A local time
 * the spring change skips is read as the instant its wall clock names under the earlier offset
 * (02:30 → 03:30 summer time); when that puts the start at or after the end, the error says the
 * time does not exist and why, instead of a bare "must be before" that the dates as written
 * contradict. Throws AppError 400 naming `names[0]` (the start's field).
 */
export function placeWindow(start: Date, end: Date, tz: string, names: [string, string] = ["start_date", "end_date"]): { start: Date; end: Date } {
  const s = inZone(start, tz);
  const e = inZone(end, tz);
  if (s < e) return { start: s, end: e };
  const gap = nonexistentWallTime(start, tz) ?? nonexistentWallTime(end, tz);
  const field = gap && !nonexistentWallTime(start, tz) ? names[1] : names[0];
  const message = gap
    ? `${field} ${gap} (summer time begins), so the window ${names[0]}–${names[1]} is empty there: give a time outside that hour, or one with a UTC offset`
    : `${names[0]} must be before ${names[1]}`;
  throw new AppError("bad_request", message, { errors: [{ field, message: gap ? `${gap}` : `must be before ${names[1]}` }] });
}

/** Whether a parsed instant is a wall-clock time still to be placed in a zone. */
export function isLocal(d: Date): boolean {
  return d instanceof LocalInstant;
}

/** The most buckets one baseline frame may hold (11 years of hours; 2.8 years of quarter hours). */
export const MAX_FRAME_BUCKETS = 100_000;
const MAX_SPAN_MS = 11 * 366 * 86_400_000;

/**
 * A request's window in the site's zone. Throws AppError 400 naming the field when the start is
 * not before the end, or when the window spans more than 11 years or more than MAX_FRAME_BUCKETS
 * buckets of `bucketMs` (nominal length): a frame is held in memory whole.
 */
export function resolveWindow(start: Date, end: Date, tz: string, bucketMs: number): { start: Date; end: Date } {
  const { start: s, end: e } = placeWindow(start, end, tz);
  const span = e.getTime() - s.getTime();
  if (span > MAX_SPAN_MS || span / bucketMs > MAX_FRAME_BUCKETS) {
    throw new AppError("bad_request", `The window spans more than ${span > MAX_SPAN_MS ? "11 years" : `${MAX_FRAME_BUCKETS.toLocaleString("en")} buckets of that granularity`}: choose a shorter window or a coarser granularity`, {
      errors: [{ field: "end_date", message: "window too long for the granularity" }],
    });
  }
  return { start: s, end: e };
}

/** The message of an instant outside the years the product reads and the database holds. */
export const YEAR_RANGE_MESSAGE = "must lie between the years 1900 and 2199";

/**
 * Whether an ISO-8601 instant (with an offset) lies in 1900–2199. Year 0000 and negative years
 * are valid ISO-8601 and JavaScript dates but no PostgreSQL timestamptz: unbounded, they reached
 * the database and answered a 500.
 */
export function inYearRange(text: string): boolean {
  const ms = Date.parse(text);
  return ms >= EARLIEST_MS && ms < LATEST_MS;
}

/** An ISO-8601 timestamp with an offset, in 1900–2199 (a string; `message` for a malformed one). */
export function offsetInstant(message: string) {
  // A malformed string is reported by the format check alone.
  return z.iso.datetime({ offset: true, message }).refine((s) => Number.isNaN(Date.parse(s)) || inYearRange(s), YEAR_RANGE_MESSAGE);
}

export function isoInstant(name: string) {
  return z.string({ message: `${name} is required (ISO-8601 date or timestamp)` }).transform((text, ctx) => {
    const s = text.trim();
    const r = parseTimestamp(DATE_ONLY.test(s) ? `${s}T00:00:00Z` : s, "UTC");
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: `${name} must be an ISO-8601 date or timestamp such as 2026-01-31 or 2026-01-31T14:00:00Z (${r.message})` });
      return z.NEVER;
    }
    if (r.ms < EARLIEST_MS || r.ms >= LATEST_MS) {
      ctx.addIssue({ code: "custom", message: `${name} must lie between the years 1900 and 2199` });
      return z.NEVER;
    }
    return DATE_ONLY.test(s) || !HAS_OFFSET.test(s) ? new LocalInstant(r.ms) : new Date(r.ms);
  });
}

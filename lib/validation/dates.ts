import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseTimestamp } from "@/lib/ingest/timestamps";
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
  const s = inZone(start, tz);
  const e = inZone(end, tz);
  if (s >= e) throw new AppError("bad_request", "start_date must be before end_date", { errors: [{ field: "start_date", message: "must be before end_date" }] });
  const span = e.getTime() - s.getTime();
  if (span > MAX_SPAN_MS || span / bucketMs > MAX_FRAME_BUCKETS) {
    throw new AppError("bad_request", `The window spans more than ${span > MAX_SPAN_MS ? "11 years" : `${MAX_FRAME_BUCKETS.toLocaleString("en")} buckets of that granularity`}: choose a shorter window or a coarser granularity`, {
      errors: [{ field: "end_date", message: "window too long for the granularity" }],
    });
  }
  return { start: s, end: e };
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

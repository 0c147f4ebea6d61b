import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { parseTimestamp } from "@/lib/ingest/timestamps";

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
  if (!(d instanceof LocalInstant)) return d;
  const w = new Date(d.getTime());
  const z = new TZDate(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds(), tz);
  return new Date(z.getTime());
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

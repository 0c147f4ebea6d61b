import { z } from "zod";
import { parseTimestamp } from "@/lib/ingest/timestamps";

// Instants in query strings and request bodies of the read and baseline APIs: a date
// (YYYY-MM-DD, midnight UTC) or an ISO-8601 timestamp. One without an offset is read as UTC, never
// in the server's own time zone. Parsed strictly (no 2026-02-30, no "March 28"), and bounded, so
// the database never sees a year it cannot hold.

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const EARLIEST_MS = Date.UTC(1900, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

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
    return new Date(r.ms);
  });
}

import type { Database } from "@/lib/db/types";
import { EVENT_COLUMNS, eventOf, type StoredEvent } from "@/lib/db/queries/anomaly";
import { AppError } from "@/lib/errors";
import { inZone } from "@/lib/validation/dates";
import type { ListQuery } from "@/lib/validation/anomaly";

// The event list with keyset pagination. Two orders, each total (the id breaks every tie): `time`
// (default; newest start first, then id) and `cost` (most money wasted first: events with a cost
// before those without a tariff, whatever the sign of the cost; then excess cost, excess kWh, id).
// The cursor is the last item's sort key, opaque to clients (base64url JSON), its start time to
// the microsecond as PostgreSQL holds it (a Date rounds to milliseconds, and a rounded cursor
// skipped the events starting within that millisecond). A page never skips or repeats an event
// however many are added meanwhile. `from`/`to` keep events that overlap [from, to); dates without
// an offset are the plant's wall clock.

export interface EventList {
  items: StoredEvent[];
  next_cursor: string | null;
}

type Key = { o: "time"; s: string; id: string } | { o: "cost"; c: number | null; k: number; id: string };

const encode = (k: Key) => Buffer.from(JSON.stringify(k)).toString("base64url");

function decode(cursor: string, order: string): Key {
  try {
    const k = JSON.parse(Buffer.from(cursor, "base64url").toString()) as Key;
    const ok = k.o === order && typeof k.id === "string" && /^[0-9a-f-]{36}$/i.test(k.id) && (k.o === "time" ? typeof k.s === "string" && !Number.isNaN(Date.parse(k.s)) : (k.c === null || Number.isFinite(k.c)) && Number.isFinite(k.k));
    if (ok) return k;
  } catch {
    // reported below with the field's name
  }
  throw new AppError("bad_request", "cursor is not a cursor of this list (use next_cursor from the previous page, with the same order)", { errors: [{ field: "cursor", message: "not a cursor of this list and order" }] });
}

/**
 * One page of events in the chosen order: `{items, next_cursor}` (null on the last page). Throws
 * AppError 400 naming `cursor` for a cursor of another list or order.
 */
export async function listEvents(db: Database, q: ListQuery, timeZone: string): Promise<EventList> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (q.machine_id) add("e.machine_id = ?", q.machine_id);
  if (q.status) add("e.status = ?", q.status);
  if (q.severity) add("e.severity = ?", q.severity);
  if (q.detector) add("e.detector = ?", q.detector);
  if (q.to) add("e.start_time < ?::timestamptz", inZone(q.to, timeZone).toISOString());
  if (q.from) add("e.end_time > ?::timestamptz", inZone(q.from, timeZone).toISOString());
  // (has a cost, cost or 0): tariff-less events last without a sentinel that a real cost could equal.
  const costKey = "(e.excess_cost IS NOT NULL), coalesce(e.excess_cost, 0)";
  if (q.cursor) {
    const k = decode(q.cursor, q.order);
    if (k.o === "time") {
      params.push(k.s, k.id);
      where.push(`(e.start_time, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    } else {
      params.push(k.c !== null, k.c ?? 0, k.k, k.id);
      where.push(`(${costKey}, e.excess_kwh, e.id) < ($${params.length - 3}::boolean, $${params.length - 2}::float8, $${params.length - 1}::float8, $${params.length}::uuid)`);
    }
  }
  const order = q.order === "time" ? "e.start_time DESC, e.id DESC" : "(e.excess_cost IS NOT NULL) DESC, coalesce(e.excess_cost, 0) DESC, e.excess_kwh DESC, e.id DESC";
  params.push(q.limit + 1);
  const rows = await db.query(
    `SELECT ${EVENT_COLUMNS}, to_char(e.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS start_key FROM anomaly_events e JOIN machines m ON m.id = e.machine_id
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, q.limit).map(eventOf);
  const last = items.at(-1);
  const lastStart = rows[q.limit - 1]?.start_key as string | undefined;
  const more = rows.length > q.limit && last && lastStart;
  const next = !more ? null : q.order === "time" ? encode({ o: "time", s: lastStart, id: last.id }) : encode({ o: "cost", c: last.excess_cost, k: last.excess_kwh, id: last.id });
  return { items, next_cursor: next };
}

/** CSV columns of the list (units in the header). */
export const csvColumns: { header: string; value: (e: StoredEvent) => string | number | null }[] = [
  { header: "id", value: (e) => e.id },
  { header: "machine_id", value: (e) => e.machine_id },
  { header: "machine_name", value: (e) => e.machine_name },
  { header: "detector", value: (e) => e.detector },
  { header: "start", value: (e) => e.start },
  { header: "end", value: (e) => e.end },
  { header: "severity", value: (e) => e.severity },
  { header: "status", value: (e) => e.status },
  { header: "peak_score", value: (e) => e.peak_score },
  { header: "excess_kwh (kWh)", value: (e) => e.excess_kwh },
  { header: "excess_cost", value: (e) => e.excess_cost },
  { header: "currency", value: (e) => e.currency },
  { header: "baseline_model_id", value: (e) => e.baseline_model_id },
  { header: "baseline_model_version", value: (e) => e.baseline_model_version },
];

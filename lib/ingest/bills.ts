import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { billRowSchema, EARLIEST_MS, FUTURE_TOLERANCE_MS, jsonBatchSchema, MAX_JSON_ROWS, type BillQuery } from "@/lib/validation/ingest";
import { copyLine } from "./columns";
import { decimalHint, type DecimalMark, type Delimiter, type Dialect } from "./dialect";
import { mapColumns, parseCsvRecords, readCsvText } from "./records";
import { loadMachines, type MachineInfo } from "./energy";
import { MAX_INTERVAL_S, intervalEnd } from "./intervals";
import { BatchKeys } from "./keys";
import { implausibleEnergy, powerCeilingKw } from "./plausibility";
import { formatPlantDate, formatPlantDateTime } from "@/lib/time/plant-time";
import { parseTimestamp, wallClock } from "./timestamps";
import type { RejectedRow } from "./validate";
import { writeBatch } from "./writer";

// Utility bills: energy (with cost and billed peak demand) over a billing period, stored as one
// energy_readings row per bill: time = the period's start, interval_s = its length. Dates without
// a time are local midnights of the machine's site; period_end is exclusive (the first day after
// the period, as meter-read dates are: consecutive bills share the boundary date) unless the
// request says period_end=inclusive (the end date is the last day billed). Bills of one machine
// may not overlap each other in the batch, nor stored readings (a bill re-sent with the same
// start replaces the stored one).

/** One bill as the CSV or JSON sent it (column names, aliases resolved). */
export type BillInput = Record<string, unknown>;

/** CSV header names of the bill columns, with the aliases accepted. */
export const billColumns: Record<string, string[]> = {
  machine_id: [],
  period_start: ["start", "from"],
  period_end: ["end", "to"],
  energy_kwh: ["kwh"],
  cost: [],
  peak_kw: ["peak_demand_kw"],
};

interface Bill {
  position: { line?: number; index?: number };
  machine: MachineInfo;
  /** The zone its dates were read in (the request's tz, else the machine's site's). */
  tz: string;
  start: number;
  end: number;
  energy: number;
  cost: number | null;
  peak: number | null;
}

export interface BillResult {
  kind: "bill";
  received: number;
  accepted: number;
  written: number;
  rejected_count: number;
  rejected: RejectedRow[];
  rollups: { ranges: number; buckets: number };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A bill date or timestamp as ms; a date is the local midnight of `tz`, moved a day on for an inclusive end. */
function instant(text: string, tz: string, inclusiveEnd: boolean): { ok: true; ms: number } | { ok: false; message: string } {
  const dateOnly = DATE_ONLY.test(text);
  const r = parseTimestamp(dateOnly ? `${text}T00:00:00` : text, tz);
  if (!r.ok) return r;
  return { ok: true, ms: dateOnly && inclusiveEnd ? intervalEnd(r.ms, "1day", tz) : r.ms };
}

const DAY_MS = 86_400_000;

/** An instant as the plant reads it: "1 Oct 2026" at a local midnight of `tz`, else "Thu 1 Oct 2026, 06:00". */
export function plantMoment(ms: number, tz: string): string {
  const wall = wallClock(ms, tz);
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS === 0 ? formatPlantDate(ms, tz) : formatPlantDateTime(ms, tz);
}

/** "the period 1 Oct 2026 – 1 Nov 2026 (Europe/Berlin)": bill periods in messages, in the zone their dates were read in. */
const period = (start: number, end: number, tz: string) => `the period ${plantMoment(start, tz)} – ${plantMoment(end, tz)} (${tz})`;

/**
 * Validates and stores bills (`rows` in file order, each with its CSV line or JSON index). All or
 * nothing unless on_error=skip; rejected bills are listed with field and reason.
 */
export async function ingestBills(db: Database, rows: { position: { line?: number; index?: number }; row: BillInput }[], query: BillQuery, dialect?: Dialect): Promise<BillResult> {
  if (rows.length > MAX_JSON_ROWS * 10) throw new AppError("payload_too_large", `At most ${MAX_JSON_ROWS * 10} bills per request`);
  const machines = await loadMachines(db, false);
  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  const reject = (position: Bill["position"], field: string, message: string) => {
    rejectedCount += 1;
    if (rejected.length < 1000) rejected.push({ ...position, field, ...(position.line !== undefined ? { column: field } : {}), message });
  };
  const bills: Bill[] = [];
  const now = Date.now();
  for (const { position, row } of rows) {
    const parsed = billRowSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const hint = dialect && issue.path.length === 1 ? decimalHint(dialect, row[String(issue.path[0])]) : null;
      reject(position, issue.path.join(".") || "(row)", hint ?? issue.message);
      continue;
    }
    const b = parsed.data;
    const machine = machines.get(b.machine_id.toLowerCase());
    if (!machine) {
      reject(position, "machine_id", `unknown machine ${b.machine_id.toLowerCase()}`);
      continue;
    }
    const tz = query.tz ?? machine.time_zone;
    const start = instant(b.period_start, tz, false);
    if (!start.ok) {
      reject(position, "period_start", start.message);
      continue;
    }
    const end = instant(b.period_end, tz, query.period_end === "inclusive");
    if (!end.ok) {
      reject(position, "period_end", end.message);
      continue;
    }
    const seconds = (end.ms - start.ms) / 1000;
    if (!(seconds >= 1 && seconds <= MAX_INTERVAL_S && Number.isInteger(seconds))) {
      reject(position, "period_end", `${period(start.ms, end.ms, tz)} must be positive, whole seconds and at most 100 days${query.period_end === "exclusive" && seconds === 0 ? " (an end date equal to the start: is it the last day billed? then send period_end=inclusive)" : ""}`);
      continue;
    }
    // As every reading: from 1990 on, and over by the server clock (a bill of energy not yet consumed is refused).
    if (start.ms < EARLIEST_MS) {
      reject(position, "period_start", `${period(start.ms, end.ms, tz)} starts before 1990`);
      continue;
    }
    if (end.ms > now + FUTURE_TOLERANCE_MS) {
      reject(position, "period_end", `${period(start.ms, end.ms, tz)} ends in the future (more than 1 hour after the server clock): bill a period once it is over`);
      continue;
    }
    const implausible = implausibleEnergy(b.energy_kwh, seconds, null, powerCeilingKw(machine));
    if (implausible) {
      reject(position, "energy_kwh", implausible);
      continue;
    }
    bills.push({ position, machine, tz, start: start.ms, end: end.ms, energy: b.energy_kwh, cost: b.cost ?? null, peak: b.peak_kw ?? null });
  }

  // Overlaps within the batch: per machine by start; the later of two overlapping bills is rejected, naming the other.
  const where = (p: Bill["position"]) => (p.line !== undefined ? `line ${p.line}` : `row ${p.index}`);
  const byMachine = new Map<string, Bill[]>();
  for (const b of bills) byMachine.set(b.machine.id, [...(byMachine.get(b.machine.id) ?? []), b]);
  const overlapping = new Set<Bill>();
  for (const list of byMachine.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let last: Bill | undefined;
    for (const b of list) {
      if (last && b.start < last.end) {
        reject(b.position, "period_start", `${period(b.start, b.end, b.tz)} overlaps the bill in ${where(last.position)} (${plantMoment(last.start, b.tz)} – ${plantMoment(last.end, b.tz)}) of the same machine`);
        overlapping.add(b);
        continue;
      }
      last = b;
    }
  }
  let kept = bills.filter((b) => !overlapping.has(b));

  // Overlaps with stored readings of the machine (other than one starting at the same instant, which the bill replaces).
  if (kept.length > 0) {
    const hits = await db.query<{ i: number; time: Date; interval_s: number }>(
      `SELECT r.i, x.time, x.interval_s FROM jsonb_to_recordset($1::jsonb) AS r(i int, machine_id uuid, s timestamptz, e timestamptz)
       CROSS JOIN LATERAL (
         SELECT time, interval_s FROM energy_readings x
          WHERE x.machine_id = r.machine_id AND x.time < r.e AND x.time > r.s - interval '${MAX_INTERVAL_S} seconds' AND x.time <> r.s
            AND x.time + x.interval_s * interval '1 second' > r.s
          ORDER BY x.time LIMIT 1) x`,
      [JSON.stringify(kept.map((b, i) => ({ i, machine_id: b.machine.id, s: new Date(b.start).toISOString(), e: new Date(b.end).toISOString() })))],
    );
    const clash = new Map(hits.map((h) => [Number(h.i), h]));
    kept = kept.filter((b, i) => {
      const h = clash.get(i);
      if (!h) return true;
      reject(b.position, "period_start", `${period(b.start, b.end, b.tz)} overlaps the stored reading of the same machine at ${plantMoment(new Date(h.time).getTime(), b.tz)} (${h.interval_s} s)`);
      return false;
    });
  }

  if (rejectedCount > 0 && query.on_error === "abort") {
    const first = rejected[0]!;
    throw new AppError("bad_request", `Nothing was written: ${rejectedCount} bill(s) rejected; first: ${where(first)}, ${first.field}: ${first.message}`, {
      rejected_count: rejectedCount,
      errors: rejected.map((r) => ({ field: r.field, message: r.message, ...(r.line !== undefined ? { line: r.line, column: r.column } : { index: r.index }) })),
    });
  }
  const keys = new BatchKeys();
  const lines = kept.map((b) => {
    keys.add(b.machine.id, b.start);
    return copyLine("energy", { time: new Date(b.start), machine_id: b.machine.id, energy_kwh: b.energy, interval_s: (b.end - b.start) / 1000, cost: b.cost, peak_demand_kw: b.peak });
  });
  const { written, refresh } = await writeBatch(db, "energy", (w) => w.write(lines, keys));
  return { kind: "bill", received: rows.length, accepted: kept.length, written, rejected_count: rejectedCount, rejected, rollups: refresh };
}

/** Bills from a CSV's columns (mapColumns) and records, numbers read by `number`. */
export function billRowsFromCsv(names: (string | null)[], records: { line: number; fields: string[] }[], number: (raw: string) => unknown): { position: { line: number }; row: BillInput }[] {
  return records.map(({ line, fields }) => {
    const row: BillInput = {};
    names.forEach((name, i) => {
      const raw = fields[i];
      if (!name || raw === undefined || raw.trim() === "") return;
      row[name] = name === "energy_kwh" || name === "cost" || name === "peak_kw" ? number(raw) : raw.trim();
    });
    return { position: { line }, row };
  });
}

/** A bill CSV (read whole: bill files are small) into ingestBills. */
export async function ingestBillCsv(
  db: Database,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  query: BillQuery & { delimiter?: Delimiter; decimal?: DecimalMark },
): Promise<BillResult> {
  const { header, records, dialect, number } = parseCsvRecords(await readCsvText(source), query);
  const names = mapColumns("bill", header, billColumns, ["machine_id", "period_start", "period_end", "energy_kwh"], dialect);
  return ingestBills(db, billRowsFromCsv(names, records, number), query, dialect);
}

/** A JSON batch of bills (an array, or {rows: [...]}) into ingestBills. */
export async function ingestBillJson(db: Database, body: unknown, query: BillQuery): Promise<BillResult> {
  const parsed = jsonBatchSchema.safeParse(body);
  if (!parsed.success) throw new AppError("bad_request", "Invalid body: must be a JSON array of bills or an object with a rows array");
  return ingestBills(db, parsed.data.map((row, index) => ({ position: { index }, row: row as BillInput })), query);
}

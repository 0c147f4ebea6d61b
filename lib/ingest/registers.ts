import { formatPlantDateTime } from "@/lib/time/plant-time";
import { AppError } from "@/lib/errors";
import type { Database, Queryable } from "@/lib/db/types";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { MAX_JSON_ROWS, jsonBatchSchema, registerRowSchema, type IngestQuery } from "@/lib/validation/ingest";
import { decimalHint, type DecimalMark, type Delimiter, type Dialect } from "./dialect";
import { valuesHash, BatchDuplicates } from "./duplicates";
import { loadMachines, type MachineInfo } from "./energy";
import { MAX_INTERVAL_S } from "./intervals";
import { implausibleEnergy, powerCeilingKw } from "./plausibility";
import { mapColumns, parseCsvRecords, readCsvText } from "./records";
import { parseTimestamp, resolveRepeatedHour } from "./timestamps";
import type { RejectedRow, SupersededRow } from "./validate";

// Cumulative register readings (the meter's kWh index, as Modbus and pulse meters report it).
// Each reading is stored in meter_register_readings; consumption is derived into energy_readings
// between consecutive readings of a machine: a row at the earlier reading's time, interval_s =
// the gap, energy_kwh = the difference, power_kw = energy ÷ hours. Stored neighbours are read, so
// batches and out-of-order arrivals give what one sorted file gives: a reading landing between
// two stored ones splits their derived row in two.
//
// A step down (r < previous) is, in this order:
//  - a rollover, when the machine has register_max_kwh and the rolled-over consumption
//    (max − previous + r) is at most half the register's range: energy = max − previous + r;
//  - a meter replacement, when r ≤ REPLACEMENT_FRACTION × previous (the new register restarted
//    near zero): no consumption is derived for that gap (it stays uncovered), reported;
//  - else a backwards step: the reading is rejected with its line.
// A derived consumption implying more than the machine's plausible power (lib/ingest/plausibility.ts)
// rejects the later reading too. The first reading of a machine is a starting point only.

/** A restart at or below this share of the previous reading is a meter replacement. */
export const REPLACEMENT_FRACTION = 0.01;

type Position = { line?: number; index?: number };

interface Reading {
  time: number;
  kwh: number;
  /** Set for readings of this batch. */
  position?: Position;
}

export interface RegisterEvent {
  machine_id: string;
  time: string;
  line?: number;
  index?: number;
  previous_kwh: number;
  register_kwh: number;
}

export interface RegisterResult {
  kind: "register";
  received: number;
  accepted: number;
  /** Register readings written. */
  written: number;
  /** Energy rows derived (written or rewritten). */
  derived: number;
  rejected_count: number;
  rejected: RejectedRow[];
  superseded_count: number;
  superseded: SupersededRow[];
  /** First readings of machines with nothing stored before them: starting points, no consumption. */
  starting_points: { machine_id: string; time: string }[];
  rollovers: RegisterEvent[];
  replacements: RegisterEvent[];
  rollups: { ranges: number; buckets: number };
}

const iso = (ms: number) => new Date(ms).toISOString();
/** "Fri, 1 May 2026, 02:15": a reading's time in messages, in the plant's zone (named once at the end of the sentence). */
const plant = (ms: number, timeZone: string) => formatPlantDateTime(ms, timeZone);

/** Per machine of `ids`, the time of its latest stored register reading (one index probe each). */
async function latestStored(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.query<{ machine_id: string; time: Date | string }>(
    `SELECT r.id::text AS machine_id, x.time FROM jsonb_array_elements_text($1::jsonb) AS r(id)
       CROSS JOIN LATERAL (SELECT m.time FROM meter_register_readings m WHERE m.machine_id = r.id::uuid ORDER BY m.time DESC LIMIT 1) x`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.machine_id, new Date(r.time).getTime()]));
}

/** The stored readings around each machine's batch range: the one before, all within, the one after. */
async function storedAround(db: Queryable, ranges: { machine_id: string; s: string; e: string }[]): Promise<Map<string, Reading[]>> {
  const rows = await db.query<{ machine_id: string; time: Date; register_kwh: number }>(
    `SELECT r.machine_id::text AS machine_id, x.time, x.register_kwh
       FROM jsonb_to_recordset($1::jsonb) AS r(machine_id uuid, s timestamptz, e timestamptz)
       CROSS JOIN LATERAL (
         (SELECT time, register_kwh FROM meter_register_readings m WHERE m.machine_id = r.machine_id AND m.time < r.s ORDER BY m.time DESC LIMIT 1)
         UNION ALL
         (SELECT time, register_kwh FROM meter_register_readings m WHERE m.machine_id = r.machine_id AND m.time >= r.s AND m.time <= r.e)
         UNION ALL
         (SELECT time, register_kwh FROM meter_register_readings m WHERE m.machine_id = r.machine_id AND m.time > r.e ORDER BY m.time LIMIT 1)
       ) x`,
    [JSON.stringify(ranges)],
  );
  const out = new Map<string, Reading[]>();
  for (const r of rows) {
    const list = out.get(r.machine_id) ?? [];
    list.push({ time: new Date(r.time).getTime(), kwh: Number(r.register_kwh) });
    out.set(r.machine_id, list);
  }
  return out;
}

interface Derived {
  time: number;
  interval_s: number;
  energy_kwh: number;
}

interface Walk {
  derived: Derived[];
  rollovers: { at: Reading; previous: Reading }[];
  replacements: { at: Reading; previous: Reading }[];
  /** A batch reading to reject and why (the walk is run again without it). */
  bad?: { reading: Reading; field: string; message: string };
}

/** Consumption between consecutive readings of one machine (sorted, batch merged over stored). */
function walk(seq: Reading[], m: MachineInfo): Walk {
  const out: Walk = { derived: [], rollovers: [], replacements: [] };
  const ceiling = powerCeilingKw(m);
  for (let i = 1; i < seq.length; i++) {
    const a = seq[i - 1]!;
    const b = seq[i]!;
    const gap = (b.time - a.time) / 1000;
    // The reading to blame for a bad pair: the batch's, the later when both are.
    const culprit = b.position ? b : a.position ? a : null;
    let energy = b.kwh - a.kwh;
    if (energy < 0) {
      const max = m.register_max_kwh;
      if (max !== null && max - a.kwh + b.kwh <= max / 2 && a.kwh <= max) {
        energy = max - a.kwh + b.kwh;
        out.rollovers.push({ at: b, previous: a });
      } else if (b.kwh <= REPLACEMENT_FRACTION * a.kwh) {
        out.replacements.push({ at: b, previous: a });
        continue;
      } else {
        if (culprit) {
          out.bad = { reading: culprit, field: "energy_register_kwh", message: `the register goes back from ${a.kwh} kWh at ${plant(a.time, m.time_zone)} to ${b.kwh} kWh at ${plant(b.time, m.time_zone)} (${m.time_zone}): neither a rollover (register_max_kwh ${max ?? "not set"}) nor a meter replacement (a restart at or below ${REPLACEMENT_FRACTION * 100} % of the previous reading)` };
          return out;
        }
        continue;
      }
    }
    if (!Number.isInteger(gap) || gap > MAX_INTERVAL_S) {
      if (culprit) {
        out.bad = { reading: culprit, field: "time", message: `readings must be whole seconds apart and at most ${MAX_INTERVAL_S} s (100 days); ${plant(a.time, m.time_zone)} to ${plant(b.time, m.time_zone)} (${m.time_zone}) is ${gap} s` };
        return out;
      }
      continue;
    }
    const implausible = implausibleEnergy(energy, gap, null, ceiling);
    if (implausible && culprit) {
      out.bad = { reading: culprit, field: "energy_register_kwh", message: `consumption between ${plant(a.time, m.time_zone)} and ${plant(b.time, m.time_zone)} (${m.time_zone}): ${implausible}` };
      return out;
    }
    out.derived.push({ time: a.time, interval_s: gap, energy_kwh: energy });
  }
  return out;
}

/** Register readings in file order (each with its CSV line or JSON index): validated, stored, and turned into consumption. */
export async function ingestRegisters(db: Database, rows: { position: Position; row: unknown }[], query: IngestQuery, dialect?: Dialect): Promise<RegisterResult> {
  const machines = await loadMachines(db, false);
  const schema = registerRowSchema(query.tz);
  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  const reject = (position: Position, field: string, message: string) => {
    rejectedCount += 1;
    if (rejected.length < 1000) rejected.push({ ...position, field, ...(position.line !== undefined ? { column: field } : {}), message });
  };
  const where = (p: Position) => (p.line !== undefined ? `line ${p.line}` : `row ${p.index}`);
  const superseded: SupersededRow[] = [];
  let supersededCount = 0;
  const repeats = new BatchDuplicates();
  const previous = new Map<string, number>();
  const batch = new Map<string, Map<number, Reading>>();

  // First the rows' own checks; then, in file order, which instant an ambiguous local time means.
  const valid: { position: Position; id: string; time: number; later: number | undefined; kwh: number }[] = [];
  for (const { position, row } of rows) {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const hint = dialect && issue.path.length === 1 ? decimalHint(dialect, (row as Record<string, unknown>)[String(issue.path[0])]) : null;
      reject(position, issue.path.join(".") || "(row)", hint ?? issue.message);
      continue;
    }
    const id = parsed.data.machine_id.toLowerCase();
    if (!machines.has(id)) {
      reject(position, "machine_id", `unknown machine ${id}`);
      continue;
    }
    const text = (row as { time?: unknown }).time;
    const local = query.tz && typeof text === "string" ? parseTimestamp(text, query.tz) : null;
    valid.push({ position, id, time: parsed.data.time.getTime(), later: local?.ok ? local.later : undefined, kwh: parsed.data.energy_register_kwh });
  }
  // A machine whose first reading of the batch falls in the repeated hour resolves it against its
  // latest stored reading (a gateway sending one reading per request): one probe per such machine.
  const firstAmbiguous = new Set<string>();
  const seen = new Set<string>();
  for (const v of valid) {
    if (!seen.has(v.id) && v.later !== undefined) firstAmbiguous.add(v.id);
    seen.add(v.id);
  }
  const latest = firstAmbiguous.size > 0 ? await latestStored(db, [...firstAmbiguous]) : new Map<string, number>();

  for (const { position, id, later, kwh, time: first } of valid) {
    let time = first;
    // A local time the autumn change repeats: file order per machine decides (as for energy rows),
    // the machine's latest stored reading standing in for a previous row of the batch.
    if (later !== undefined) {
      const inBatch = previous.get(id);
      const before = inBatch ?? latest.get(id);
      const resolved = resolveRepeatedHour(first, later, before);
      if (resolved === null) {
        const what = inBatch !== undefined ? "the machine's previous reading" : `the machine's latest stored reading (${iso(before!)})`;
        reject(position, "time", `${iso(first)} and ${iso(later)} share this local time (the clocks went back) and ${what} is later than both, so the order cannot tell which is meant: give the time with its UTC offset`);
        continue;
      }
      time = resolved;
    }
    previous.set(id, time);
    const repeat = repeats.add(id, time, position.line ?? position.index ?? 0, valuesHash(String(kwh)));
    if (repeat && !repeat.identical && !repeat.unchecked) {
      if (query.on_error !== "skip") {
        reject(position, "time", `machine ${id} at ${iso(time)} is also in ${position.line !== undefined ? "line" : "row"} ${repeat.earlier}, with a different reading: send one reading per machine and time (with on_error=skip the later row wins)`);
        continue;
      }
      supersededCount += 1;
      if (superseded.length < 1000) superseded.push(position.line !== undefined ? { line: repeat.earlier, by_line: position.line } : { index: repeat.earlier, by_index: position.index });
    }
    const readings = batch.get(id) ?? new Map<number, Reading>();
    readings.set(time, { time, kwh, position });
    batch.set(id, readings);
  }

  const ranges = [...batch].map(([machine_id, readings]) => {
    const times = [...readings.keys()];
    return { machine_id, s: iso(Math.min(...times)), e: iso(Math.max(...times)) };
  });
  const stored = ranges.length > 0 ? await storedAround(db, ranges) : new Map<string, Reading[]>();

  const result: Pick<RegisterResult, "starting_points" | "rollovers" | "replacements"> = { starting_points: [], rollovers: [], replacements: [] };
  const event = (id: string, e: { at: Reading; previous: Reading }): RegisterEvent => ({ machine_id: id, time: iso(e.at.time), ...e.at.position, previous_kwh: e.previous.kwh, register_kwh: e.at.kwh });
  const plans: { id: string; accepted: Reading[]; window: Reading[]; derived: Derived[] }[] = [];
  for (const [id, readings] of batch) {
    const m = machines.get(id)!;
    const merged = new Map<number, Reading>();
    for (const r of stored.get(id) ?? []) merged.set(r.time, r);
    for (const r of readings.values()) merged.set(r.time, r);
    let seq = [...merged.values()].sort((a, b) => a.time - b.time);
    let w = walk(seq, m);
    while (w.bad) {
      const bad = w.bad;
      reject(bad.reading.position!, bad.field, bad.message);
      // A rejected reading that re-sent a stored one leaves the stored one in place.
      const kept = (stored.get(id) ?? []).find((r) => r.time === bad.reading.time);
      seq = seq.flatMap((r) => (r !== bad.reading ? [r] : kept ? [kept] : []));
      w = walk(seq, m);
    }
    const accepted = seq.filter((r) => r.position);
    if (seq[0]?.position && !(stored.get(id) ?? []).some((r) => r.time < seq[0]!.time)) result.starting_points.push({ machine_id: id, time: iso(seq[0].time) });
    result.rollovers.push(...w.rollovers.map((e) => event(id, e)));
    result.replacements.push(...w.replacements.map((e) => event(id, e)));
    plans.push({ id, accepted, window: seq, derived: w.derived });
  }

  if (rejectedCount > 0 && query.on_error !== "skip") {
    const first = rejected[0]!;
    throw new AppError("bad_request", `Nothing was written: ${rejectedCount} reading(s) rejected; first: ${where(first)}, ${first.field}: ${first.message}`, {
      rejected_count: rejectedCount,
      errors: rejected.map((r) => ({ field: r.field, message: r.message, ...(r.line !== undefined ? { line: r.line, column: r.column } : { index: r.index }) })),
    });
  }

  let written = 0;
  let derived = 0;
  await db.transaction(async (tx) => {
    for (const p of plans) {
      if (p.window.length === 0) continue;
      written += p.accepted.length;
      derived += p.derived.length;
      const readings = JSON.stringify(p.accepted.map((r) => ({ t: iso(r.time), k: r.kwh })));
      await tx.query(
        `INSERT INTO meter_register_readings (machine_id, time, register_kwh) SELECT $1::uuid, t, k FROM jsonb_to_recordset($2::jsonb) AS r(t timestamptz, k float8)
         ON CONFLICT (machine_id, time) DO UPDATE SET register_kwh = EXCLUDED.register_kwh`,
        [p.id, readings],
      );
      // Rows derived earlier at the window's readings are replaced; the window's last reading keeps
      // the row to its successor beyond the window when it is a stored one.
      const last = p.window[p.window.length - 1]!;
      const times = p.window.filter((r) => r !== last || r.position).map((r) => iso(r.time));
      await tx.query(`DELETE FROM energy_readings WHERE machine_id = $1 AND time IN (SELECT jsonb_array_elements_text($2::jsonb)::timestamptz)`, [p.id, JSON.stringify(times)]);
      // Rejected readings of the batch (on_error=skip) may have had a row derived from them before.
      if (p.derived.length > 0) {
        await tx.query(
          `INSERT INTO energy_readings (time, machine_id, energy_kwh, power_kw, interval_s)
           SELECT t, $1::uuid, e, e / (s / 3600.0), s FROM jsonb_to_recordset($2::jsonb) AS r(t timestamptz, e float8, s int)
           ON CONFLICT (machine_id, time) DO UPDATE SET energy_kwh = EXCLUDED.energy_kwh, power_kw = EXCLUDED.power_kw, interval_s = EXCLUDED.interval_s,
             voltage_v = NULL, current_a = NULL, power_factor = NULL, cost = NULL, peak_demand_kw = NULL`,
          [p.id, JSON.stringify(p.derived.map((d) => ({ t: iso(d.time), e: d.energy_kwh, s: d.interval_s })))],
        );
      }
      await tx.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) VALUES ('energy', $1, $2, $3)`, [p.id, iso(p.window[0]!.time), iso(last.time)]);
    }
  });
  const rollups = await refreshRollups(db);
  return {
    kind: "register",
    received: rows.length,
    accepted: plans.reduce((n, p) => n + p.accepted.length, 0),
    written,
    derived,
    rejected_count: rejectedCount,
    rejected,
    superseded_count: supersededCount,
    superseded,
    ...result,
    rollups,
  };
}

const registerColumns: Record<string, string[]> = { time: ["timestamp", "ts"], machine_id: [], energy_register_kwh: ["register_kwh", "kwh_total"] };

/** A register CSV (time, machine_id, energy_register_kwh; read whole) into ingestRegisters. */
export async function ingestRegisterCsv(
  db: Database,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  query: IngestQuery & { delimiter?: Delimiter; decimal?: DecimalMark },
): Promise<RegisterResult> {
  const { header, records, dialect, number } = parseCsvRecords(await readCsvText(source), query);
  const names = mapColumns("register", header, registerColumns, Object.keys(registerColumns), dialect);
  const rows = records.map(({ line, fields }) => {
    const row: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const raw = fields[i];
      if (name && raw !== undefined && raw.trim() !== "") row[name] = name === "energy_register_kwh" ? number(raw) : raw.trim();
    });
    return { position: { line }, row };
  });
  return ingestRegisters(db, rows, query, dialect);
}

/** A JSON batch of register readings into ingestRegisters. */
export async function ingestRegisterJson(db: Database, body: unknown, query: IngestQuery): Promise<RegisterResult> {
  const parsed = jsonBatchSchema.safeParse(body);
  if (!parsed.success) throw new AppError("bad_request", "Invalid body: must be a JSON array of readings or an object with a rows array");
  if (parsed.data.length > MAX_JSON_ROWS) throw new AppError("payload_too_large", `Batch has ${parsed.data.length} rows; at most ${MAX_JSON_ROWS} are accepted per JSON request (or use /api/v1/ingest/csv?kind=register)`);
  return ingestRegisters(db, parsed.data.map((row, index) => ({ position: { index }, row })), query);
}

import "server-only";
import { AppError } from "@/lib/errors";
import type { Queryable, Database } from "../types";
import { calendarValues } from "@/lib/analytics/drivers/calendar";

// Storage of anomaly events and their history. Detection writes through upsertEvents (idempotent:
// a candidate that overlaps or touches an event of the same machine and detector extends it);
// the workflow through setStatus; the API reads through listEvents and getEvent.

export interface StoredEvent {
  id: string;
  machine_id: string;
  machine_name: string;
  detector: string;
  start: string;
  end: string;
  severity: string;
  peak_score: number;
  excess_kwh: number;
  excess_cost: number | null;
  currency: string | null;
  baseline_model_id: string | null;
  baseline_model_version: number | null;
  evidence: Record<string, unknown>;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface HistoryEntry {
  from_status: string | null;
  to_status: string;
  note: string | null;
  who: string;
  at: string;
}

const iso = (v: unknown) => new Date(v as string | Date).toISOString();

export const EVENT_COLUMNS = `e.id::text AS id, e.machine_id::text AS machine_id, m.name AS machine_name, e.detector, e.start_time, e.end_time, e.severity,
  e.peak_score, e.excess_kwh, e.excess_cost, e.currency, e.baseline_model_id::text AS baseline_model_id, e.baseline_model_version,
  e.evidence, e.status, e.created_at, e.updated_at`;

export function eventOf(r: Record<string, unknown>): StoredEvent {
  return {
    id: r.id as string,
    machine_id: r.machine_id as string,
    machine_name: r.machine_name as string,
    detector: r.detector as string,
    start: iso(r.start_time),
    end: iso(r.end_time),
    severity: r.severity as string,
    peak_score: Number(r.peak_score),
    excess_kwh: Number(r.excess_kwh),
    excess_cost: r.excess_cost === null ? null : Number(r.excess_cost),
    currency: (r.currency as string | null) ?? null,
    baseline_model_id: (r.baseline_model_id as string | null) ?? null,
    baseline_model_version: r.baseline_model_version === null ? null : Number(r.baseline_model_version),
    evidence: (typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence) as Record<string, unknown>,
    status: r.status as string,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

export interface NewEvent {
  detector: string;
  start: number;
  end: number;
  severity: string;
  severityRank: number;
  peakScore: number;
  excessKwh: number;
  excessCost: number | null;
  currency: string | null;
  modelId: string | null;
  modelVersion: number | null;
  evidence: Record<string, unknown>;
  /**
   * Per flagged bucket: its start and excess (kWh), its cost, and (where known) its actual and
   * expected energy (kWh), so an extended event adds only buckets it did not hold and its evidence
   * and cost cover the whole event.
   */
  buckets: { t: number; excessKwh: number; excessCost: number | null; actualKwh?: number; expectedKwh?: number }[];
}

/**
 * The evidence key holding an event's excess per flagged bucket ({bucket start ISO: kWh}): what
 * pricing the whole event needs after an extension or a tariff change (the hours' prices differ
 * under a time-of-use tariff).
 */
export const BUCKET_EXCESS_KEY = "bucket_excess_kwh";

/** Energy price (currency per kWh) of the bucket starting at t (epoch ms), for one machine's tariff. */
export type PriceOf = (t: number) => number;

type Evidence = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const round4 = (v: number) => Number(v.toFixed(4));

function bucketMapOf(evidence: Evidence): Map<number, number> | null {
  const m = evidence[BUCKET_EXCESS_KEY];
  if (!m || typeof m !== "object") return null;
  return new Map(Object.entries(m as Record<string, unknown>).map(([k, v]) => [Date.parse(k), Number(v)]));
}

const mapJson = (m: Map<number, number>) => Object.fromEntries([...m.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => [new Date(t).toISOString(), v]));

/** Σ kWh × price over a bucket map. */
const priceMap = (m: Map<number, number>, price: PriceOf) => [...m.entries()].reduce((s, [t, kwh]) => s + (kwh === 0 ? 0 : kwh * price(t)), 0);

const sameCost = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

function parseEvidence(v: unknown): Evidence {
  return (typeof v === "string" ? JSON.parse(v) : (v ?? {})) as Evidence;
}

/**
 * The evidence of an event made of stored parts and a candidate's buckets outside them: the
 * highest-scoring part's peak and the candidate's parameters, with flagged hours, actual and
 * expected energy summed over the whole event (expected null unless every part and bucket has
 * one), so its figures describe the same hours as its excess. Evidence without these figures
 * (silent meters) is the highest-scoring part's, as it is.
 */
function mergedEvidence(parts: { evidence: Evidence; peak: number }[], c: NewEvent, outside: NewEvent["buckets"], map: Map<number, number> | null): Evidence {
  let top: { evidence: Evidence; peak: number } = { evidence: c.evidence, peak: c.peakScore };
  for (const p of parts) if (p.peak > top.peak) top = p;
  const out: Evidence = { ...top.evidence };
  const all = [...parts.map((p) => p.evidence), c.evidence];
  if (all.every((e) => num(e.flagged_buckets) !== null)) {
    out.parameters = c.evidence.parameters ?? out.parameters;
    out.flagged_buckets = parts.reduce((s, p) => s + num(p.evidence.flagged_buckets)!, 0) + outside.length;
    const sum = (key: "actual_kwh" | "expected_kwh", of: (b: NewEvent["buckets"][number]) => number | undefined) => {
      const stored = parts.map((p) => num(p.evidence[key]));
      const added = outside.map((b) => of(b));
      if (stored.some((v) => v === null) || added.some((v) => v === undefined || !Number.isFinite(v))) return null;
      return round4(stored.reduce<number>((s, v) => s + v!, 0) + added.reduce<number>((s, v) => s + v!, 0));
    };
    out.actual_kwh = sum("actual_kwh", (b) => b.actualKwh);
    out.expected_kwh = sum("expected_kwh", (b) => b.expectedKwh);
  }
  if (map) out[BUCKET_EXCESS_KEY] = mapJson(map);
  else delete out[BUCKET_EXCESS_KEY];
  return out;
}


const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

/**
 * Stores a machine's candidate events in one transaction (advisory-locked per machine, so two
 * detections of one machine do not both insert). A candidate that overlaps or touches (within
 * `touchMs`) an event of the same machine and detector extends it: the span is the union, the
 * severity and peak the larger, and the excess adds only the candidate's buckets outside the
 * stored span (buckets already counted keep their accounting); the evidence sums flagged hours,
 * actual and expected energy over the whole event. Its cost is the whole event's or null, never
 * a partial sum: with `price` (the machine's current tariff) Σ excess × price over every bucket of
 * the event (an event stored without its per-bucket excess, before 2026-12-01, adds its stored
 * cost when it has one in the same currency, else the cost is null); without `price` the stored
 * costs and the new buckets' when every one is priced in the candidate's currency, else null.
 * `currency` is set exactly when the cost is. Nothing changes when nothing differs, so running a
 * detection twice creates and updates nothing.
 */
export async function upsertEvents(db: Database, machineId: string, events: NewEvent[], touchMs: number, who: string, price: PriceOf | null = null): Promise<{ created: number; updated: number }> {
  if (events.length === 0) return { created: 0, updated: 0 };
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('anomaly:' || $1::text))`, [machineId]);
    let created = 0;
    let updated = 0;
    for (const c of events) {
      // Every event the candidate overlaps or touches: one that bridges two of them merges them,
      // so no two events of a machine and detector overlap and no bucket's excess counts twice.
      const found = await tx.query<Record<string, unknown>>(
        `SELECT id::text AS id, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, currency, evidence
         FROM anomaly_events WHERE machine_id = $1 AND detector = $2 AND start_time <= $4::timestamptz AND end_time >= $3::timestamptz
         ORDER BY start_time, id FOR UPDATE`,
        [machineId, c.detector, new Date(c.start - touchMs).toISOString(), new Date(c.end + touchMs).toISOString()],
      );
      const ex = found[0];
      if (!ex) {
        await insertEvent(tx, machineId, c, who);
        created++;
        continue;
      }
      const spans = found.map((f) => [new Date(f.start_time as string).getTime(), new Date(f.end_time as string).getTime()] as const);
      const exStart = spans[0]![0];
      const exEnd = spans[0]![1];
      const outside = c.buckets.filter((b) => spans.every(([s0, e0]) => b.t < s0 || b.t >= e0));
      const start = Math.min(c.start, ...spans.map(([s0]) => s0));
      const end = Math.max(c.end, ...spans.map(([, e0]) => e0));
      let severity = c.severity;
      let peak = c.peakScore;
      for (const f of found) {
        if (RANK[f.severity as string]! > RANK[severity]!) severity = f.severity as string;
        if (Number(f.peak_score) > peak) peak = Number(f.peak_score);
      }
      const parts = found.map((f) => {
        const evidence = parseEvidence(f.evidence);
        return { evidence, peak: Number(f.peak_score), kwh: Number(f.excess_kwh), cost: f.excess_cost === null ? null : Number(f.excess_cost), currency: (f.currency as string | null) ?? null, map: bucketMapOf(evidence) };
      });
      const excessKwh = parts.reduce((sum, f) => sum + f.kwh, 0) + outside.reduce((sum, b) => sum + b.excessKwh, 0);
      // Every bucket's excess of the whole event, where every part kept its own.
      let map: Map<number, number> | null = null;
      if (parts.every((f) => f.map)) {
        map = new Map(parts.flatMap((f) => [...f.map!.entries()]));
        for (const b of outside) map.set(b.t, b.excessKwh);
      }
      const excessCost = wholeCost(c, parts, outside, price);
      const currency = excessCost === null ? null : c.currency;
      if (found.length === 1 && start === exStart && end === exEnd && severity === ex.severity && peak === Number(ex.peak_score) && outside.length === 0 && sameCost(excessCost, parts[0]!.cost) && currency === parts[0]!.currency) continue;
      const evidence = mergedEvidence(parts, c, outside, map);
      const merged = found.slice(1).map((f) => f.id as string);
      if (merged.length > 0) {
        // The merged events' history (their statuses, notes) moves to the event that absorbs them.
        await tx.query(`UPDATE anomaly_event_history SET event_id = $1 WHERE event_id = ANY($2::uuid[])`, [ex.id, merged]);
        await tx.query(`DELETE FROM anomaly_events WHERE id = ANY($1::uuid[])`, [merged]);
      }
      await tx.query(
        `UPDATE anomaly_events SET start_time = $2, end_time = $3, severity = $4, peak_score = $5, excess_kwh = $6, excess_cost = $7, currency = $8, evidence = $9::jsonb, updated_at = now() WHERE id = $1`,
        [ex.id, new Date(start).toISOString(), new Date(end).toISOString(), severity, peak, excessKwh, excessCost, currency, JSON.stringify(evidence)],
      );
      updated++;
    }
    return { created, updated };
  });
}

/** An extended event's cost: the whole event's at one tariff, or null (see upsertEvents). */
function wholeCost(c: NewEvent, parts: { kwh: number; cost: number | null; currency: string | null; map: Map<number, number> | null }[], outside: NewEvent["buckets"], price: PriceOf | null): number | null {
  if (c.excessCost === null || c.currency === null) return null;
  const stored = (f: (typeof parts)[number]) => (f.cost !== null && f.currency === c.currency ? f.cost : null);
  let sum = 0;
  for (const f of parts) {
    const v = price && f.map ? priceMap(f.map, price) : f.kwh === 0 ? 0 : stored(f);
    if (v === null) return null;
    sum += v;
  }
  for (const b of outside) {
    const v = price ? (b.excessKwh === 0 ? 0 : b.excessKwh * price(b.t)) : b.excessCost;
    if (v === null || !Number.isFinite(v)) return null;
    sum += v;
  }
  return sum;
}

/**
 * Prices a site's stored events again at its tariff (called when the tariff is set): each event
 * that kept its excess per bucket gets Σ excess × the price of the bucket's local hour of week
 * (`prices`: 168 prices, 0 = Monday 00:00, currency per kWh) and `currency`. Events stored
 * without per-bucket excess (before 2026-12-01) keep the cost priced at detection; silent-meter
 * events have no excess and stay unpriced. Returns how many events changed.
 */
export async function repriceEvents(db: Database, siteId: string, currency: string, prices: number[]): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; excess_cost: number | null; currency: string | null; map: unknown; time_zone: string }>(
      `SELECT e.id::text AS id, e.excess_cost, e.currency, e.evidence -> '${BUCKET_EXCESS_KEY}' AS map, s.time_zone
       FROM anomaly_events e JOIN machines m ON m.id = e.machine_id JOIN sites s ON s.id = m.site_id
       WHERE m.site_id = $1 AND e.detector <> 'silent_meter' AND e.evidence ? '${BUCKET_EXCESS_KEY}' FOR UPDATE OF e`,
      [siteId],
    );
    let changed = 0;
    for (const r of rows) {
      const map = bucketMapOf({ [BUCKET_EXCESS_KEY]: typeof r.map === "string" ? (JSON.parse(r.map) as unknown) : r.map });
      if (!map) continue;
      const cost = priceMap(map, (t) => prices[calendarValues(t, r.time_zone).hour_of_week]!);
      const stored = r.excess_cost === null ? null : Number(r.excess_cost);
      if (sameCost(cost, stored) && r.currency === currency) continue;
      await tx.query(`UPDATE anomaly_events SET excess_cost = $2, currency = $3, updated_at = now() WHERE id = $1`, [r.id, cost, currency]);
      changed++;
    }
    return changed;
  });
}

async function insertEvent(tx: Queryable, machineId: string, c: NewEvent, who: string): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO anomaly_events (machine_id, detector, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, currency, baseline_model_id, baseline_model_version, evidence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) RETURNING id::text AS id`,
    [machineId, c.detector, new Date(c.start).toISOString(), new Date(c.end).toISOString(), c.severity, c.peakScore, c.excessKwh, c.excessCost, c.excessCost === null ? null : c.currency, c.modelId, c.modelVersion, JSON.stringify({ ...c.evidence, [BUCKET_EXCESS_KEY]: mapJson(new Map(c.buckets.map((b) => [b.t, b.excessKwh]))) })],
  );
  await tx.query(`INSERT INTO anomaly_event_history (event_id, from_status, to_status, note, who) VALUES ($1, NULL, 'open', $2, $3)`, [row!.id, `raised by the ${c.detector} detector`, who]);
}

/** One event with its history. Throws AppError 404 when there is none. */
export async function getEvent(db: Queryable, id: string): Promise<StoredEvent & { history: HistoryEntry[] }> {
  const [row] = await db.query(`SELECT ${EVENT_COLUMNS} FROM anomaly_events e JOIN machines m ON m.id = e.machine_id WHERE e.id = $1`, [id]);
  if (!row) throw new AppError("not_found", `Anomaly event ${id} not found`);
  const history = await db.query<Record<string, unknown>>(`SELECT from_status, to_status, note, who, at FROM anomaly_event_history WHERE event_id = $1 ORDER BY at, id`, [id]);
  return {
    ...eventOf(row),
    history: history.map((h) => ({ from_status: (h.from_status as string | null) ?? null, to_status: h.to_status as string, note: (h.note as string | null) ?? null, who: h.who as string, at: iso(h.at) })),
  };
}

/**
 * Sets an event's status and records the transition, in one transaction; `allowed(from)` lists
 * the statuses reachable from the current one. Throws AppError 404 for an unknown event and 409
 * (naming the allowed statuses) for a transition that is not allowed.
 */
export async function setStatus(db: Database, id: string, to: string, note: string | null, who: string, allowed: (from: string) => readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string }>(`SELECT status FROM anomaly_events WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw new AppError("not_found", `Anomaly event ${id} not found`);
    const next = allowed(row.status);
    if (!next.includes(to)) {
      throw new AppError("conflict", `An event that is ${row.status} cannot become ${to}; allowed: ${next.length ? next.join(", ") : "none"}`, { status: row.status, allowed: next });
    }
    await tx.query(`UPDATE anomaly_events SET status = $2, updated_at = now() WHERE id = $1`, [id, to]);
    await tx.query(`INSERT INTO anomaly_event_history (event_id, from_status, to_status, note, who) VALUES ($1, $2, $3, $4, $5)`, [id, row.status, to, note, who]);
  });
}

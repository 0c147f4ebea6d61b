import "server-only";
import { AppError } from "@/lib/errors";
import type { Queryable, Database } from "../types";

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
  /** Per flagged bucket: its start and excess, so an extended event adds only buckets it did not hold. */
  buckets: { t: number; excessKwh: number; excessCost: number | null }[];
}

const RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };

/**
 * Stores a machine's candidate events in one transaction (advisory-locked per machine, so two
 * detections of one machine do not both insert). A candidate that overlaps or touches (within
 * `touchMs`) an event of the same machine and detector extends it: the span is the union, the
 * severity and peak the larger, and the excess adds only the candidate's buckets outside the
 * stored span (buckets already counted keep their accounting). Nothing changes when nothing
 * differs, so running a detection twice creates and updates nothing.
 */
export async function upsertEvents(db: Database, machineId: string, events: NewEvent[], touchMs: number, who: string): Promise<{ created: number; updated: number }> {
  if (events.length === 0) return { created: 0, updated: 0 };
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('anomaly:' || $1::text))`, [machineId]);
    let created = 0;
    let updated = 0;
    for (const c of events) {
      // Every event the candidate overlaps or touches: one that bridges two of them merges them,
      // so no two events of a machine and detector overlap and no bucket's excess counts twice.
      const found = await tx.query<Record<string, unknown>>(
        `SELECT id::text AS id, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, evidence
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
      let evidence: unknown = c.evidence;
      for (const f of found) {
        if (RANK[f.severity as string]! > RANK[severity]!) severity = f.severity as string;
        if (Number(f.peak_score) > peak) {
          peak = Number(f.peak_score);
          evidence = f.evidence;
        }
      }
      const excessKwh = found.reduce((sum, f) => sum + Number(f.excess_kwh), 0) + outside.reduce((sum, b) => sum + b.excessKwh, 0);
      const costs = found.map((f) => (f.excess_cost === null ? null : Number(f.excess_cost)));
      const excessCost = c.excessCost === null && costs.every((v) => v === null) ? null : costs.reduce<number>((sum, v) => sum + (v ?? 0), 0) + outside.reduce((sum, b) => sum + (b.excessCost ?? 0), 0);
      if (found.length === 1 && start === exStart && end === exEnd && severity === ex.severity && peak === Number(ex.peak_score) && outside.length === 0) continue;
      const merged = found.slice(1).map((f) => f.id as string);
      if (merged.length > 0) {
        // The merged events' history (their statuses, notes) moves to the event that absorbs them.
        await tx.query(`UPDATE anomaly_event_history SET event_id = $1 WHERE event_id = ANY($2::uuid[])`, [ex.id, merged]);
        await tx.query(`DELETE FROM anomaly_events WHERE id = ANY($1::uuid[])`, [merged]);
      }
      await tx.query(
        `UPDATE anomaly_events SET start_time = $2, end_time = $3, severity = $4, peak_score = $5, excess_kwh = $6, excess_cost = $7, evidence = $8::jsonb, updated_at = now() WHERE id = $1`,
        [ex.id, new Date(start).toISOString(), new Date(end).toISOString(), severity, peak, excessKwh, excessCost, typeof evidence === "string" ? evidence : JSON.stringify(evidence)],
      );
      updated++;
    }
    return { created, updated };
  });
}

async function insertEvent(tx: Queryable, machineId: string, c: NewEvent, who: string): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO anomaly_events (machine_id, detector, start_time, end_time, severity, peak_score, excess_kwh, excess_cost, currency, baseline_model_id, baseline_model_version, evidence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) RETURNING id::text AS id`,
    [machineId, c.detector, new Date(c.start).toISOString(), new Date(c.end).toISOString(), c.severity, c.peakScore, c.excessKwh, c.excessCost, c.currency, c.modelId, c.modelVersion, JSON.stringify(c.evidence)],
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

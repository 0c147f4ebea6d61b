import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { rawTable, type SeriesKind } from "@/lib/timeseries/definitions";
import { MAX_JSON_ROWS, jsonBatchSchema, type IngestQuery } from "@/lib/validation/ingest";
import { EnergyPlanner, loadMachines, type IntervalUsed } from "./energy";
import { RowValidator, describeRejected, knownMachineIds, type RejectedRow, type SupersededRow } from "./validate";
import { overlapCheck } from "./overlaps";
import { writeBatch, type ChunkCheck } from "./writer";

export interface IngestResult {
  kind: SeriesKind;
  received: number;
  accepted: number;
  /** The (machine, time) keys written: accepted rows less those repeating an earlier row's key. */
  written: number;
  rejected_count: number;
  rejected: RejectedRow[];
  /** Rows replaced by a later row of the batch with the same machine and time and other values (on_error=skip). */
  superseded_count: number;
  superseded: SupersededRow[];
  /** Energy: per machine, the interval its rows were given and whether it was inferred. */
  intervals?: IntervalUsed[];
  rollups: { ranges: number; buckets: number };
}

/** Per machine, the instant of its latest stored row of `kind`: one index probe per machine. */
async function latestStored(db: Database, kind: SeriesKind): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; time: Date | string }>(
    `SELECT m.id::text AS id, x.time FROM machines m CROSS JOIN LATERAL (SELECT t.time FROM ${rawTable[kind]} t WHERE t.machine_id = m.id ORDER BY t.time DESC LIMIT 1) x`,
  );
  return new Map(rows.map((r) => [r.id, new Date(r.time).getTime()]));
}

/**
 * The validator of a batch and, for energy, the planner that gives rows their intervals; one
 * lookup of the machines per batch.
 */
export async function batchCheckers(db: Database, kind: SeriesKind, query: IngestQuery, byLine: boolean) {
  const machines = kind === "energy" ? await loadMachines(db, true) : null;
  const ids = machines ? new Set(machines.keys()) : await knownMachineIds(db);
  // Local times may fall in the repeated autumn hour: each machine's latest stored instant
  // resolves its first such row (lib/ingest/validate.ts). Energy has it from loadMachines.
  let stored: Map<string, number> | undefined;
  if (query.tz && machines) {
    stored = new Map();
    for (const m of machines.values()) {
      if (m.latest_time === null) continue;
      const end = (query.timestamp_position ?? m.timestamp_position) === "end";
      stored.set(m.id, end ? m.latest_time + (m.latest_interval_s ?? 0) * 1000 : m.latest_time);
    }
  } else if (query.tz) {
    stored = await latestStored(db, kind);
  }
  const validator = new RowValidator(kind, ids, query.tz, 1000, Date.now(), machines ? { onError: query.on_error, repeats: false, head: EnergyPlanner.HEAD, stored } : { onError: query.on_error, repeats: true, stored });
  const planner = machines ? new EnergyPlanner(machines, validator, byLine, query.timestamp_position) : null;
  const overlaps = machines && planner ? overlapCheck(machines, validator, byLine, query.on_error, (n) => (planner.dropped += n)) : null;
  return { validator, planner, overlaps };
}

/** Ingests one JSON batch: all rows or none, unless on_error=skip. */
export async function ingestJson(db: Database, kind: SeriesKind, body: unknown, query: IngestQuery): Promise<IngestResult> {
  const parsed = jsonBatchSchema.safeParse(body);
  if (!parsed.success) throw new AppError("bad_request", "Invalid body: must be a JSON array of rows or an object with a rows array");
  const rows = parsed.data;
  if (rows.length > MAX_JSON_ROWS) {
    throw new AppError(
      "payload_too_large",
      `Batch has ${rows.length} rows; at most ${MAX_JSON_ROWS} are accepted per JSON request (send more in several batches, or use /api/v1/ingest/csv)`,
    );
  }
  const { validator, planner, overlaps } = await batchCheckers(db, kind, query, false);
  let lines: string[] = [];
  rows.forEach((row, index) => {
    const line = validator.check(row, { index });
    if (line === null) return;
    if (planner) planner.add(line, index);
    else lines.push(line);
  });
  planner?.release(true);
  if (validator.rejectedCount > 0 && query.on_error === "abort") {
    throw new AppError("bad_request", `Nothing was written: ${describeRejected(validator)}`, {
      rejected_count: validator.rejectedCount,
      errors: validator.fieldErrors(),
    });
  }
  // One chunk (at most MAX_JSON_ROWS lines): its keys are those of every accepted row.
  let keys = validator.takeKeys();
  let check: ChunkCheck | undefined;
  if (planner) {
    const planned = planner.take();
    ({ lines, keys } = planned);
    check = overlaps!(lines, keys, planned.spans);
  }
  const { refresh } = await writeBatch(db, kind, (w) => w.write(lines, keys, check));
  const accepted = lines.length - (planner?.dropped ?? 0);
  return {
    kind,
    received: rows.length,
    accepted,
    written: accepted - validator.repeatedCount,
    rejected_count: validator.rejectedCount,
    rejected: validator.rejected,
    superseded_count: validator.supersededCount,
    superseded: validator.superseded,
    ...(planner ? { intervals: planner.intervals() } : {}),
    rollups: refresh,
  };
}

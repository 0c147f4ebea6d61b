import type { Database } from "@/lib/db/types";
import { upsertEvents } from "@/lib/db/queries/anomaly";
import { intervalSeconds, type SampleInterval } from "@/lib/ingest/intervals";
import { DETECTOR_ACTOR } from "./detect";
import type { Severity } from "./types";

// Silent meters: an active machine whose latest energy reading ended longer ago than it should
// have. One silent_meter event per silence, from the end of the last reading to `now`; run again
// while the meter stays silent, the same event is extended (its start is the same reading's end),
// and once readings resume it stays as it was.

/** Silence is judged after this many of the meter's intervals … */
export const SILENT_INTERVALS = 3;
/** … and never before an hour (a 1-minute meter briefly behind is not silent). */
export const MIN_SILENT_MS = 3_600_000;

/** The silence after which a meter of this interval counts as silent: max(3 intervals, 1 hour). */
export function defaultSilentAfterMs(intervalS: number): number {
  return Math.max(SILENT_INTERVALS * intervalS * 1000, MIN_SILENT_MS);
}

function severityOfSilence(silentMs: number, afterMs: number): Severity {
  if (silentMs >= Math.max(7 * 86_400_000, 24 * afterMs)) return "high";
  if (silentMs >= Math.max(86_400_000, 4 * afterMs)) return "medium";
  return "low";
}

/**
 * Raises or extends a `silent_meter` event for every active machine whose last energy reading
 * ended more than `silentAfterMs` before `now` (default per machine: max(3 × its interval, 1 h),
 * the interval being its `sample_interval`, else its last reading's `interval_s`). Machines that
 * never sent a reading are not judged. Score: the silence in hours. Idempotent.
 */
export async function raiseSilentMeters(db: Database, o: { now: Date; silentAfterMs?: number }): Promise<{ created: number; updated: number }> {
  const rows = await db.query<{ id: string; sample_interval: string | null; last_time: Date | string; interval_s: number }>(
    `SELECT m.id::text AS id, m.sample_interval, r.time AS last_time, r.interval_s
     FROM machines m CROSS JOIN LATERAL (SELECT time, interval_s FROM energy_readings e WHERE e.machine_id = m.id ORDER BY time DESC LIMIT 1) r
     WHERE m.is_active`,
  );
  const now = o.now.getTime();
  let created = 0;
  let updated = 0;
  for (const r of rows) {
    const intervalS = r.sample_interval && r.sample_interval in intervalSeconds ? intervalSeconds[r.sample_interval as SampleInterval] : Number(r.interval_s);
    const after = o.silentAfterMs ?? defaultSilentAfterMs(intervalS);
    const lastEnd = new Date(r.last_time).getTime() + Number(r.interval_s) * 1000;
    const silent = now - lastEnd;
    if (silent <= after) continue;
    const result = await upsertEvents(
      db,
      r.id,
      [
        {
          detector: "silent_meter",
          start: lastEnd,
          end: now,
          severity: severityOfSilence(silent, after),
          severityRank: 0,
          peakScore: silent / 3_600_000,
          excessKwh: 0,
          excessCost: null,
          currency: null,
          modelId: null,
          modelVersion: null,
          evidence: { last_reading_end: new Date(lastEnd).toISOString(), silent_hours: silent / 3_600_000, silent_after_ms: after, interval_s: intervalS },
          // One pseudo-bucket at the silence's start: extending the event adds nothing twice.
          buckets: [{ t: lastEnd, excessKwh: 0, excessCost: null }],
        },
      ],
      0,
      DETECTOR_ACTOR,
    );
    created += result.created;
    updated += result.updated;
  }
  return { created, updated };
}

import type { Database, Queryable } from "@/lib/db/types";
import { floorToLevel, levelMs, levels, rollupTable, seriesKinds, type Level, type SeriesKind } from "./definitions";
import { bucketRanges, type TouchedRange } from "./ranges";
import { INGEST_RETRY_MS, REBUILD_RETRY_MS, coalesced, isConcurrentRefresh, retryConcurrentRefresh, type CoalesceLanes } from "./timescale-retry";
import { atLeast, REFRESH_OPTIONS_FROM, timescaleVersion, type Version } from "./timescale-version";
import { compressAfterBulkLoad, compressColdChunks } from "./timescale-compression";
import { logger } from "@/lib/log/logger";

// Manual refreshes of the continuous aggregates: ingestion's recorded ranges (late data older
// than the policies' windows), and whole rebuilds. refresh_continuous_aggregate cannot run inside
// a transaction block, so each CALL runs on its own, and TimescaleDB refuses one whose window
// overlaps a running refresh of the same aggregate (55P03): this process runs one refresher at a
// time, retries a refused refresh, and leaves what still could not be refreshed pending for the
// next refresher — never an error for rows that are already committed.

/**
 * The windows to refresh at one level for the touched ranges: bucket-aligned, merged across
 * machines (a refresh covers every machine), and ending at the start of the bucket now is in. That
 * bucket is still filling: materialising it would move the aggregate's watermark past now, and
 * real-time aggregation would no longer show rows written to it afterwards (TimescaleDB's advice
 * is never to refresh the latest bucket). The policies materialise it once it has closed.
 */
export function refreshWindows(touched: TouchedRange[], level: Level, now: number): { from: number; to: number }[] {
  const limit = floorToLevel(now, level);
  const ranges = bucketRanges(touched, level)
    .map((r) => ({ from: r.from, to: Math.min(r.to, limit) }))
    .filter((r) => r.from < r.to)
    .sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** A recorded range of rollup_pending. */
export interface PendingRange extends TouchedRange {
  id: string;
}

/**
 * The pending ranges whose buckets at `level` reach one of the `failed` windows: they stay
 * pending, and are not taken up the hierarchy (the level above is computed from this one, which
 * was not brought up to date for them).
 */
export function reachingFailed(touched: readonly PendingRange[], level: Level, failed: readonly { from: number; to: number }[]): Set<string> {
  const out = new Set<string>();
  for (const t of touched) {
    const from = floorToLevel(t.start, level);
    const to = floorToLevel(t.end, level) + levelMs[level];
    if (failed.some((w) => from < w.to && w.from < to)) out.add(t.id);
  }
  return out;
}

/**
 * Buckets a manual refresh materialises per transaction, from TimescaleDB 2.28 (whose default is
 * 10, the policies' default): 0 is one pass. Measured (README "TimescaleDB"): a full refresh of
 * the demo's 1-minute energy aggregate (90 days, 11 machines, 1.4 M rows) took 478 s in batches
 * of 10, 85 s in one pass, 60 s in batches of 1440; but two years of hourly readings (sparse at
 * one minute) took 0.6 s in one pass and 17–20 s in batches of 1440, each batch costing its
 * transaction however little it holds. One pass is never far from the best.
 */
export const BUCKETS_PER_BATCH = 0;

/** The options argument of refresh_continuous_aggregate, or null where the server has none (before 2.28: one pass). */
export function refreshOptions(version: Version | null): string | null {
  return version && atLeast(version, REFRESH_OPTIONS_FROM) ? JSON.stringify({ buckets_per_batch: BUCKETS_PER_BATCH }) : null;
}

async function refreshWindow(db: Queryable, name: string, from: string | null, to: string, options: string | null): Promise<void> {
  if (options === null) await db.query(`CALL refresh_continuous_aggregate($1, $2::timestamptz, $3::timestamptz)`, [name, from, to]);
  else await db.query(`CALL refresh_continuous_aggregate($1, $2::timestamptz, $3::timestamptz, options => $4::jsonb)`, [name, from, to, options]);
}

/** Refreshes one kind's touched ranges level by level; returns the windows refreshed and the range ids to keep. */
async function refreshKind(db: Database, kind: SeriesKind, touched: PendingRange[], now: number, options: string | null): Promise<{ windows: number; keep: string[] }> {
  let windows = 0;
  let open = touched;
  const keep: string[] = [];
  for (const level of levels) {
    const failed: { from: number; to: number }[] = [];
    for (const w of refreshWindows(open, level, now)) {
      try {
        await retryConcurrentRefresh(
          () => refreshWindow(db, rollupTable(kind, level), new Date(w.from).toISOString(), new Date(w.to).toISOString(), options),
          { delaysMs: INGEST_RETRY_MS },
        );
        windows += 1;
      } catch (error) {
        if (!isConcurrentRefresh(error)) throw error;
        failed.push(w);
      }
    }
    if (failed.length > 0) {
      const stuck = reachingFailed(open, level, failed);
      keep.push(...stuck);
      open = open.filter((t) => !stuck.has(t.id));
    }
  }
  return { windows, keep };
}

/** What a refresh of the recorded ranges did. */
export interface TimescaleRefreshResult {
  /** Recorded ranges refreshed and deleted. */
  ranges: number;
  /** Windows refreshed (one CALL each). */
  buckets: number;
  /** Ranges left pending because a concurrent refresh kept refusing (55P03). */
  deferred: number;
}

/**
 * Late data older than the policies' windows would stay out of the materialised part; ingestion's
 * recorded ranges are refreshed by hand, lowest level first. A range is deleted only once every
 * window it reaches has been refreshed; one refused by a concurrent refresh past the retries stays
 * pending (and is not taken to the levels above), for the next refresher. A bulk load into
 * chunks past the compression age compresses them again (timescale-compression.ts).
 */
export async function refreshPending(db: Database): Promise<TimescaleRefreshResult> {
  const pending = await db.query<{ id: string; kind: string; machine_id: string; s: Date | string; e: Date | string }>(
    `SELECT id::text AS id, kind, machine_id, start_time AS s, end_time AS e FROM rollup_pending ORDER BY id`,
  );
  if (pending.length === 0) return { ranges: 0, buckets: 0, deferred: 0 };
  const options = refreshOptions(await timescaleVersion(db));
  const now = Date.now();
  let windows = 0;
  const keep = new Set<string>();
  const bulk: SeriesKind[] = [];
  for (const kind of seriesKinds) {
    const touched = pending
      .filter((p) => p.kind === kind)
      .map((p) => ({ id: p.id, machineId: p.machine_id, start: new Date(p.s).getTime(), end: new Date(p.e).getTime() }));
    if (touched.length === 0) continue;
    const r = await refreshKind(db, kind, touched, now, options);
    windows += r.windows;
    for (const id of r.keep) keep.add(id);
    if (compressAfterBulkLoad(touched, now)) bulk.push(kind);
  }
  const done = pending.filter((p) => !keep.has(p.id)).map((p) => p.id);
  if (done.length > 0) await db.query(`DELETE FROM rollup_pending WHERE id = ANY($1::bigint[])`, [`{${done.join(",")}}`]);
  if (bulk.length > 0) await compressColdChunks(db, bulk);
  return { ranges: done.length, buckets: windows, deferred: keep.size };
}

/**
 * Materialises every closed bucket of the kinds' aggregates, lowest level first, then compresses
 * the chunks past the compression age (a rebuild follows a bulk load: the demo seed, a migration
 * from plain PostgreSQL). A refresh refused by a policy running meanwhile is retried for about a
 * minute; past that the error is thrown (the rebuild is the caller's whole job).
 */
export async function rebuildAggregates(db: Database, kinds: readonly SeriesKind[] = seriesKinds): Promise<void> {
  // The ranges recorded so far are covered by this rebuild; those recorded meanwhile are kept.
  const rows = await db.query<{ last: string | null }>(`SELECT max(id)::text AS last FROM rollup_pending`);
  const options = refreshOptions(await timescaleVersion(db));
  const now = Date.now();
  for (const kind of kinds) {
    for (const level of levels) {
      const to = new Date(floorToLevel(now, level)).toISOString();
      await retryConcurrentRefresh(() => refreshWindow(db, rollupTable(kind, level), null, to, options), { delaysMs: REBUILD_RETRY_MS });
    }
  }
  const last = rows[0]?.last;
  if (last) await db.query(`DELETE FROM rollup_pending WHERE kind = ANY($1::text[]) AND id <= $2::bigint`, [`{${kinds.join(",")}}`, last]);
  await compressColdChunks(db, kinds);
}

const lanes: CoalesceLanes<TimescaleRefreshResult> = new WeakMap();
const retryScheduled = new WeakSet<Database>();

/** How long after a refresh that left ranges pending this process tries them again, in ms. */
export const DEFERRED_REFRESH_MS = 30_000;

/**
 * refreshPending, one at a time in this process (callers meanwhile share the next run). Ranges
 * left pending are tried again after DEFERRED_REFRESH_MS even if no other write comes (and by
 * any later refresher: the next ingest, or start-up).
 */
export async function refreshTimescale(db: Database): Promise<TimescaleRefreshResult> {
  const result = await coalesced(lanes, db, () => refreshPending(db));
  if (result.deferred > 0 && !retryScheduled.has(db)) {
    retryScheduled.add(db);
    logger().warn({ deferred: result.deferred, retry_in_s: DEFERRED_REFRESH_MS / 1000 }, "TimescaleDB: ingested ranges left pending by concurrent refreshes; retrying");
    const timer = setTimeout(() => {
      retryScheduled.delete(db);
      refreshTimescale(db).catch((error: unknown) => logger().warn({ err: error }, "TimescaleDB: the deferred refresh failed; the ranges stay pending for the next one"));
    }, DEFERRED_REFRESH_MS);
    timer.unref();
  }
  return result;
}

// TimescaleDB refuses a refresh of a continuous aggregate whose window overlaps one already
// running (another ingest request, or one of the refresh policies) at once, with SQLSTATE 55P03
// (lock_not_available: "could not refresh continuous aggregate … due to a concurrent refresh").
// The refused attempt registered nothing (the check is the first thing the refresh does), so it
// can simply be tried again once the other refresh is likely done.

/** SQLSTATE of a refresh refused because an overlapping refresh of the same aggregate is running. */
export const CONCURRENT_REFRESH = "55P03";

/** Whether an error is TimescaleDB refusing a refresh because of a concurrent one (SQLSTATE 55P03). */
export function isConcurrentRefresh(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === CONCURRENT_REFRESH;
}

/**
 * Waits before each retry of a refresh made on behalf of an ingest request, in ms: about 3 s in
 * all, enough for the other request's refresh of a few buckets or a policy's run over its window;
 * past that the caller leaves the range pending rather than hold the request.
 */
export const INGEST_RETRY_MS = [50, 100, 200, 400, 800, 1600] as const;

/**
 * Waits before each retry of a full rebuild (migration, demo seed, bulk load), in ms: about a
 * minute in all, since a policy may be refreshing a long window of freshly loaded data.
 */
export const REBUILD_RETRY_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000] as const;

export interface RetryOptions {
  /** Waits before the 1st, 2nd, … retry, in ms (each jittered to 50–150 %). */
  delaysMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) (Math.random): the jitter, so two refused refreshers do not retry in step. */
  random?: () => number;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying it after each wait of `delaysMs` while it fails with a concurrent-refresh
 * refusal (55P03). Any other error is thrown at once; a refusal after the last wait is thrown too
 * (the caller decides whether to leave the work pending or fail).
 */
export async function retryConcurrentRefresh<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const wait = options.delaysMs[attempt];
      if (!isConcurrentRefresh(error) || wait === undefined) throw error;
      await sleep(Math.round(wait * (0.5 + random())));
    }
  }
}

interface Lane<T> {
  running: Promise<T> | null;
  queued: Promise<T> | null;
}

/**
 * One run of `fn` at a time per key; callers arriving while a run is on share one follow-up run,
 * which starts when the current one settles (so it sees whatever they recorded before calling).
 * Refreshers in one process then never refuse each other, and a burst of N requests costs two
 * refreshes, not N. Returns the result of the run the caller waited for.
 */
export function coalesced<T>(lanes: WeakMap<object, Lane<T>>, key: object, fn: () => Promise<T>): Promise<T> {
  let lane = lanes.get(key);
  if (!lane) lanes.set(key, (lane = { running: null, queued: null }));
  const l = lane;
  const start = (): Promise<T> => {
    const run = fn().finally(() => {
      if (l.running === run) l.running = null;
    });
    l.running = run;
    return run;
  };
  if (!l.running) return start();
  if (l.queued) return l.queued;
  const queued = l.running
    .catch(() => undefined)
    .then(() => {
      l.queued = null;
      return start();
    });
  l.queued = queued;
  return queued;
}

export type CoalesceLanes<T> = WeakMap<object, Lane<T>>;

import { z } from "zod";

// An in-process cache of read answers (dashboard API responses, the overview's figures), so 50
// browsers asking for the same week do not each recompute it.
//
// Correctness rests on invalidation, not on the TTL: every write that passes through route() or
// runAction() is recorded here (lib/api/handler.ts, lib/api/action.ts) before its answer leaves,
// with what it may have changed: readings of some machines over a time range (a JSON ingest of
// series), or anything (every other write: CSV imports, bills, settings, machines, baselines,
// anomaly workflow). A cached answer declares what it depends on; a recorded write that overlaps
// it makes it a miss. Writes this process cannot see (another app instance, `npm run import`,
// the scheduler's jobs) are bounded by the TTL: READ_CACHE_TTL_S, 10 s by default (0 under
// vitest), 0 turns the cache off.
//
// Access: entries are keyed by what was asked (the URL or the period), never by who asked, so
// only answers that are the same for every principal allowed to ask may be cached; route()
// authorises each request before a handler looks here (every role with `read` sees all plant
// data, and nothing cached here depends on the user).

/** What a cached answer was computed from. */
export interface ReadDependency {
  /** Readings it read: of these machines ("all": any machine) over [from, to) in epoch ms (absent: all time). None: it reads no readings. */
  readings?: { machineIds: readonly string[] | "all"; from?: number; to?: number };
}

/** What a write may have changed: readings of some machines over a range, or anything. */
export type WriteScope = { readings: { machineIds: readonly string[]; from: number; to: number } } | "all";

interface Write {
  version: number;
  scope: WriteScope;
}

interface Entry<T> {
  version: number;
  expires: number;
  dep: ReadDependency;
  value: Promise<T>;
}

const MAX_WRITES = 2_000;
const MAX_ENTRIES = 2_000;
/** Larger answers are sent but not kept (2,000 entries of at most 1 MB bound the memory). */
const MAX_BODY_BYTES = 1_000_000;

interface State {
  version: number;
  writes: Write[];
  entries: Map<string, Entry<unknown>>;
  hits: number;
  misses: number;
}

declare global {
  var __enmsReadCache: State | undefined;
}

// On globalThis: Next.js may load this module more than once (route bundles, server actions),
// and a write recorded in one copy must invalidate entries held by another.
function state(): State {
  globalThis.__enmsReadCache ??= { version: 0, writes: [], entries: new Map(), hits: 0, misses: 0 };
  return globalThis.__enmsReadCache;
}

// Read here rather than in lib/env.ts: a bad value stops the first cached read with its name.
const ttlSchema = z.coerce.number().min(0).max(3600);
/** Seconds; 0 under vitest (NODE_ENV=test), whose tests write through lib functions route() never sees. */
const defaultTtlS = () => (process.env.NODE_ENV === "test" ? 0 : 10);
let ttl: { raw: string | undefined; ms: number } | undefined;

function ttlMs(): number {
  const raw = process.env.READ_CACHE_TTL_S;
  if (ttl && ttl.raw === raw) return ttl.ms;
  const parsed = ttlSchema.safeParse(raw === undefined || raw === "" ? defaultTtlS() : raw);
  if (!parsed.success) throw new Error(`READ_CACHE_TTL_S must be a number of seconds from 0 to 3600 (got ${JSON.stringify(raw)})`);
  ttl = { raw, ms: parsed.data * 1000 };
  return ttl.ms;
}

// Machine ids are UUIDs: compared without regard to case (a client may send them in capitals).
const overlaps = (a: readonly string[] | "all", b: readonly string[]) => a === "all" || a.some((id) => b.includes(id.toLowerCase()));

/** Whether a write changes what `dep` read. */
function touches(scope: WriteScope, dep: ReadDependency): boolean {
  if (scope === "all") return true;
  const r = dep.readings;
  if (!r) return false;
  if (!overlaps(r.machineIds, scope.readings.machineIds)) return false;
  return (r.from ?? -Infinity) < scope.readings.to && scope.readings.from < (r.to ?? Infinity);
}

/**
 * Records a write (call it after the write's transaction ended, committed or not, and before its
 * answer is sent): cached answers it touches are not served again.
 */
export function recordWrite(scope: WriteScope): void {
  const s = state();
  s.version++;
  s.writes.push({ version: s.version, scope });
  if (scope === "all") {
    // Nothing before an "all" write can matter any more.
    s.writes = [{ version: s.version, scope }];
    s.entries.clear();
  } else if (s.writes.length > MAX_WRITES) {
    s.writes = s.writes.slice(-MAX_WRITES / 2);
  }
}

const databaseIds = new WeakMap<object, number>();
let nextDatabaseId = 1;

/** A number per database object: entries of one database are never served for another (tests open several in one process). */
function databaseId(db: object): number {
  let id = databaseIds.get(db);
  if (id === undefined) databaseIds.set(db, (id = nextDatabaseId++));
  return id;
}

function valid(s: State, e: Entry<unknown>, now: number): boolean {
  if (e.expires <= now) return false;
  const oldest = s.writes[0];
  // Writes older than the log keeps: assume the worst.
  if (oldest && oldest.version > e.version + 1 && e.version < s.version) return false;
  for (let i = s.writes.length - 1; i >= 0; i--) {
    const w = s.writes[i]!;
    if (w.version <= e.version) break;
    if (touches(w.scope, e.dep)) return false;
  }
  return true;
}

/**
 * `compute()`'s result, or the one computed before for the same `name` on the same `db` when no write since then
 * touched `dep` and the TTL has not passed. Requests that arrive while one computes wait for
 * that one. A computation that fails is not kept.
 */
export async function cachedRead<T>(db: object, name: string, dep: ReadDependency, compute: () => Promise<T>): Promise<T> {
  const ttl = ttlMs();
  if (ttl <= 0) return compute();
  const s = state();
  const key = `${databaseId(db)} ${name}`;
  const now = Date.now();
  const found = s.entries.get(key);
  if (found && valid(s, found, now)) {
    s.hits++;
    return found.value as Promise<T>;
  }
  s.misses++;
  // The version before reading: a write that ends while this computes invalidates the entry.
  const entry: Entry<T> = { version: s.version, expires: now + ttl, dep, value: compute() };
  if (s.entries.size >= MAX_ENTRIES) {
    for (const [k, e] of s.entries) if (!valid(s, e, now)) s.entries.delete(k);
    if (s.entries.size >= MAX_ENTRIES) s.entries.clear();
  }
  s.entries.set(key, entry);
  entry.value.catch(() => {
    if (s.entries.get(key) === entry) s.entries.delete(key);
  });
  return entry.value;
}

interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * A GET route's answer through cachedRead, keyed by the request's path and query (not its
 * credentials: see the note at the top). Only 200 answers are kept; others are answered but
 * computed again next time.
 */
export async function cachedResponse(db: object, request: Request, dep: ReadDependency, compute: () => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  // CSV may be large and is streamed: never kept.
  if (url.searchParams.get("format") === "csv") return compute();
  const key = `response ${url.pathname}?${url.searchParams.toString()}`;
  let uncached: Response | undefined;
  const stored = await cachedRead<StoredResponse | null>(db, key, dep, async () => {
    const res = await compute();
    if (res.status !== 200) {
      uncached = res;
      return null;
    }
    const headers = [...res.headers.entries()].filter(([name]) => name !== "set-cookie");
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.byteLength > MAX_BODY_BYTES) {
      uncached = new Response(body, { status: res.status, headers });
      return null;
    }
    return { status: res.status, headers, body };
  });
  if (uncached) {
    state().entries.delete(`${databaseId(db)} ${key}`);
    return uncached;
  }
  if (!stored) {
    // Another request's non-200 answer was shared: forget it and compute this one's own.
    state().entries.delete(`${databaseId(db)} ${key}`);
    return compute();
  }
  return new Response(stored.body.slice(), { status: stored.status, headers: stored.headers });
}

/** Hits and misses since start (for benches and tests). */
export function readCacheStats(): { hits: number; misses: number; entries: number; version: number } {
  const s = state();
  return { hits: s.hits, misses: s.misses, entries: s.entries.size, version: s.version };
}

/** The scope of readings rows about to be ingested: their machines and a range certain to hold every interval they cover. "all" when a row cannot be read. */
export function readingsWriteScope(rows: unknown): WriteScope {
  const list = Array.isArray(rows) ? rows : rows && typeof rows === "object" && Array.isArray((rows as { rows?: unknown }).rows) ? (rows as { rows: unknown[] }).rows : null;
  if (!list || list.length === 0) return "all";
  const ids = new Set<string>();
  let min = Infinity;
  let max = -Infinity;
  let longest = 0;
  for (const row of list) {
    if (!row || typeof row !== "object") return "all";
    const r = row as Record<string, unknown>;
    if (typeof r.machine_id !== "string") return "all";
    ids.add(r.machine_id.toLowerCase());
    for (const field of ["time", "timestamp", "period_end"]) {
      const v = r[field];
      if (v === undefined || v === null) continue;
      const t = typeof v === "string" ? Date.parse(v) : typeof v === "number" ? v : NaN;
      if (!Number.isFinite(t)) return "all";
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    if (r.interval_s !== undefined && r.interval_s !== null) {
      if (typeof r.interval_s !== "number" || !Number.isFinite(r.interval_s)) return "all";
      longest = Math.max(longest, r.interval_s * 1000);
    }
  }
  if (!Number.isFinite(min)) return "all";
  // Times without an offset are read in the site's zone (±14 h from how Date.parse read them);
  // a reading covers up to its interval (inferred ones up to a day) before or after its stamp.
  const margin = 14 * 3_600_000 + Math.max(longest, 86_400_000);
  return { readings: { machineIds: [...ids], from: min - margin, to: max + margin } };
}

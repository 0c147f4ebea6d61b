import type { Queryable } from "@/lib/db/types";
import { levels, rawTable, rollupTable, seriesKinds, type Level } from "./definitions";
import { COMPRESS_AFTER } from "./timescale-compression";

// The background jobs of a database: a refresh policy per continuous aggregate (12) and a
// compression policy per raw table (3). Migration makes them match this file: a job whose
// settings differ is removed and added again (add_…_policy(if_not_exists) would keep the old
// settings, or, for a hierarchical aggregate, fail with "multiple refresh policies are not
// supported"). Each job starts at its own second of the minute: with every schedule a whole number
// of minutes, no two of the 15 ever fall due together (they all did at migration), since they share
// max_worker_processes with every other database's scheduler and jobs and with parallel queries.

/** Refresh policy per level: windows cover at least two buckets, the lowest level refreshes often. */
export const refreshPolicies: Record<Level, { start: string; end: string; every: string }> = {
  "1min": { start: "2 hours", end: "1 minute", every: "1 minute" },
  "15min": { start: "1 day", end: "15 minutes", every: "5 minutes" },
  "1hour": { start: "3 days", end: "1 hour", every: "15 minutes" },
  "1day": { start: "35 days", end: "1 day", every: "1 hour" },
};

/** How often the compression policy looks for chunks past COMPRESS_AFTER. */
export const COMPRESSION_EVERY = "12 hours";

/** Seconds between the start times of consecutive jobs (15 jobs × 4 s = one minute). */
export const STAGGER_S = 4;

export type PolicySpec =
  | { job: "refresh"; relation: string; every: string; start: string; end: string; second: number }
  | { job: "compression"; relation: string; every: string; compressAfter: string; second: number };

/**
 * The jobs a database should have, in start order within the minute: the 1-minute aggregates
 * first, up the hierarchy, then the compression policies. `second` is the job's second past the
 * minute (0, 4, …, 56).
 */
export function policySpecs(): PolicySpec[] {
  const out: PolicySpec[] = [];
  for (const level of levels) {
    const p = refreshPolicies[level];
    for (const kind of seriesKinds) out.push({ job: "refresh", relation: rollupTable(kind, level), every: p.every, start: p.start, end: p.end, second: 0 });
  }
  for (const kind of seriesKinds) out.push({ job: "compression", relation: rawTable[kind], every: COMPRESSION_EVERY, compressAfter: COMPRESS_AFTER, second: 0 });
  return out.map((s, i) => ({ ...s, second: (i * STAGGER_S) % 60 }));
}

const unitSeconds: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

/** Seconds of an interval as written in this file ("2 hours", "15 minutes", "1 day"). */
export function intervalSeconds(text: string): number {
  const m = /^(\d+) (second|minute|hour|day)s?$/.exec(text);
  if (!m) throw new Error(`unsupported interval "${text}"`);
  return Number(m[1]) * unitSeconds[m[2]!]!;
}

/** A job as the database has it (timescaledb_information.jobs), intervals in seconds. */
export interface ExistingJob {
  jobId: number;
  job: "refresh" | "compression";
  relation: string;
  everyS: number;
  startS: number | null;
  endS: number | null;
  compressAfterS: number | null;
  fixedSchedule: boolean;
  /** Second past the minute of initial_start; null when the job has none (started at creation). */
  second: number | null;
}

/** What differs between a job and its spec (empty: keep it). */
export function policyDrift(job: ExistingJob, spec: PolicySpec): string[] {
  const out: string[] = [];
  const differ = (what: string, have: number | null, want: number) => {
    if (have !== want) out.push(`${what} ${have ?? "none"} s, wanted ${want} s`);
  };
  differ("schedule_interval", job.everyS, intervalSeconds(spec.every));
  if (spec.job === "refresh") {
    differ("start_offset", job.startS, intervalSeconds(spec.start));
    differ("end_offset", job.endS, intervalSeconds(spec.end));
  } else differ("compress_after", job.compressAfterS, intervalSeconds(spec.compressAfter));
  if (!job.fixedSchedule) out.push("drifting schedule, wanted fixed");
  if (job.second !== spec.second) out.push(`starts at second ${job.second ?? "none"}, wanted ${spec.second}`);
  return out;
}

/**
 * The specs whose jobs must be (re)created: those with no job, with a job whose settings drifted,
 * or with more than one job.
 */
export function policiesToReplace(jobs: readonly ExistingJob[], specs: readonly PolicySpec[]): { spec: PolicySpec; why: string[] }[] {
  const out: { spec: PolicySpec; why: string[] }[] = [];
  for (const spec of specs) {
    const mine = jobs.filter((j) => j.job === spec.job && j.relation === spec.relation);
    const why = mine.length === 0 ? ["missing"] : mine.length > 1 ? [`${mine.length} jobs`] : policyDrift(mine[0]!, spec);
    if (why.length > 0) out.push({ spec, why });
  }
  return out;
}

/** Removes the policy of a spec's relation, if any. */
export function removePolicySql(spec: PolicySpec): string {
  return spec.job === "refresh"
    ? `SELECT remove_continuous_aggregate_policy('${spec.relation}', if_exists => TRUE)`
    : `SELECT remove_compression_policy('${spec.relation}', if_exists => TRUE)`;
}

/** Adds a spec's policy, first run at `$1` (timestamptz): the job's second of a coming minute. */
export function addPolicySql(spec: PolicySpec): string {
  return spec.job === "refresh"
    ? `SELECT add_continuous_aggregate_policy('${spec.relation}', start_offset => INTERVAL '${spec.start}', end_offset => INTERVAL '${spec.end}', ` +
        `schedule_interval => INTERVAL '${spec.every}', initial_start => $1::timestamptz)`
    : `SELECT add_compression_policy('${spec.relation}', compress_after => INTERVAL '${spec.compressAfter}', ` +
        `schedule_interval => INTERVAL '${spec.every}', initial_start => $1::timestamptz)`;
}

/**
 * First run of a job: its second of the minute after next (at least a minute away, so the
 * rebuild that follows a migration is not raced by all the policies at once), in ms.
 */
export function initialStart(now: number, second: number): number {
  return Math.floor(now / 60_000) * 60_000 + 120_000 + second * 1000;
}

const jobsSql = `
  SELECT job_id AS "jobId",
         CASE WHEN proc_name = 'policy_compression' THEN 'compression' ELSE 'refresh' END AS job,
         hypertable_name::text AS relation,
         extract(epoch FROM schedule_interval)::float8 AS "everyS",
         extract(epoch FROM (config->>'start_offset')::interval)::float8 AS "startS",
         extract(epoch FROM (config->>'end_offset')::interval)::float8 AS "endS",
         extract(epoch FROM (config->>'compress_after')::interval)::float8 AS "compressAfterS",
         fixed_schedule AS "fixedSchedule",
         (extract(epoch FROM initial_start)::bigint % 60)::int AS second
    FROM timescaledb_information.jobs
   WHERE proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression') AND hypertable_schema = current_schema()`;

/** The database's refresh and compression jobs. */
export async function existingJobs(db: Queryable): Promise<ExistingJob[]> {
  return db.query<ExistingJob & Record<string, unknown>>(jobsSql);
}

/**
 * Makes the database's policies match policySpecs(): replaces each missing, changed or
 * duplicated one. Returns the relations whose policies were (re)created, with why.
 */
export async function syncPolicies(db: Queryable, now = Date.now()): Promise<{ relation: string; why: string[] }[]> {
  const plan = policiesToReplace(await existingJobs(db), policySpecs());
  for (const { spec } of plan) {
    await db.query(removePolicySql(spec));
    await db.query(addPolicySql(spec), [new Date(initialStart(now, spec.second)).toISOString()]);
  }
  return plan.map(({ spec, why }) => ({ relation: spec.relation, why }));
}

import "server-only";
import { and, desc, eq, getTableColumns, isNotNull, lt, sql } from "drizzle-orm";
import { jobRuns, type JobRunRow } from "../schema";
import type { Database } from "../types";

// The run history of the scheduled jobs (job_runs). Job names reaching here come from the
// allow list in lib/jobs/names.ts and are always bound as parameters.

export type RunTrigger = "schedule" | "catch_up" | "manual" | "retry";

export async function insertRun(db: Database, run: { job: string; trigger: RunTrigger; scheduledFor: Date | null; instance: string }): Promise<JobRunRow> {
  const [row] = await db.orm
    .insert(jobRuns)
    .values({ job: run.job, trigger: run.trigger, scheduledFor: run.scheduledFor, status: "running", instance: run.instance })
    .returning();
  return row!;
}

export async function finishRun(
  db: Database,
  id: string,
  outcome: { status: "succeeded" | "failed"; startedAt: Date; items: number | null; error: string | null; details: Record<string, unknown> | null },
): Promise<JobRunRow> {
  const finishedAt = new Date();
  const [row] = await db.orm
    .update(jobRuns)
    .set({
      status: outcome.status,
      finishedAt,
      durationMs: Math.max(0, finishedAt.getTime() - outcome.startedAt.getTime()),
      itemsProcessed: outcome.items,
      error: outcome.error,
      details: outcome.details,
    })
    .where(eq(jobRuns.id, id))
    .returning();
  return row!;
}

/**
 * Marks the job's `running` rows failed: called only by the holder of the job's lock, so no live
 * instance can be running them (their process stopped mid-run). Returns the rows marked.
 */
export async function markInterrupted(db: Database, job: string): Promise<JobRunRow[]> {
  return db.orm
    .update(jobRuns)
    .set({
      status: "failed",
      finishedAt: sql`now()`,
      durationMs: sql`least(extract(epoch FROM now() - ${jobRuns.startedAt}) * 1000, 2147483647)::int`,
      error: "interrupted: the instance running it stopped before it finished (it is retried)",
    })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "running")))
    .returning();
}

/** Jobs that have a `running` row (live, or left by a stopped instance). */
export async function jobsWithRunningRows(db: Database): Promise<string[]> {
  const rows = await db.query<{ job: string }>(`SELECT DISTINCT job FROM job_runs WHERE status = 'running'`);
  return rows.map((r) => r.job);
}

export async function runForSlot(db: Database, job: string, slot: Date): Promise<JobRunRow | null> {
  const [row] = await db.orm
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.scheduledFor, slot)));
  return row ?? null;
}

/** The latest slot the job ran (or tried to run) for. */
export async function latestScheduledSlot(db: Database, job: string): Promise<Date | null> {
  const [row] = await db.orm
    .select({ slot: jobRuns.scheduledFor })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), isNotNull(jobRuns.scheduledFor)))
    .orderBy(desc(jobRuns.scheduledFor))
    .limit(1);
  return row?.slot ?? null;
}

export async function lastSucceeded(db: Database, job: string): Promise<JobRunRow | null> {
  const [row] = await db.orm
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "succeeded")))
    .orderBy(desc(jobRuns.startedAt))
    .limit(1);
  return row ?? null;
}

/** Each job's latest run (any status), by job name. */
export async function latestRuns(db: Database): Promise<Map<string, JobRunRow>> {
  const rows = await db.orm
    .selectDistinctOn([jobRuns.job])
    .from(jobRuns)
    .orderBy(jobRuns.job, desc(jobRuns.startedAt));
  return new Map(rows.map((r) => [r.job, r]));
}

/**
 * A page of a job's runs, newest first, ties on started_at broken by id (descending) so the order
 * is total. `before`: the previous page's last run (`{at, id}`: its exact start, microseconds,
 * and id), or `{at, id: null}` for every run started strictly before an instant. Each row comes
 * with `cursorAt`, its start to the microsecond as UTC ISO text (a Date keeps only milliseconds,
 * and a cursor rounded to them skips runs started within that millisecond).
 */
export async function listRuns(db: Database, job: string, page: { limit: number; before?: RunsBefore }): Promise<(JobRunRow & { cursorAt: string })[]> {
  const b = page.before;
  const after = !b ? undefined : b.id ? sql`(${jobRuns.startedAt}, ${jobRuns.id}) < (${b.at}::timestamptz, ${b.id}::uuid)` : lt(jobRuns.startedAt, new Date(b.at));
  return db.orm
    .select({ ...getTableColumns(jobRuns), cursorAt: sql<string>`to_char(${jobRuns.startedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), after))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(page.limit);
}

/** Where a page of runs starts: after the run `{at, id}`, or (id null) before the instant `at`. */
export interface RunsBefore {
  at: string;
  id: string | null;
}

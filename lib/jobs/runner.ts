import { logger } from "@/lib/log/logger";
import { recordWrite } from "@/lib/api/read-cache";
import { hostname } from "node:os";
import type { Database } from "@/lib/db/types";
import type { JobRunRow } from "@/lib/db/schema";
import { finishRun, insertRun, lastSucceeded, markInterrupted, runForSlot, type RunTrigger } from "@/lib/db/queries/jobs";
import { AppError } from "@/lib/errors";
import { tryLockJob } from "./lock";
import type { JobDefinition, JobDeps } from "./types";

// One run of one job: take the job's lock, fail what a stopped instance left running, record the
// run, execute it, record how it ended, free the lock. The scheduler, catch-up, crash retries and
// the manual trigger all come through here.

export type StartOutcome =
  | { outcome: "started"; run: JobRunRow; done: Promise<JobRunRow> }
  /** Another run of the job holds its lock (in this instance or another). */
  | { outcome: "busy" }
  /** The slot has a run already (another instance took it). */
  | { outcome: "already_ran"; run: JobRunRow }
  /** Asked to retry interrupted runs, and there were none. */
  | { outcome: "nothing_to_retry" }
  | { outcome: "unavailable"; reason: string };

export interface StartOptions {
  deps: JobDeps;
  timeZone: string;
  trigger: RunTrigger;
  /** The cron slot this run stands for (schedule and catch-up runs). */
  scheduledFor?: Date | null;
  /** Run only when a stopped instance left the job's run interrupted (its retry). */
  onlyIfInterrupted?: boolean;
  /** The clock (tests); defaults to the system clock. */
  clock?: () => Date;
}

export const INSTANCE = `${hostname()}:${process.pid}`;

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === "23505" || e.cause?.code === "23505";
};

function errorText(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts a run of `def` if its lock is free. Resolves once the run is recorded as `running`
 * (or with why it was not started); the run's end is `done`, which never rejects: a failing job
 * is a `failed` row with its error.
 */
export async function startRun(db: Database, def: JobDefinition, opts: StartOptions): Promise<StartOutcome> {
  const lease = await tryLockJob(db, def.name);
  if (!lease) return { outcome: "busy" };
  let handedOver = false;
  try {
    // Holding the lock, nobody else is running this job: any `running` row is a dead instance's.
    const interrupted = await markInterrupted(db, def.name);
    if (opts.onlyIfInterrupted && interrupted.length === 0) return { outcome: "nothing_to_retry" };
    const slot = opts.scheduledFor ?? null;
    if (slot) {
      const existing = await runForSlot(db, def.name, slot);
      if (existing) return { outcome: "already_ran", run: existing };
    }
    const reason = def.unavailable(opts.deps, db);
    if (reason) return { outcome: "unavailable", reason };
    const lastSuccess = await lastSucceeded(db, def.name);
    let run: JobRunRow;
    try {
      run = await insertRun(db, { job: def.name, trigger: opts.trigger, scheduledFor: slot, instance: INSTANCE });
    } catch (error) {
      if (slot && isUniqueViolation(error)) {
        const existing = await runForSlot(db, def.name, slot);
        if (existing) return { outcome: "already_ran", run: existing };
      }
      throw error;
    }
    const retryOf = interrupted.map((r) => r.id);
    const now = (opts.clock ?? (() => new Date()))();
    handedOver = true;
    const done = (async () => {
      try {
        const result = await def.run({ db, deps: opts.deps, now, lastSuccess, timeZone: opts.timeZone });
        const details = retryOf.length > 0 ? { ...result.details, retry_of: retryOf } : result.details;
        return await finishRun(db, run.id, { status: "succeeded", startedAt: run.startedAt, items: result.items, error: null, details });
      } catch (error) {
        if (!(error instanceof AppError)) logger().error({ job: def.name, run: run.id, err: error }, "job failed");
        const details = retryOf.length > 0 ? { retry_of: retryOf } : null;
        return await finishRun(db, run.id, { status: "failed", startedAt: run.startedAt, items: null, error: errorText(error), details });
      }
    })()
      .catch((error: unknown) => {
        // The database went away while recording the end: the row stays `running` and the next
        // holder of the lock marks it interrupted.
        logger().error({ job: def.name, run: run.id, err: error }, "job: could not record the end of the run");
        return { ...run, status: "failed", error: errorText(error) };
      })
      .finally(() => {
        // A job writes after its trigger answered (202): cached dashboard reads are dropped when it ends, not a TTL later.
        recordWrite("all");
        return lease.release();
      });
    return { outcome: "started", run, done };
  } finally {
    if (!handedOver) await lease.release();
  }
}

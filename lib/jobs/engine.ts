import { Cron } from "croner";
import { logger } from "@/lib/log/logger";
import type { Database } from "@/lib/db/types";
import type { JobRunRow } from "@/lib/db/schema";
import { jobsWithRunningRows, latestScheduledSlot } from "@/lib/db/queries/jobs";
import type { JobName } from "./names";
import { startRun, type StartOutcome } from "./runner";
import { latestSlot, type Schedule } from "./schedules";
import type { JobDefinition, JobDeps } from "./types";

// The in-process scheduler. One croner timer wakes it at the start of every minute; each wake-up
// asks, per job, "is there a slot of my schedule at or before now that has no run yet?" and runs
// the latest such slot once. The same question at start-up is the catch-up (only the latest
// missed slot runs, not one per slot missed), and a slot some instance is still running when
// asked is asked again a minute later, by which time job_runs holds it. Runs whose instance
// stopped are retried on the next wake-up of any instance (see runner.ts).

export interface SchedulerOptions {
  jobs: readonly JobDefinition[];
  schedules: Record<JobName, Schedule>;
  /** Zone of the cron patterns (the plant's). */
  timeZone: string;
  deps: JobDeps;
  /** The clock (tests move it); defaults to the system clock. */
  clock?: () => Date;
  log?: (line: string) => void;
}

export interface TickResult {
  job: JobName;
  kind: "retry" | "slot";
  slot: Date | null;
  outcome: StartOutcome["outcome"];
  /** Settles when a started run ends. */
  done?: Promise<JobRunRow>;
}

/** An error's message with its cause's (drizzle wraps the database's error). */
function describe(error: unknown): string {
  const e = error as Error & { cause?: Error };
  return e.cause?.message ? `${e.message} (${e.cause.message})` : String(e.message ?? error);
}

/** A minute's grace before a slot counts as missed (a wake-up a few ms after start-up). */
const CATCH_UP_GRACE_MS = 60_000;

export class JobScheduler {
  private readonly clock: () => Date;
  private readonly log: (line: string) => void;
  private readonly inFlight = new Set<JobName>();
  private startedAt: Date | null = null;
  private timer: Cron | null = null;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly options: SchedulerOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? ((line) => logger().info(line));
  }

  /** Catches up (retries and the latest missed slot of each job), then wakes every minute. */
  async start(): Promise<TickResult[]> {
    this.startedAt = this.clock();
    // A database that fails the first pass must not stop the app from starting: log and go on.
    const first = await this.tick().catch((error: unknown) => {
      this.log(`scheduler: start-up pass failed: ${describe(error)}`);
      return [];
    });
    this.timer = new Cron("* * * * *", { protect: true, catch: (error) => this.log(`scheduler: ${describe(error)}`) }, () => {
      void this.tick().catch((error: unknown) => this.log(`scheduler: ${describe(error)}`));
    });
    return first;
  }

  /** Stops waking up and waits for the runs it started. */
  async stop(): Promise<void> {
    this.timer?.stop();
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  /**
   * One wake-up: retries interrupted runs, then starts each job's latest unrun slot. Resolves
   * once the runs are started (their ends are in `done`).
   */
  async tick(): Promise<TickResult[]> {
    const now = this.clock();
    this.startedAt ??= now;
    const results: TickResult[] = [];
    const available = this.options.jobs.filter((j) => j.unavailable(this.options.deps, this.db) === null);
    const stale = new Set(await jobsWithRunningRows(this.db));
    for (const job of available) {
      if (!stale.has(job.name) || this.inFlight.has(job.name)) continue;
      results.push(await this.launch(job, "retry", null, { trigger: "retry", onlyIfInterrupted: true }));
    }
    for (const job of available) {
      const pattern = this.options.schedules[job.name];
      if (!pattern || this.inFlight.has(job.name)) continue;
      const slot = latestSlot(pattern, this.options.timeZone, now);
      if (!slot) continue;
      const last = await latestScheduledSlot(this.db, job.name);
      if (last && last.getTime() >= slot.getTime()) continue;
      // A job that never ran on a schedule starts with its first slot after this start-up: a
      // fresh install does not run every job at once.
      if (!last && slot.getTime() < this.startedAt.getTime() - CATCH_UP_GRACE_MS) continue;
      const missed = slot.getTime() < this.startedAt.getTime() - CATCH_UP_GRACE_MS;
      results.push(await this.launch(job, "slot", slot, { trigger: missed ? "catch_up" : "schedule", scheduledFor: slot }));
    }
    return results;
  }

  private async launch(job: JobDefinition, kind: TickResult["kind"], slot: Date | null, opts: { trigger: "retry" | "schedule" | "catch_up"; scheduledFor?: Date; onlyIfInterrupted?: boolean }): Promise<TickResult> {
    this.inFlight.add(job.name);
    let started: StartOutcome;
    try {
      started = await startRun(this.db, job, { deps: this.options.deps, timeZone: this.options.timeZone, clock: this.clock, ...opts });
    } catch (error) {
      this.inFlight.delete(job.name);
      throw error;
    }
    if (started.outcome !== "started") {
      this.inFlight.delete(job.name);
      return { job: job.name, kind, slot, outcome: started.outcome };
    }
    const done = started.done.then((row) => {
      this.log(`job ${job.name} (${opts.trigger}) ${row.status} in ${row.durationMs ?? "?"} ms${row.error ? `: ${row.error}` : ""}`);
      return row;
    });
    const tracked = done.finally(() => {
      this.inFlight.delete(job.name);
      this.running.delete(tracked);
    });
    this.running.add(tracked);
    return { job: job.name, kind, slot, outcome: "started", done: tracked };
  }
}

import type { Database } from "@/lib/db/types";
import type { JobRunRow } from "@/lib/db/schema";
import { latestRuns, listRuns, type RunsBefore } from "@/lib/db/queries/jobs";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { wiredJobDeps } from "./deps";
import { JobScheduler } from "./engine";
import { jobNames, type JobName } from "./names";
import { jobDefinition, jobDefinitions } from "./registry";
import { startRun } from "./runner";
import { nextSlot, resolveSchedules, type Schedule } from "./schedules";
import type { JobDeps } from "./types";

// What the API, the page and the instrumentation hook call: the job list, manual runs, the run
// history, and starting the scheduler.

declare global {
  // Shared by the instrumentation hook and route handlers, which Next.js loads as separate module graphs.
  var __enmsJobDeps: JobDeps | undefined;
  var __enmsScheduler: JobScheduler | undefined;
}

export interface JobsConfig {
  /** SCHEDULER=on: runs happen on their schedules (manual runs work either way). */
  scheduler: boolean;
  schedules: Record<JobName, Schedule>;
  timeZone: string;
  deps: JobDeps;
}

/** Replaces the work functions of this process's jobs (tests pass test doubles). */
export function setJobDeps(deps: JobDeps | undefined): void {
  globalThis.__enmsJobDeps = deps;
}

/** The configuration from the environment (SCHEDULER, JOB_SCHEDULES, PLANT_TZ) and the wired work functions. */
export function jobsConfig(): JobsConfig {
  const e = env();
  return { scheduler: e.SCHEDULER === "on", schedules: resolveSchedules(e.JOB_SCHEDULES), timeZone: e.PLANT_TZ, deps: globalThis.__enmsJobDeps ?? wiredJobDeps };
}

/** Starts this process's scheduler (once), unless SCHEDULER=off. Called by instrumentation.ts. */
export async function startScheduler(db: Database, config: JobsConfig = jobsConfig()): Promise<JobScheduler | null> {
  if (!config.scheduler) return null;
  if (globalThis.__enmsScheduler) return globalThis.__enmsScheduler;
  const scheduler = new JobScheduler(db, { jobs: jobDefinitions, schedules: config.schedules, timeZone: config.timeZone, deps: config.deps });
  globalThis.__enmsScheduler = scheduler;
  await scheduler.start();
  return scheduler;
}

export function runJson(r: JobRunRow) {
  return {
    id: r.id,
    job: r.job,
    trigger: r.trigger,
    scheduled_for: r.scheduledFor?.toISOString() ?? null,
    started_at: r.startedAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
    status: r.status,
    duration_ms: r.durationMs,
    items_processed: r.itemsProcessed,
    error: r.error,
    details: r.details ?? null,
    instance: r.instance,
  };
}
export type JobRunJson = ReturnType<typeof runJson>;

/**
 * Every job with its schedule (cron in `time_zone`, null when switched off), whether it runs on
 * it (`enabled`: the scheduler is on, the job has a schedule and can run here; otherwise
 * `unavailable` says why), its latest run, its next slot and its status (the latest run's, or
 * `never_run`).
 */
export async function listJobs(db: Database, config: JobsConfig, now = new Date()) {
  const latest = await latestRuns(db);
  return jobDefinitions.map((def) => {
    const schedule = config.schedules[def.name];
    const unavailable = def.unavailable(config.deps, db);
    const enabled = config.scheduler && schedule !== null && unavailable === null;
    const last = latest.get(def.name) ?? null;
    return {
      name: def.name,
      description: def.description,
      schedule,
      time_zone: config.timeZone,
      enabled,
      /** Whether it can run here at all (manual runs): its work is wired and applies to this database. */
      runnable: unavailable === null,
      unavailable: unavailable ?? (!config.scheduler ? "the scheduler is off (SCHEDULER=off): manual runs only" : schedule === null ? "no schedule (JOB_SCHEDULES sets it off)" : null),
      last_run: last ? runJson(last) : null,
      next_run: enabled && schedule ? (nextSlot(schedule, config.timeZone, now)?.toISOString() ?? null) : null,
      status: last?.status ?? "never_run",
    };
  });
}

/**
 * Starts a manual run and answers once it is recorded as running (it goes on in the background).
 * AppError 409 while a run of the job is under way (here or in another instance), 422 when the
 * job cannot run here (its reason).
 */
export async function triggerJob(db: Database, name: JobName, config: JobsConfig): Promise<JobRunRow> {
  const started = await startRun(db, jobDefinition(name), { deps: config.deps, timeZone: config.timeZone, trigger: "manual" });
  switch (started.outcome) {
    case "started":
      return started.run;
    case "busy":
      throw new AppError("conflict", `Job ${name} is already running; try again when it has finished`);
    case "unavailable":
      throw new AppError("unprocessable", `Job ${name} cannot run here: ${started.reason}`);
    default:
      throw new Error(`unexpected outcome ${started.outcome} of a manual run`);
  }
}

/**
 * A page of a job's runs, newest first (ties by id), and `next_before`, the cursor of the next
 * page (the last run's start to the microsecond and its id, `<ISO>~<uuid>`; null on the last page).
 */
export async function listJobRuns(db: Database, name: JobName, page: { limit: number; before?: RunsBefore }) {
  const rows = await listRuns(db, name, { limit: page.limit + 1, before: page.before });
  const runs = rows.slice(0, page.limit);
  const last = runs.at(-1);
  return { job: name, runs: runs.map(runJson), next_before: rows.length > page.limit && last ? `${last.cursorAt}~${last.id}` : null };
}

export { jobNames };

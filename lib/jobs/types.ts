import type { Database } from "@/lib/db/types";
import type { JobRunRow } from "@/lib/db/schema";
import type { JobName } from "./names";

/**
 * Work functions of other modules that jobs call, passed in so this module does not depend on
 * them (and tests can pass test doubles). Missing functions leave their jobs disabled.
 */
export interface JobDeps {
  /** lib/anomaly: detects anomalies over [start, end) for every machine; idempotent over overlapping windows. */
  detectAnomalies?: (db: Database, window: { start: Date; end: Date }) => Promise<unknown>;
  /** lib/anomaly: raises an event for each meter silent at `now`; idempotent for a silence already raised. */
  raiseSilentMeters?: (db: Database, opts: { now: Date }) => Promise<unknown>;
}

export interface JobContext {
  db: Database;
  deps: JobDeps;
  /** When the run started (the clock the job reasons with). */
  now: Date;
  /** The job's latest succeeded run before this one, if any. */
  lastSuccess: JobRunRow | null;
  /** Plant time zone: local days of snapshots, the zone of the schedules. */
  timeZone: string;
}

export interface JobResult {
  /** Items processed: machines retrained, readings appended, snapshots written, events raised… */
  items: number;
  details: Record<string, unknown>;
}

export interface JobDefinition {
  name: JobName;
  description: string;
  /** Why the job cannot run here (a dependency not wired, a database it does not apply to), or null. */
  unavailable(deps: JobDeps, db: Database): string | null;
  run(ctx: JobContext): Promise<JobResult>;
}

import { Cron } from "croner";
import { defaultSchedules, isJobName, jobNames, type JobName } from "./names";

// Cron schedules of the jobs: the defaults, overridden by JOB_SCHEDULES. croner reads the
// patterns and computes slots in the plant's time zone (DST-correct: a 02:30 job on the spring
// change day runs once, at 03:00).

/** A schedule: a cron pattern, or null when the job is switched off. */
export type Schedule = string | null;

/** Throws an Error with croner's message when `pattern` is not a valid cron pattern. */
export function checkCron(pattern: string): void {
  new Cron(pattern, { paused: true }).stop();
}

/**
 * Parses JOB_SCHEDULES: `name=cron;name=cron…`, where cron is 5 fields (minute hour day month
 * weekday) or `off`. Unknown names and bad patterns throw an Error naming them.
 */
export function parseJobSchedules(text: string): Partial<Record<JobName, Schedule>> {
  const out: Partial<Record<JobName, Schedule>> = {};
  for (const part of text.split(";")) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    if (eq < 0) throw new Error(`"${item}" is not name=cron`);
    const name = item.slice(0, eq).trim();
    const pattern = item.slice(eq + 1).trim();
    if (!isJobName(name)) throw new Error(`unknown job "${name}"; jobs: ${jobNames.join(", ")}`);
    if (pattern === "off") {
      out[name] = null;
      continue;
    }
    if (pattern.split(/\s+/).length !== 5) throw new Error(`${name}: "${pattern}" must have 5 fields (minute hour day month weekday) or be off`);
    try {
      checkCron(pattern);
    } catch (error) {
      throw new Error(`${name}: "${pattern}" is not a cron pattern (${(error as Error).message})`);
    }
    out[name] = pattern;
  }
  return out;
}

/** Each job's schedule: its default unless overridden. */
export function resolveSchedules(overrides: Partial<Record<JobName, Schedule>>): Record<JobName, Schedule> {
  return Object.fromEntries(jobNames.map((n) => [n, n in overrides ? (overrides[n] ?? null) : defaultSchedules[n]])) as Record<JobName, Schedule>;
}

/** The latest slot of `pattern` at or before `now` (null if none in the past year). */
export function latestSlot(pattern: string, timeZone: string, now: Date): Date | null {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  // previousRuns looks strictly before its reference: a second on, so a slot at `now` counts.
  const [slot] = cron.previousRuns(1, new Date(now.getTime() + 1000));
  cron.stop();
  return slot && slot.getTime() <= now.getTime() ? slot : null;
}

/** The next slot of `pattern` strictly after `now`. */
export function nextSlot(pattern: string, timeZone: string, now: Date): Date | null {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  const next = cron.nextRun(now);
  cron.stop();
  return next;
}

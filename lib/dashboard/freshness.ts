// Data freshness of a meter: how old its latest reading is, judged against how often it reports.
// Thresholds are ours (no standard names them): a meter is "live" while its latest reading ends
// within two of its intervals plus 15 minutes of transfer delay, "late" up to a day behind (two
// days for meters read daily or less often), and "silent" beyond; "never" has sent nothing.

export type FreshnessStatus = "live" | "late" | "silent" | "never";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Freshness {
  status: FreshnessStatus;
  /** now − end of the latest reading, ms (0 when it ends in the future); null when never */
  ageMs: number | null;
}

/** The status of a meter whose latest reading ends at `lastEndMs` and that reports every `intervalS` seconds. */
export function meterFreshness(lastEndMs: number | null, intervalS: number | null, nowMs: number): Freshness {
  if (lastEndMs === null) return { status: "never", ageMs: null };
  const ageMs = Math.max(0, nowMs - lastEndMs);
  const interval = (intervalS ?? 60) * 1000;
  if (ageMs <= 2 * interval + 15 * MINUTE) return { status: "live", ageMs };
  if (ageMs <= (interval >= DAY ? 2 * DAY : DAY) + interval) return { status: "late", ageMs };
  return { status: "silent", ageMs };
}

/** "3 min", "5 h 10 min", "2 d 4 h": an age for a table cell. */
export function formatAge(ms: number | null): string {
  if (ms === null) return "no readings";
  if (ms < MINUTE) return "< 1 min";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** Silent meters first, then late, never, live; by name within each: the problems at the top. */
export function byUrgency<T extends { name: string; freshness: Freshness }>(rows: T[]): T[] {
  const rank: Record<FreshnessStatus, number> = { silent: 0, late: 1, never: 2, live: 3 };
  return [...rows].sort((a, b) => rank[a.freshness.status] - rank[b.freshness.status] || a.name.localeCompare(b.name));
}

/**
 * The sentence above the freshness table: how many meters are late or silent, and how many have
 * sent nothing yet (a meter without readings is not "reporting").
 */
export function freshnessSummary(statuses: FreshnessStatus[]): string {
  const n = statuses.length;
  const problems = statuses.filter((s) => s === "silent" || s === "late").length;
  const never = statuses.filter((s) => s === "never").length;
  if (problems === 0 && never === 0) return "Every meter is reporting.";
  if (problems === 0 && never === n) return `None of the ${n} meters has sent a reading yet.`;
  if (problems === 0) return `${never} of ${n} meters ${never === 1 ? "has" : "have"} sent no readings yet; the others are reporting.`;
  const late = `${problems} of ${n} meters ${problems === 1 ? "is" : "are"} late or silent`;
  return never === 0 ? `${late}.` : `${late}; ${never} ${never === 1 ? "has" : "have"} sent no readings yet.`;
}

/**
 * The share of a plant day its readings cover, `coveredS` seconds of [dayStart, dayEnd): for the
 * day still filling, against the part that has passed (a meter live at 11:00 shows 100 %, not
 * 46 %). Null for a day that has not begun.
 */
export function dayCoverage(coveredS: number | null, dayStart: number, dayEnd: number, nowMs: number): number | null {
  const elapsed = Math.min(dayEnd, nowMs) - dayStart;
  if (elapsed <= 0) return null;
  return Math.min(1, ((coveredS ?? 0) * 1000) / elapsed);
}

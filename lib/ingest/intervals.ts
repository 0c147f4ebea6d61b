import { wallClock, wallInstants } from "./timestamps";

// The reading intervals a machine may declare (machines.sample_interval) and where an interval
// that starts or ends at an instant ends or starts. Fixed intervals are plain seconds; "1day" is
// the site's local calendar day, so it lasts 23 h or 25 h on the days the clocks change.
// Pure functions of (instant ms, interval, IANA zone); no database.

export const sampleIntervals = ["1min", "5min", "10min", "15min", "30min", "1hour", "1day"] as const;
export type SampleInterval = (typeof sampleIntervals)[number];

/** Seconds of each interval; "1day" is nominal (a local day is 82,800–90,000 s). */
export const intervalSeconds: Record<SampleInterval, number> = {
  "1min": 60,
  "5min": 300,
  "10min": 600,
  "15min": 900,
  "30min": 1800,
  "1hour": 3600,
  "1day": 86_400,
};

/** The longest interval a reading may cover (a quarterly bill fits; a typo of a year does not). */
export const MAX_INTERVAL_S = 100 * 86_400;

const DAY_MS = 86_400_000;

/**
 * The instant the clocks of `tz` show `wall` (UTC ms of a wall-clock time): its first occurrence
 * when the autumn change repeats it; in the spring gap, the instant the clock would show had it
 * not jumped (02:30 on a day that skips 02:00–03:00 is 03:30 summer time).
 */
function instantOf(wall: number, tz: string): number {
  const found = wallInstants(wall, tz);
  if (found.length > 0) return found[0]!;
  // The offset before the gap, applied to the skipped wall time.
  return wall - (wallClock(wall - DAY_MS, tz) - (wall - DAY_MS));
}

/**
 * The exclusive end (ms) of the interval that starts at `start` (ms). For "1day", the same local
 * wall-clock time one calendar day later in `tz` (local midnight → next local midnight: 23 h on
 * the spring-change day, 25 h on the autumn one).
 */
export function intervalEnd(start: number, interval: SampleInterval, tz: string): number {
  if (interval !== "1day") return start + intervalSeconds[interval] * 1000;
  return instantOf(wallClock(start, tz) + DAY_MS, tz);
}

/** The start (ms) of the interval that ends (exclusive) at `end` (ms); the inverse of intervalEnd. */
export function intervalStart(end: number, interval: SampleInterval, tz: string): number {
  if (interval !== "1day") return end - intervalSeconds[interval] * 1000;
  return instantOf(wallClock(end, tz) - DAY_MS, tz);
}

/** Seconds of the interval that starts at `start`. */
export function intervalLengthS(start: number, interval: SampleInterval, tz: string): number {
  return Math.round((intervalEnd(start, interval, tz) - start) / 1000);
}

/**
 * The lower median of the positive gaps (seconds, rounded) between the sorted instants, or null
 * with fewer than two distinct instants.
 */
export function medianSpacingS(times: number[]): number | null {
  // Series usually arrive in order: sorting is skipped then.
  let ordered = true;
  for (let i = 1; i < times.length && ordered; i++) ordered = times[i]! >= times[i - 1]!;
  const sorted = ordered ? times : Float64Array.from(times).sort();
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) gaps.push(sorted[i]! - sorted[i - 1]!);
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return Math.max(1, Math.round(gaps[(gaps.length - 1) >> 1]! / 1000));
}

/** The declared name of a length in seconds, when it is one of the fixed intervals. */
export function intervalName(seconds: number): SampleInterval | null {
  for (const name of sampleIntervals) if (name !== "1day" && intervalSeconds[name] === seconds) return name;
  return null;
}

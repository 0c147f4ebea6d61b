import { tzOffset } from "@date-fns/tz";

// The plant's local calendar: days, ISO weeks and months start at the site's local midnight
// (DST-correct: a local day lasts 23, 24 or 25 hours). The database does the same with
// date_trunc(unit, timestamptz, zone); tests hold the two to the same boundaries. Where a
// midnight does not exist (a clock change at 00:00, as in Santiago), the day starts at the first
// instant that does, as date_trunc's does.
//
// Computed from wall-clock arithmetic and the zone's UTC offset, cached per zone and quarter
// hour (offsets change on quarter hours at most): constructing zoned Date objects cost tens of
// microseconds a bucket, 38 ms for three years of days.

export const calendarUnits = ["day", "week", "month"] as const;
export type CalendarUnit = (typeof calendarUnits)[number];

const QUARTER = 900_000;
const HALF_DAY_PLUS = 14 * 3_600_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's UTC offset at `ms`, in milliseconds. */
function offsetMs(tz: string, ms: number): number {
  let zone = offsets.get(tz);
  if (zone === undefined) offsets.set(tz, (zone = new Map<number, number>()));
  const key = Math.floor(ms / QUARTER);
  let o = zone.get(key);
  if (o === undefined) {
    o = tzOffset(tz, new Date(ms)) * 60_000;
    if (zone.size > 500_000) zone.clear();
    zone.set(key, o);
  }
  return o;
}

/** The wall clock of `ms` in `tz`, as epoch ms read as UTC. */
function wallOf(ms: number, tz: string): number {
  return ms + offsetMs(tz, ms);
}

/**
 * The instant of a wall-clock time in `tz`: the earlier of two where the time repeats (autumn);
 * where it does not exist (spring), the first instant after the gap.
 */
function fromWall(wall: number, tz: string): number {
  const before = wall - offsetMs(tz, wall - HALF_DAY_PLUS);
  const after = wall - offsetMs(tz, wall + HALF_DAY_PLUS);
  const ok = (t: number) => wallOf(t, tz) === wall;
  if (ok(before) && ok(after)) return Math.min(before, after);
  if (ok(before)) return before;
  if (ok(after)) return after;
  // In the gap: the wall time read with the offset before the change lands just after it.
  return Math.max(before, after);
}

/**
 * The instant of a wall-clock time (epoch ms read as UTC) in `tz`: the first occurrence of a
 * time the autumn change repeats, the first instant after the gap for one the spring change skips.
 */
export function wallToInstant(wall: number, tz: string): number {
  return fromWall(wall, tz);
}

/** Wall-clock start of the local day, ISO week or month that holds a wall-clock time. */
function wallFloor(wall: number, unit: CalendarUnit): number {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (unit === "month") return Date.UTC(y, m, 1);
  const day = Date.UTC(y, m, d.getUTCDate());
  return unit === "day" ? day : day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
}

/** Start (epoch ms) of the local day, ISO week (Monday) or month that contains `ms` in `tz`. */
export function localFloor(ms: number, unit: CalendarUnit, tz: string): number {
  const start = fromWall(wallFloor(wallOf(ms, tz), unit), tz);
  // A day whose midnight falls in a gap starts after it; an instant before that belongs to the day before.
  return start <= ms ? start : localFloor(ms - 3_600_000, unit, tz);
}

/** The first local bucket start at or after `ms`. */
export function localCeil(ms: number, unit: CalendarUnit, tz: string): number {
  const floor = localFloor(ms, unit, tz);
  return floor === ms ? ms : nextLocal(floor, unit, tz);
}

/** The start of the local bucket after the one starting at `start`. */
export function nextLocal(start: number, unit: CalendarUnit, tz: string): number {
  if (unit === "day") {
    // The common case without Date objects: the next midnight's wall clock, at the offset a day
    // later, checked (a change of offset at that midnight takes the general path).
    const w = wallOf(start, tz);
    const next = w - (((w % 86_400_000) + 86_400_000) % 86_400_000) + 86_400_000;
    const guess = next - offsetMs(tz, start + 86_400_000);
    if (wallOf(guess, tz) === next && offsetMs(tz, guess - 3_600_000) === offsetMs(tz, guess)) return guess;
  }
  const w = wallFloor(wallOf(start, tz), unit);
  const d = new Date(w);
  const next = unit === "day" ? w + 86_400_000 : unit === "week" ? w + 7 * 86_400_000 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return fromWall(next, tz);
}

/** Local bucket starts in [from, to): every bucket that starts there (each one whole). */
export function localStarts(from: number, to: number, unit: CalendarUnit, tz: string): number[] {
  const out: number[] = [];
  for (let t = localCeil(from, unit, tz); t < to; t = nextLocal(t, unit, tz)) out.push(t);
  return out;
}

/**
 * Whether the zone's UTC offset is a whole number of hours throughout [from, to] (sampled at
 * every UTC day, which catches every change of offset): then local days are unions of UTC hours,
 * otherwise (India +05:30, Nepal +05:45, …) of quarter hours.
 */
export function wholeHourOffsets(tz: string, from: number, to: number): boolean {
  const day = 86_400_000;
  for (let t = from; t <= to + day; t += day) {
    if (offsetMs(tz, Math.min(t, to)) % 3_600_000 !== 0) return false;
  }
  return true;
}

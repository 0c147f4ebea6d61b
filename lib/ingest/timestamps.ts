import { tzOffset } from "@date-fns/tz";

// ISO-8601 timestamps as meters send them. With an offset (Z, +01:00, +0100) they are exact;
// without one they are wall-clock times of the `tz` zone, resolved DST-correctly: a time that
// does not exist (clocks jump forward) is rejected, an ambiguous one (clocks fall back) takes
// the first occurrence, as most meters that send local time mean it.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * `canonical`: the text is exactly new Date(ms).toISOString(). `later`: a local time the autumn
 * change makes ambiguous also names this instant (its second occurrence, one offset change after
 * `ms`, the first); which one a row means is decided by its neighbours (lib/ingest/validate.ts).
 */
export type TimestampResult = { ok: true; ms: number; canonical?: boolean; later?: number } | { ok: false; message: string };

function offsetMinutes(text: string): number {
  if (text === "Z" || text === "z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return m > 59 ? NaN : sign * (h * 60 + m);
}

function localFieldsMatch(ms: number, tz: string, wall: number): boolean {
  return ms + tzOffset(tz, new Date(ms)) * 60_000 === wall;
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The instant of a timestamp written exactly as toISOString() writes one
 * (2026-01-31T14:00:00.000Z, what most exports hold), or NaN. Cheaper than the general parse,
 * which gives the same instant for these.
 */
function canonicalMs(text: string): number {
  if (
    text.length !== 24 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46 || text.charCodeAt(23) !== 90
  ) {
    return NaN;
  }
  const hi = two(text, 0);
  const lo = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  const m1 = digit(text, 20);
  const m23 = two(text, 21);
  if (hi < 0 || lo < 0 || m1 < 0 || m1 > 9 || m23 < 0) return NaN;
  const year = hi * 100 + lo;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return NaN;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, m1 * 100 + m23);
}

export function parseTimestamp(text: string, tz?: string): TimestampResult {
  const fast = canonicalMs(text);
  if (!Number.isNaN(fast)) return { ok: true, ms: fast, canonical: true };
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, message: `"${text.slice(0, 40)}" is not an ISO-8601 timestamp (e.g. 2026-01-31T14:00:00Z)` };
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) wall = new Date(wall).setUTCFullYear(year);
  const check = new Date(wall);
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    check.getUTCDate() !== day || check.getUTCMonth() !== month - 1
  ) {
    return { ok: false, message: `"${text}" is not a valid date and time` };
  }
  if (off !== undefined) {
    const minutes = offsetMinutes(off);
    if (Number.isNaN(minutes)) return { ok: false, message: `"${text}" has an offset whose minutes are not 00–59` };
    if (Math.abs(minutes) > 18 * 60) return { ok: false, message: `"${text}" has an offset beyond ±18:00` };
    return { ok: true, ms: wall - minutes * 60_000 };
  }
  if (!tz) {
    return { ok: false, message: `"${text}" has no UTC offset: add Z or ±hh:mm, or give the tz parameter` };
  }
  const found = wallInstants(wall, tz);
  if (found.length === 0) {
    return { ok: false, message: `"${text}" does not exist in ${tz} (clocks skip forward at that time)` };
  }
  return found.length > 1 ? { ok: true, ms: found[0]!, later: found[found.length - 1]! } : { ok: true, ms: found[0]! };
}

/**
 * The instants (ms, ascending) at which the clocks of `tz` read `wall` (a wall-clock time written
 * as UTC ms): one; none in the spring gap; two in the repeated autumn hour.
 */
export function wallInstants(wall: number, tz: string): number[] {
  // Try the offsets around the wall time; keep those that map back to the same wall clock.
  const found: number[] = [];
  for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
    const ms = wall - tzOffset(tz, new Date(probe)) * 60_000;
    if (localFieldsMatch(ms, tz, wall) && !found.includes(ms)) found.push(ms);
  }
  return found.sort((a, b) => a - b);
}

/** The wall-clock time (as UTC ms) that `ms` shows in `tz`. */
export function wallClock(ms: number, tz: string): number {
  return ms + tzOffset(tz, new Date(ms)) * 60_000;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Which instant a local time repeated by the autumn change means, in a series read in file order:
 * its first occurrence (`first`), unless the series' previous instant (`before`) is at or past it
 * (the series has passed it: the second, `later`); null when `before` is at or past `later` too,
 * so order cannot tell.
 */
export function resolveRepeatedHour(first: number, later: number, before: number | undefined): number | null {
  if (before === undefined || before < first) return first;
  return before < later ? later : null;
}

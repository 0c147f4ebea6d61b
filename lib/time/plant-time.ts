// Plant-local calendar arithmetic with Intl only, so it runs the same in the browser and on the
// server: every label, tick and day boundary is in the site's time zone, never the browser's.

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function partFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    partFormatters.set(timeZone, f);
  }
  return f;
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(partFormatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** Minutes the zone is ahead of UTC at that instant (Berlin in winter: 60). */
export function offsetMinutes(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** The instant of a plant-local wall time (a time skipped by DST moves forward; an ambiguous one is its first occurrence). */
export function zonedToUtc(year: number, month: number, day: number, hour: number, timeZone: string, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetMinutes(wall, timeZone) * 60_000;
  guess = wall - offsetMinutes(guess, timeZone) * 60_000;
  // Ambiguous (autumn): the earlier instant with the same wall time is the first occurrence.
  const earlier = guess - HOUR;
  if (earlier + offsetMinutes(earlier, timeZone) * 60_000 === wall) return earlier;
  return guess;
}

export function startOfPlantDay(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return zonedToUtc(p.year, p.month, p.day, 0, timeZone);
}

export function addPlantDays(ms: number, days: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return zonedToUtc(p.year, p.month, p.day + days, p.hour, timeZone, p.minute);
}

/** The last `days` whole plant days up to and including today: [midnight − days + 1, next midnight). */
export function defaultRange(nowMs: number, days: number, timeZone: string): { from: number; to: number } {
  const to = addPlantDays(startOfPlantDay(nowMs, timeZone), 1, timeZone);
  return { from: addPlantDays(to, -days, timeZone), to };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** ISO-8601 with the plant's offset: 2026-11-23T00:00:00+01:00 (readable in a URL, exact). */
export function toPlantIso(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const off = offsetMinutes(ms, timeZone);
  const sign = off < 0 ? "-" : "+";
  const sec = pad(Math.floor((ms % 60_000) / 1000 + 60) % 60);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${sec}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** YYYY-MM-DD of the plant day holding that instant (for <input type="date">). */
export function plantDateInput(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Plant midnight of a YYYY-MM-DD date, or null for anything else. */
export function fromDateInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return zonedToUtc(Number(m[1]), Number(m[2]), Number(m[3]), 0, timeZone);
}

export type TickUnit = "hour" | "day";

export interface Ticks {
  unit: TickUnit;
  /** Ticks as epoch milliseconds, each a plant-local hour (step of hours) or midnight (step of days). */
  values: number[];
}

const HOUR_STEPS = [1, 2, 3, 6, 12];
const DAY_STEPS = [1, 2, 7, 14, 28];

/**
 * Axis ticks at plant-local round times in [from, to]: whole hours (1–12 h apart, on hours
 * divisible by the step) for short ranges, otherwise local midnights every 1, 2, 7, 14 or 28
 * days (weekly steps on Mondays). At most about `maxTicks`. DST days are 23 or 25 hours long and
 * the ticks stay on midnight.
 */
export function plantTicks(from: number, to: number, timeZone: string, maxTicks = 8): Ticks {
  const spanHours = (to - from) / HOUR;
  const hourStep = HOUR_STEPS.find((s) => spanHours / s <= maxTicks);
  if (hourStep !== undefined && spanHours <= 48) {
    const values: number[] = [];
    for (let t = Math.ceil(from / HOUR) * HOUR; t <= to; t += HOUR) {
      const p = zonedParts(t, timeZone);
      if (p.minute === 0 && p.hour % hourStep === 0) values.push(t);
    }
    return { unit: "hour", values };
  }
  const spanDays = (to - from) / DAY;
  const dayStep = DAY_STEPS.find((s) => spanDays / s <= maxTicks) ?? Math.ceil(spanDays / maxTicks / 28) * 28;
  const values: number[] = [];
  let day = startOfPlantDay(from, timeZone);
  if (day < from) day = addPlantDays(day, 1, timeZone);
  if (dayStep >= 7) while (zonedParts(day, timeZone).weekday !== 0) day = addPlantDays(day, 1, timeZone);
  for (let i = 0; day <= to && i < 10_000; i++) {
    const p = zonedParts(day, timeZone);
    if (dayStep === 1 || dayStep >= 7 || p.day % dayStep === 1) values.push(day);
    day = addPlantDays(day, dayStep >= 7 ? dayStep : 1, timeZone);
  }
  return { unit: "day", values };
}

const labelFormatters = new Map<string, Intl.DateTimeFormat>();
function labelFormatter(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${timeZone}|${key}`;
  let f = labelFormatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    labelFormatters.set(k, f);
  }
  return f;
}

/** A tick label: "Mon 23 Nov" for days, "14:00" for hours ("Tue 24 Nov" at midnight). */
export function formatTick(ms: number, unit: TickUnit, timeZone: string): string {
  if (unit === "hour" && zonedParts(ms, timeZone).hour !== 0) return labelFormatter(timeZone, "hm", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
  return labelFormatter(timeZone, "day", { weekday: "short", day: "numeric", month: "short" }).format(ms);
}

/** "Mon 23 Nov 2026, 14:00" in plant time, for tooltips and captions. */
export function formatPlantDateTime(ms: number, timeZone: string): string {
  return labelFormatter(timeZone, "dt", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
}

/** "25 Nov": the plant day of an instant, without its year (for sentences about recent days). */
export function formatPlantDayMonth(ms: number, timeZone: string): string {
  return labelFormatter(timeZone, "dm", { day: "numeric", month: "short" }).format(ms);
}

export function formatPlantDate(ms: number, timeZone: string): string {
  return labelFormatter(timeZone, "d", { day: "numeric", month: "short", year: "numeric" }).format(ms);
}

/** "23 Nov – 30 Nov 2026" for a half-open range [from, to) of whole plant days. */
export function formatPlantRange(from: number, to: number, timeZone: string): string {
  const lastDay = startOfPlantDay(to - 1, timeZone);
  return `${formatPlantDate(from, timeZone)} – ${formatPlantDate(lastDay, timeZone)}`;
}

/**
 * A half-open period [from, to) in plant time with its zone, for messages: whole plant days as
 * "4 Nov 2026 – 1 Dec 2026 (Europe/Berlin)" (the last day included), other bounds as
 * "Wed, 4 Nov 2026, 10:00 – Tue, 1 Dec 2026, 10:00 (Europe/Berlin)". Server messages use it so a
 * plant user reads the dates they chose, not UTC instants.
 */
export function formatPlantPeriod(from: number, to: number, timeZone: string): string {
  const days = startOfPlantDay(from, timeZone) === from && startOfPlantDay(to, timeZone) === to && to > from;
  return `${days ? formatPlantRange(from, to, timeZone) : `${formatPlantDateTime(from, timeZone)} – ${formatPlantDateTime(to, timeZone)}`} (${timeZone})`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A plant-local calendar date as the rest of the app writes it: "2026-11-25" → "25 Nov", or
 * "25 Nov 2026" with `withYear`. The input is already a local date (no time zone applies).
 * Throws on a string that is not YYYY-MM-DD.
 */
export function formatCalendarDate(date: string, withYear = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  return `${Number(m[3])} ${month}${withYear ? ` ${m[1]}` : ""}`;
}

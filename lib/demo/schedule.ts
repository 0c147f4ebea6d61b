// Plant calendar: German public holidays, shifts and breaks in local plant time, and the
// UTC → local mapping per chunk (computed once per chunk so the hot loop is plain arithmetic).
import { tzOffset } from "@date-fns/tz";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Two shifts, Mon–Fri: 06:00–14:00 and 14:00–22:00 local (minutes of the local day). */
export const SHIFT_START_MIN = 6 * 60;
export const SHIFT_CHANGE_MIN = 14 * 60;
export const SHIFT_END_MIN = 22 * 60;

/** Breaks [from, to) in local minutes of the day: machines idle, staff away. */
const BREAKS: ReadonlyArray<readonly [number, number]> = [
  [9 * 60, 9 * 60 + 15],
  [11 * 60 + 30, 12 * 60],
  [17 * 60, 17 * 60 + 15],
  [19 * 60 + 30, 20 * 60],
];

/** 1440 flags: is the local minute of day inside a break. */
export const BREAK_MINUTE: Uint8Array = (() => {
  const a = new Uint8Array(1440);
  for (const [from, to] of BREAKS) a.fill(1, from, to);
  return a;
})();

/** Shift index (0 early, 1 late) for a local minute of day, −1 outside shifts. */
export function shiftOf(localMinuteOfDay: number): number {
  if (localMinuteOfDay < SHIFT_START_MIN || localMinuteOfDay >= SHIFT_END_MIN) return -1;
  return localMinuteOfDay < SHIFT_CHANGE_MIN ? 0 : 1;
}

/** Gregorian Easter Sunday (anonymous algorithm), as days since 1970-01-01. */
export function easterDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dayKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Days without production in a year: the nationwide German holidays plus those of
 * North Rhine-Westphalia (Corpus Christi, All Saints), and the usual plant closure on
 * 24 and 31 December.
 */
export function plantHolidays(year: number): string[] {
  const e = easterDay(year);
  const fixed = (m: number, d: number) => Date.UTC(year, m - 1, d) / DAY_MS;
  const days = [
    fixed(1, 1), // New Year
    e - 2, // Good Friday
    e + 1, // Easter Monday
    fixed(5, 1), // Labour Day
    e + 39, // Ascension
    e + 50, // Whit Monday
    e + 60, // Corpus Christi (NRW)
    fixed(10, 3), // German Unity Day
    fixed(11, 1), // All Saints (NRW)
    fixed(12, 24), // plant closed
    fixed(12, 25), // Christmas
    fixed(12, 26), // Boxing Day
    fixed(12, 31), // plant closed
  ];
  return days.sort((x, y) => x - y).map(dayKey);
}

/** Local day: weekday (0 = Sunday) and whether the plant works. */
export interface LocalDay {
  dayNumber: number;
  key: string;
  weekday: number;
  workday: boolean;
}

export class PlantCalendar {
  private readonly cache = new Map<number, LocalDay>();
  private readonly holidaySet = new Set<string>();
  private readonly years = new Set<number>();

  constructor(readonly timeZone: string) {}

  /** Local day for a day number (days since 1970-01-01 of the local calendar). */
  day(dayNumber: number): LocalDay {
    let d = this.cache.get(dayNumber);
    if (d) return d;
    const key = dayKey(dayNumber);
    const year = Number(key.slice(0, 4));
    if (!this.years.has(year)) {
      this.years.add(year);
      for (const h of plantHolidays(year)) this.holidaySet.add(h);
    }
    const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    d = { dayNumber, key, weekday, workday: weekday >= 1 && weekday <= 5 && !this.holidaySet.has(key) };
    this.cache.set(dayNumber, d);
    return d;
  }

  isHoliday(key: string): boolean {
    this.day(Date.parse(key) / DAY_MS);
    return this.holidaySet.has(key);
  }

  /** Local wall-clock milliseconds (UTC ms + offset) of an instant. Not for the hot loop. */
  localMs(utcMs: number): number {
    return utcMs + tzOffset(this.timeZone, new Date(utcMs)) * MINUTE_MS;
  }

  /** Is the plant inside a shift on a working day at this instant. */
  inShift(utcMs: number): boolean {
    const local = this.localMs(utcMs);
    const dayNumber = Math.floor(local / DAY_MS);
    const minuteOfDay = Math.floor((local - dayNumber * DAY_MS) / MINUTE_MS);
    return this.day(dayNumber).workday && shiftOf(minuteOfDay) >= 0;
  }

  /**
   * UTC → local offsets (minutes) for `count` minutes from `startMs`: the zone is asked once
   * per hour, and minute by minute only inside an hour whose two ends disagree (a DST switch),
   * so any zone's transition minute is exact.
   */
  offsets(startMs: number, count: number, out: Int16Array): void {
    let prev = tzOffset(this.timeZone, new Date(startMs));
    for (let i = 0; i < count; i += 60) {
      const n = Math.min(60, count - i);
      const next = tzOffset(this.timeZone, new Date(startMs + (i + n) * MINUTE_MS));
      if (next === prev) {
        out.fill(prev, i, i + n);
      } else {
        for (let j = i; j < i + n; j++) out[j] = tzOffset(this.timeZone, new Date(startMs + j * MINUTE_MS));
      }
      prev = next;
    }
  }
}

import { defaultRange, formatPlantRange, toPlantIso, zonedToUtc } from "@/lib/time/plant-time";

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * An instant (epoch ms) from a URL value. An ISO instant with `Z` or an offset is taken as it is;
 * a date (`2024-01-01`) or a date and time without an offset (`2024-01-01T06:00`) is the plant's
 * wall clock, as the API reads such values (a hand-written link `start_date=2024-01-01` starts at
 * the plant's midnight, not UTC's). NaN when unreadable.
 */
export function parseUrlInstant(value: string | null, timeZone: string): number {
  if (!value) return NaN;
  const m = WALL_CLOCK.exec(value);
  if (!m) return Date.parse(value);
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return zonedToUtc(y!, mo!, d!, Number.isNaN(h) ? 0 : h!, timeZone, Number.isNaN(mi) ? 0 : mi!) + (Number.isNaN(s) ? 0 : s! * 1000);
}

/** The range named by the URL (start_date, end_date: see parseUrlInstant), or the page's default of whole plant days. */
export function resolveRange(start: string | null, end: string | null, days: number, timeZone: string, now = Date.now()): { from: number; to: number; isDefault: boolean } {
  const from = parseUrlInstant(start, timeZone);
  const to = parseUrlInstant(end, timeZone);
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { from, to, isDefault: false };
  return { ...defaultRange(now, days, timeZone), isDefault: true };
}

/** URL values of a range: ISO instants with the plant's offset. */
export function rangeParams(from: number, to: number, timeZone: string) {
  return { start_date: toPlantIso(from, timeZone), end_date: toPlantIso(to, timeZone) };
}

/**
 * The navigation bar's period for a range named by the URL (start_date/end_date, or the anomaly
 * viewer's from/to; see parseUrlInstant): its first and last plant dates (the end is exclusive),
 * or null when the URL names no valid range (the page shows its default). Read as the pages read
 * them: `end_date=2026-11-30` is the plant's midnight, so the last day shown is 29 Nov.
 */
export function urlPeriodLabel(start: string | null, end: string | null, timeZone: string): string | null {
  const from = parseUrlInstant(start, timeZone);
  const to = parseUrlInstant(end, timeZone);
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? formatPlantRange(from, to, timeZone) : null;
}

import { addPlantDays, startOfPlantDay, zonedToUtc } from "@/lib/time/plant-time";

// Reporting periods of the overview, reports and compare pages, in the plant's local calendar.

export interface Period {
  /** epoch ms, inclusive */
  from: number;
  /** epoch ms, exclusive */
  to: number;
}

/** The last `days` complete plant days, ending at today's plant midnight (today, still filling, left out). */
export function completeDays(nowMs: number, days: number, timeZone: string): Period {
  const to = startOfPlantDay(nowMs, timeZone);
  return { from: addPlantDays(to, -days, timeZone), to };
}

/**
 * The previous period of the same length, ending where `p` starts. A period of whole plant days
 * (both ends local midnights) steps back the same number of plant days, so a week holding a
 * 23-hour DST day is compared with the seven days before it, not with 167 hours; any other
 * period steps back by its length in milliseconds.
 */
export function previousPeriod(p: Period, timeZone: string): Period {
  if (startOfPlantDay(p.from, timeZone) === p.from && startOfPlantDay(p.to, timeZone) === p.to) {
    let days = 0;
    for (let t = p.from; t < p.to && days < 100_000; t = addPlantDays(t, 1, timeZone)) days++;
    return { from: addPlantDays(p.from, -days, timeZone), to: p.from };
  }
  return { from: p.from - (p.to - p.from), to: p.from };
}

export interface Change {
  /** current − previous, in the figure's unit */
  delta: number;
  /** (current − previous) ÷ |previous| × 100; null where previous is 0 */
  pct: number | null;
}

/** Period-over-period change; null when either figure is missing (never a change against nothing). */
export function periodChange(current: number | null | undefined, previous: number | null | undefined): Change | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const delta = current - previous;
  return { delta, pct: previous === 0 ? null : (100 * delta) / Math.abs(previous) };
}

/**
 * Whether a change is good news for the plant: for energy, cost, CO2, SEC, peak demand and EnPI
 * a fall is better; for load factor and savings a rise is. "neutral" under 0.5 % (noise).
 */
export function changeTone(change: Change | null, lowerIsBetter: boolean): "better" | "worse" | "neutral" {
  if (!change || change.delta === 0) return "neutral";
  if (change.pct !== null && Math.abs(change.pct) < 0.5) return "neutral";
  return change.delta < 0 === lowerIsBetter ? "better" : "worse";
}

/** The period the URL names (start_date, end_date: ISO instants or plant dates), or the last `days` complete plant days. */
export function resolvePeriod(start: string | null, end: string | null, days: number, timeZone: string, nowMs = Date.now()): Period & { isDefault: boolean } {
  const from = parseInstant(start, timeZone);
  const to = parseInstant(end, timeZone);
  if (from !== null && to !== null && from < to) return { from, to, isDefault: false };
  return { ...completeDays(nowMs, days, timeZone), isDefault: true };
}

/**
 * What a page says when the URL names a period it cannot use and it shows the default instead
 * (resolvePeriod's isDefault although start_date or end_date is set): a start on or after the
 * end, or a value that is not a date. Null when the URL names no period or a usable one.
 */
export function urlPeriodNote(start: string | null, end: string | null, days: number, timeZone: string): string | null {
  if (!start && !end) return null;
  const from = parseInstant(start, timeZone);
  const to = parseInstant(end, timeZone);
  const shown = `showing the default period, the last ${days} complete days`;
  if (from === null || to === null) return `The link's ${from === null ? `start_date ${start ? `"${start}" is not a date` : "is missing"}` : `end_date ${end ? `"${end}" is not a date` : "is missing"}`}: ${shown}.`;
  if (from >= to) return `The link's period starts on or after its end (start_date ${start}, end_date ${end}): ${shown}.`;
  return null;
}

/**
 * Why two date fields (plant dates as typed, YYYY-MM-DD) make no range, or null when they do:
 * the last day (inclusive) must be on or after the first. The field named is the one just changed.
 */
export function dateRangeProblem(fromInput: string, toInput: string, changed: "from" | "to"): string | null {
  if (!fromInput || !toInput) return changed === "from" ? "From must be a date" : "To must be a date";
  if (toInput < fromInput) return changed === "from" ? `From must be on or before To (${toInput})` : `To must be on or after From (${fromInput})`;
  return null;
}

/** An ISO instant, or a YYYY-MM-DD plant date (its local midnight), as the API reads them. */
function parseInstant(v: string | null, timeZone: string): number | null {
  if (!v) return null;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (date) return zonedToUtc(Number(date[1]), Number(date[2]), Number(date[3]), 0, timeZone);
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

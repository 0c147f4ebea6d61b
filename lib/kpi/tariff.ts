import type { TouPeriod } from "@/lib/db/schema/kpi";

// Tariffs as prices by local hour of the week. A time-of-use tariff's periods must cover each of
// the week's 168 local hours exactly once (weekday and weekend hours separately); checked here so
// the settings API can name the periods that overlap and the hours no period covers.

export const HOURS_OF_WEEK = 168;
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Hour of week 0…167, 0 = Monday 00:00–01:00 local time. Weekend = Saturday and Sunday. */
const isWeekend = (hourOfWeek: number) => hourOfWeek >= 5 * 24;

/** "22:00" → 22, "24:00" → 24; null when not a whole hour 00:00…24:00. */
export function wholeHour(text: string): number | null {
  const m = /^(\d{2}):00$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  return h <= 24 ? h : null;
}

/** The local hours of the day (0…23) a period covers: [start, end), across midnight when start ≥ end. */
export function periodHours(p: Pick<TouPeriod, "start" | "end">): number[] {
  const a = wholeHour(p.start)! % 24;
  const b = wholeHour(p.end)!;
  const out: number[] = [];
  if (a < b) for (let h = a; h < b; h++) out.push(h);
  else for (let h = 0; h < 24; h++) if (h >= a || h < b) out.push(h);
  return out;
}

function appliesOn(p: Pick<TouPeriod, "days">, hourOfWeek: number): boolean {
  return p.days === "all" || (p.days === "weekend") === isWeekend(hourOfWeek);
}

/** For each hour of the week, the indexes of the periods that cover it. */
function coverage(periods: Pick<TouPeriod, "days" | "start" | "end">[]): number[][] {
  const cover = Array.from({ length: HOURS_OF_WEEK }, () => [] as number[]);
  periods.forEach((p, i) => {
    const hours = periodHours(p);
    for (let d = 0; d < 7; d++) for (const h of hours) if (appliesOn(p, d * 24 + h)) cover[d * 24 + h]!.push(i);
  });
  return cover;
}

/** Runs of consecutive hours ("Monday 06:00–08:00") for messages. */
function describeHours(hours: number[]): string {
  const runs: [number, number][] = [];
  for (const h of hours) {
    const last = runs.at(-1);
    if (last && last[1] === h && Math.floor(h / 24) === Math.floor((last[0]) / 24)) last[1] = h + 1;
    else runs.push([h, h + 1]);
  }
  const hh = (x: number) => `${String(x).padStart(2, "0")}:00`;
  const text = runs.slice(0, 6).map(([a, b]) => `${DAY_NAMES[Math.floor(a / 24)]} ${hh(a % 24)}–${hh(b - Math.floor(a / 24) * 24)}`);
  return text.join(", ") + (runs.length > 6 ? ` and ${runs.length - 6} more` : "");
}

/**
 * Problems of a set of time-of-use periods, each naming the periods and hours concerned: two
 * periods covering the same hour (overlap) and hours no period covers (gap). Empty when the
 * periods tile the week.
 */
export function touProblems(periods: Pick<TouPeriod, "name" | "days" | "start" | "end">[]): { field: string; message: string }[] {
  const cover = coverage(periods);
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < periods.length; i++) {
    for (let j = i + 1; j < periods.length; j++) {
      const both = cover.flatMap((c, h) => (c.includes(i) && c.includes(j) ? [h] : []));
      if (both.length === 0 || seen.has(`${i}/${j}`)) continue;
      seen.add(`${i}/${j}`);
      problems.push({
        field: `periods.${j}`,
        message: `periods "${periods[i]!.name}" and "${periods[j]!.name}" overlap at ${describeHours(both)} (local time); each hour of the week must belong to exactly one period`,
      });
    }
  }
  const gaps = cover.flatMap((c, h) => (c.length === 0 ? [h] : []));
  if (gaps.length > 0) {
    problems.push({ field: "periods", message: `no period covers ${describeHours(gaps)} (local time, ${gaps.length} hours of the week); the periods must cover every hour` });
  }
  return problems;
}

export interface TariffSettings {
  currency: string;
  flatPricePerKwh: number | null;
  touPeriods: TouPeriod[] | null;
  demandChargePerKwMonth: number;
}

/** The energy price (currency per kWh) of each local hour of the week, 0 = Monday 00:00. */
export function pricesByHourOfWeek(t: TariffSettings): number[] {
  if (!t.touPeriods) return new Array<number>(HOURS_OF_WEEK).fill(t.flatPricePerKwh ?? 0);
  const cover = coverage(t.touPeriods);
  return cover.map((c) => t.touPeriods![c[0]!]?.price_per_kwh ?? Number.NaN);
}

/** Whether the price is the same at every hour (then coarse readings can be priced too). */
export function isFlat(t: TariffSettings): boolean {
  const p = pricesByHourOfWeek(t);
  return p.every((x) => x === p[0]);
}

export interface EmissionSettings {
  kgCo2PerKwh: number;
  hourlyKgCo2PerKwh: number[] | null;
  source: string | null;
}

/** The grid factor (kg CO2 per kWh) of each local hour of the day, 0 = 00:00–01:00. */
export function factorsByHour(e: EmissionSettings): number[] {
  return e.hourlyKgCo2PerKwh && e.hourlyKgCo2PerKwh.length === 24 ? [...e.hourlyKgCo2PerKwh] : new Array<number>(24).fill(e.kgCo2PerKwh);
}

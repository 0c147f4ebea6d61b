import type { Queryable } from "@/lib/db/types";
import { valueAt, type HourlySeries } from "./hours";

// Planned drivers (table planned_drivers): a plant's production plan and weather forecasts, one
// value per machine, driver and hour as published at an instant. Forecasts and backtests read, for
// each hour, the latest issue at or before their origin (`plannedAt`), so a revision published
// after an origin never reaches a forecast made from it.

export interface PlannedDriverInput {
  machineId: string;
  driver: string;
  issuedAt: Date;
  /** The hour's start (a whole UTC hour). */
  time: Date;
  value: number;
}

/** One driver's issues per hour: hour start (epoch ms) → [issued_at ms, value] sorted by issue. */
export type PlannedSeries = Map<number, Array<[number, number]>>;

const BATCH = 5000;

/**
 * Stores planned values (insert or replace the same machine, driver, hour and issue), in batches
 * of 5000 rows. Rows for unknown machines fail the foreign key (the caller's transaction decides
 * whether that is all or nothing). Returns the number of rows written.
 */
export async function writePlannedDrivers(db: Pick<Queryable, "query">, rows: readonly PlannedDriverInput[]): Promise<number> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    await db.query(
      `INSERT INTO planned_drivers (machine_id, driver, issued_at, time, value)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::float8[])
       ON CONFLICT (machine_id, driver, time, issued_at) DO UPDATE SET value = EXCLUDED.value`,
      [
        `{${part.map((r) => r.machineId).join(",")}}`,
        `{${part.map((r) => `"${r.driver.replace(/["\\]/g, "\\$&")}"`).join(",")}}`,
        `{${part.map((r) => `"${r.issuedAt.toISOString()}"`).join(",")}}`,
        `{${part.map((r) => `"${r.time.toISOString()}"`).join(",")}}`,
        `{${part.map((r) => r.value).join(",")}}`,
      ],
    );
  }
  return rows.length;
}

/** Every issue of the drivers' planned values for the hours in [start, end) (epoch ms), per driver. */
export async function readPlannedDrivers(db: Queryable, machineId: string, drivers: readonly string[], start: number, end: number): Promise<Record<string, PlannedSeries>> {
  const out: Record<string, PlannedSeries> = Object.fromEntries(drivers.map((d) => [d, new Map()]));
  if (drivers.length === 0) return out;
  const rows = await db.query<{ driver: string; t: number | string; issued: number | string; value: number | string }>(
    `SELECT driver, (extract(epoch FROM time) * 1000)::float8 AS t, (extract(epoch FROM issued_at) * 1000)::float8 AS issued, value
       FROM planned_drivers WHERE machine_id = $1 AND driver = ANY($2::text[]) AND time >= $3 AND time < $4
      ORDER BY driver, time, issued_at`,
    [machineId, `{${drivers.join(",")}}`, new Date(start).toISOString(), new Date(end).toISOString()],
  );
  for (const r of rows) {
    const series = out[r.driver]!;
    const t = Number(r.t);
    let issues = series.get(t);
    if (!issues) series.set(t, (issues = []));
    issues.push([Number(r.issued), Number(r.value)]);
  }
  return out;
}

/** The planned value of the hour starting at `t` as known at `asOf` (the latest issue ≤ asOf), NaN when none. */
export function plannedAt(series: PlannedSeries | undefined, t: number, asOf: number): number {
  const issues = series?.get(t);
  if (!issues) return Number.NaN;
  let v = Number.NaN;
  for (const [issued, value] of issues) {
    if (issued > asOf) break;
    v = value;
  }
  return v;
}

/** The issue a planned value at `t` known at `asOf` came from (epoch ms), NaN when none. */
export function planIssueAt(series: PlannedSeries | undefined, t: number, asOf: number): number {
  const issues = series?.get(t);
  let at = Number.NaN;
  for (const [issued] of issues ?? []) {
    if (issued > asOf) break;
    at = issued;
  }
  return at;
}

/** Weeks before an origin over which plan attainment (metered ÷ planned) is measured. */
export const ATTAINMENT_WEEKS = 4;
/** Fewer hours with both a plan and a metered value and the plan is used unscaled. */
export const MIN_ATTAINMENT_HOURS = 24;

/**
 * Plan attainment of a driver at `origin`: Σ metered / Σ planned (plans as known at the origin)
 * over the hours of the ATTAINMENT_WEEKS weeks before it that have both. 1 when there are fewer
 * than 24 such hours or nothing was planned. Planned output and running hours are stated at the
 * line's nominal rate; what a line actually achieves (changeovers, stops, speed) is its
 * attainment, the "schedule attainment" a plant tracks, and is measured here rather than assumed.
 */
export function planAttainment(planned: PlannedSeries | undefined, metered: HourlySeries | undefined, origin: number): { ratio: number; hours: number } {
  if (!planned || !metered) return { ratio: 1, hours: 0 };
  let sa = 0;
  let sp = 0;
  let n = 0;
  const from = origin - ATTAINMENT_WEEKS * 7 * 86_400_000;
  for (const t of planned.keys()) {
    if (t < from || t >= origin) continue;
    const p = plannedAt(planned, t, origin);
    const a = valueAt(metered, t);
    if (Number.isNaN(p) || Number.isNaN(a)) continue;
    [sa, sp, n] = [sa + a, sp + p, n + 1];
  }
  if (n < MIN_ATTAINMENT_HOURS || !(sp > 0)) return { ratio: 1, hours: n };
  return { ratio: sa / sp, hours: n };
}

/**
 * How a driver's plan, as known `leadMs` before each hour, relates to what was metered over the
 * ATTAINMENT_WEEKS weeks before `origin`, for forecasting hours `leadMs` after the origin:
 * - `ratio`: Σ metered / Σ planned over the hours planned above 0 (plan attainment at that lead:
 *   a shift cancelled after the plan was known counts against it, as it will in the forecast);
 * - `unplanned`: per plant day type (weekday 0, weekend 1) × local hour (index type·24 + hour), the
 *   mean metered value over the hours the plan said 0 (a shift added after the plan was known, a
 *   rush order), NaN where no such hour was metered.
 * The plan for a past hour s is the latest issue at or before s − leadMs (never after the origin),
 * so the relation is measured with plans as old as the forecast's. The conditional mean is the
 * forecast minimising squared error given the plan (a planned 0 that turns into a shift one time in
 * six is better forecast as a sixth of a shift than as nothing). `hours`: hours planned above 0
 * with a metered value; under MIN_ATTAINMENT_HOURS the caller falls back to planAttainment.
 * `bucketOf(t)` gives an hour's day type × local hour index (0–47).
 */
export function planCalibration(
  planned: PlannedSeries | undefined,
  metered: HourlySeries | undefined,
  origin: number,
  leadMs: number,
  bucketOf: (t: number) => number,
): { ratio: number; hours: number; unplanned: Float64Array } {
  const unplanned = new Float64Array(48).fill(Number.NaN);
  if (!planned || !metered) return { ratio: 1, hours: 0, unplanned };
  const zeroSum = new Float64Array(48);
  const zeroN = new Float64Array(48);
  let sa = 0;
  let sp = 0;
  let n = 0;
  const from = origin - ATTAINMENT_WEEKS * 7 * 86_400_000;
  for (const t of planned.keys()) {
    if (t < from || t >= origin) continue;
    const p = plannedAt(planned, t, Math.min(origin, t - leadMs));
    const a = valueAt(metered, t);
    if (Number.isNaN(p) || Number.isNaN(a)) continue;
    if (p > 0) [sa, sp, n] = [sa + a, sp + p, n + 1];
    else {
      const b = bucketOf(t);
      zeroSum[b] = zeroSum[b]! + a;
      zeroN[b] = zeroN[b]! + 1;
    }
  }
  for (let b = 0; b < 48; b++) if (zeroN[b]! > 0) unplanned[b] = zeroSum[b]! / zeroN[b]!;
  return { ratio: n >= MIN_ATTAINMENT_HOURS && sp > 0 ? sa / sp : 1, hours: n, unplanned };
}

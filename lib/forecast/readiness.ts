import type { Queryable } from "@/lib/db/types";
import { DAY, HOUR } from "./hours";
import { lastReadingEnd } from "./read";

// Whether a machine has the history a forecast needs, decided from the span of its hourly
// readings before anything is forecast: the machine page shows an empty state instead of asking
// the API for a forecast and a backtest it would refuse with 422.

/**
 * Days of hourly history (origin − first reading hour) the default forecast needs. `auto` scores
 * the methods from weekly origins up to 2 weeks back (AUTO_WEEKS in ./index.ts), and the
 * persistence reference's empirical interval at the latest of them (a week back) needs 48 errors
 * (MIN_RESIDUALS in ./engine.ts) from the week before it, each comparing an hour with the same
 * hour a week earlier: 14 days + 48 hours. With 1 hour less the forecast and the 4-week backtest
 * answer 422 (tests/integration/forecast-readiness.test.ts holds both sides).
 */
export const MIN_FORECAST_HISTORY_DAYS = 16;

export interface ForecastReadiness {
  ready: boolean;
  /** Start of the machine's first hourly energy bucket (epoch ms), null without readings. */
  firstReading: number | null;
  /** End of its latest reading (epoch ms), null without readings. */
  lastReadingEnd: number | null;
  /** History a forecast would read: first whole hour after the last reading − first bucket (days, fractional). */
  historyDays: number;
  neededDays: number;
  /** When the history reaches the needed span if readings keep arriving (epoch ms), null without readings. */
  readyAt: number | null;
  /**
   * Start (epoch ms) of the latest reading longer than an hour (a bill, a daily read) that ends
   * within the needed span before the origin, null if none: hourly forecasting cannot read such
   * hours, and the API would refuse the forecast and its backtest.
   */
  longReading: number | null;
}

/**
 * The span of a machine's hourly energy history against what a forecast needs
 * (MIN_FORECAST_HISTORY_DAYS). A span is necessary, not sufficient: long gaps can still leave a
 * method too few hours, and the API then answers 422 with the reason.
 */
export async function forecastReadiness(db: Queryable, machineId: string): Promise<ForecastReadiness> {
  const neededDays = MIN_FORECAST_HISTORY_DAYS;
  const last = await lastReadingEnd(db, machineId);
  // The rollup's first bucket, read by its (machine_id, bucket) key.
  const [row] = await db.query<{ first: Date | string | null }>(`SELECT bucket AS first FROM energy_readings_1hour WHERE machine_id = $1 ORDER BY bucket ASC LIMIT 1`, [machineId]);
  if (last === null || !row?.first) return { ready: false, firstReading: null, lastReadingEnd: null, historyDays: 0, neededDays, readyAt: null, longReading: null };
  const first = new Date(row.first).getTime();
  // The forecast origin: the first whole hour after the last reading (as loadScope in ./service.ts).
  const origin = Math.ceil(last / HOUR) * HOUR;
  const historyDays = (origin - first) / DAY;
  const [long] = await db.query<{ time: Date | string }>(
    `SELECT time FROM energy_readings WHERE machine_id = $1 AND interval_s > 3600 AND time < $2 AND time + interval_s * interval '1 second' > $3 ORDER BY time DESC LIMIT 1`,
    [machineId, new Date(origin).toISOString(), new Date(origin - neededDays * DAY).toISOString()],
  );
  const longReading = long ? new Date(long.time).getTime() : null;
  return { ready: historyDays >= neededDays && longReading === null, firstReading: first, lastReadingEnd: last, historyDays, neededDays, readyAt: first + neededDays * DAY, longReading };
}

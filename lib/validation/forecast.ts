import { z } from "zod";
import { strictObject } from "./strict";
import { offsetInstant } from "./dates";
import { driverNames } from "@/lib/analytics/drivers/catalogue";

// Bodies of POST /api/v1/forecast and /api/v1/forecast/backtest.

/** Drivers a forecast request may give: measured ones (calendar drivers come from the hour; hdd and cdd from the temperature). */
export const forecastDriverNames = driverNames.filter((d) => !["is_weekend", "shift_early", "shift_late", "shift_night", "hour_of_week", "hdd", "cdd"].includes(d));

/**
 * What an hour of each measured driver may be: the bounds ingestion puts on the readings it is
 * computed from (units and throughput 0–1e9, running hours 0–1 in an hour, temperatures and
 * humidity in the sensor ranges). A negative production count was forecast as 0 kWh, unsaid.
 */
export const hourlyDriverRange: Record<string, readonly [number, number]> = {
  total_production_count: [0, 1e9],
  avg_throughput: [0, 1e9],
  running_hours: [0, 1],
  avg_outdoor_temp_c: [-90, 70],
  avg_indoor_temp_c: [-60, 120],
  avg_pressure_bar: [0, 1000],
  avg_humidity_pct: [0, 100],
};

/** Why `value` cannot be an hour of `driver`, or null. */
function outOfRange(driver: string, value: number): string | null {
  const range = hourlyDriverRange[driver];
  if (!range || (value >= range[0] && value <= range[1])) return null;
  return `${value} is outside ${range[0]}…${range[1]}, what an hour of ${driver} can be`;
}

const machineOrPlant = z.union([z.literal("plant"), z.guid()], { message: 'must be a machine id (uuid) or "plant"' }).default("plant");
const value = z.number({ message: "must be a number" }).finite();

export const forecastSchema = strictObject({
  machine_id: machineOrPlant,
  horizon_hours: z.number({ message: "must be a whole number of hours, 1–168" }).int("must be a whole number of hours, 1–168").min(1, "must be at least 1 (hours)").max(168, "must be at most 168 (one week)"),
  method: z.enum(["baseline", "seasonal", "arima", "combined", "auto"], { message: "must be one of baseline, seasonal, arima, combined, auto" }).default("auto"),
  // Hourly arrays per driver ({total_production_count: [...]}) or one object per hour ([{...}, ...]).
  drivers: z
    .union([z.record(z.string(), z.array(value)), z.array(z.record(z.string(), value))], {
      message: "must be {driver: [one value per hour]} or [{driver: value}, … one object per hour]",
    })
    .optional(),
})
  .transform((v, ctx) => {
    if (v.drivers === undefined) return { ...v, drivers: undefined };
    let columns: Record<string, number[]>;
    if (Array.isArray(v.drivers)) {
      const rows = v.drivers;
      if (rows.length !== v.horizon_hours) ctx.addIssue({ code: "custom", path: ["drivers"], message: `has ${rows.length} hourly objects; horizon_hours is ${v.horizon_hours}` });
      const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      rows.forEach((r, i) => {
        const missing = names.filter((n) => !(n in r));
        if (missing.length) ctx.addIssue({ code: "custom", path: ["drivers", i], message: `lacks ${missing.join(", ")} (every hour must give the same drivers)` });
      });
      columns = Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n]!)]));
    } else {
      columns = v.drivers;
      for (const [name, values] of Object.entries(columns)) {
        if (values.length !== v.horizon_hours) ctx.addIssue({ code: "custom", path: ["drivers", name], message: `has ${values.length} values; horizon_hours is ${v.horizon_hours} (one value per hour)` });
      }
    }
    for (const [name, values] of Object.entries(columns)) {
      const bad = values.findIndex((x) => outOfRange(name, x) !== null);
      if (bad >= 0) ctx.addIssue({ code: "custom", path: ["drivers", name], message: `hour ${bad}: ${outOfRange(name, values[bad]!)}` });
    }
    for (const name of Object.keys(columns)) {
      if (!forecastDriverNames.includes(name)) ctx.addIssue({ code: "custom", path: ["drivers", name.slice(0, 60)], message: `is not a driver a forecast takes; give any of ${forecastDriverNames.join(", ")} (calendar drivers and degree-days are computed)` });
    }
    return { ...v, drivers: columns };
  });
export type ForecastInput = z.output<typeof forecastSchema>;

export const backtestSchema = strictObject({
  machine_id: machineOrPlant,
  weeks: z.number({ message: "must be a whole number of weeks, 1–12" }).int("must be a whole number of weeks, 1–12").min(1, "must be at least 1").max(12, "must be at most 12").default(4),
  /** Also score the baseline fed the metered drivers (what exact planned inputs would give). */
  baseline_ex_post: z.boolean({ message: "must be true or false" }).default(false),
  /** The baseline reads the stored plan and weather forecasts as known at each origin (false: drivers assumed from history). */
  planned_inputs: z.boolean({ message: "must be true or false" }).default(true),
});
export type BacktestInput = z.infer<typeof backtestSchema>;

const HOUR_MS = 3_600_000;

/** Body of POST /api/v1/forecast/plans: one driver's planned values of a machine, as published at `issued_at`. */
export const planSchema = strictObject({
  machine_id: z.guid({ message: "must be a machine id (uuid)" }),
  driver: z.enum(forecastDriverNames as [string, ...string[]], { message: `must be one of ${forecastDriverNames.join(", ")}` }),
  issued_at: offsetInstant("must be an ISO-8601 timestamp with an offset (when the plan or forecast was published), e.g. 2026-01-30T12:00:00Z")
    .transform((s) => new Date(s))
    .optional(),
  points: z
    .array(
      strictObject({
        time: offsetInstant("must be an ISO-8601 timestamp with an offset: the start of a whole hour")
          .transform((s) => new Date(s))
          .refine((d) => d.getTime() % HOUR_MS === 0, "must be the start of a whole hour (minutes and seconds 0)"),
        value: value,
      }),
      { message: "must be a list of {time, value}, one per hour" },
    )
    .min(1, "must hold at least one hour")
    .max(10_000, "must hold at most 10000 hours (send longer plans in parts)"),
})
  .superRefine((v, ctx) => {
    const seen = new Set<number>();
    v.points.forEach((p, i) => {
      const why = outOfRange(v.driver, p.value);
      if (why) ctx.addIssue({ code: "custom", path: ["points", i, "value"], message: why });
      // zod runs this refinement even when a point's time failed its own check; that point's
      // `time` is then the string sent, already reported (calling getTime on it answered a 500).
      if (!(p.time instanceof Date)) return;
      const t = p.time.getTime();
      if (seen.has(t)) ctx.addIssue({ code: "custom", path: ["points", i, "time"], message: `${p.time.toISOString()} appears twice` });
      seen.add(t);
    });
  });
export type PlanInput = z.output<typeof planSchema>;

import { z } from "zod";
import { driverNames } from "@/lib/analytics/drivers/catalogue";

// Bodies of POST /api/v1/forecast and /api/v1/forecast/backtest.

/** Drivers a forecast request may give: measured ones (calendar drivers come from the hour; hdd and cdd from the temperature). */
export const forecastDriverNames = driverNames.filter((d) => !["is_weekend", "shift_early", "shift_late", "shift_night", "hour_of_week", "hdd", "cdd"].includes(d));

const machineOrPlant = z.union([z.literal("plant"), z.guid()], { message: 'must be a machine id (uuid) or "plant"' }).default("plant");
const value = z.number({ message: "must be a number" }).finite();

export const forecastSchema = z
  .object({
    machine_id: machineOrPlant,
    horizon_hours: z.number({ message: "must be a whole number of hours, 1–168" }).int("must be a whole number of hours, 1–168").min(1, "must be at least 1 (hours)").max(168, "must be at most 168 (one week)"),
    method: z.enum(["baseline", "seasonal", "arima", "auto"], { message: "must be one of baseline, seasonal, arima, auto" }).default("auto"),
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
    for (const name of Object.keys(columns)) {
      if (!forecastDriverNames.includes(name)) ctx.addIssue({ code: "custom", path: ["drivers", name.slice(0, 60)], message: `is not a driver a forecast takes; give any of ${forecastDriverNames.join(", ")} (calendar drivers and degree-days are computed)` });
    }
    return { ...v, drivers: columns };
  });
export type ForecastInput = z.output<typeof forecastSchema>;

export const backtestSchema = z.object({
  machine_id: machineOrPlant,
  weeks: z.number({ message: "must be a whole number of weeks, 1–12" }).int("must be a whole number of weeks, 1–12").min(1, "must be at least 1").max(12, "must be at most 12").default(4),
  /** Also score the baseline fed the metered drivers (what exact planned inputs would give). */
  baseline_ex_post: z.boolean({ message: "must be true or false" }).default(false),
  /** The baseline reads the stored plan and weather forecasts as known at each origin (false: drivers assumed from history). */
  planned_inputs: z.boolean({ message: "must be true or false" }).default(true),
});
export type BacktestInput = z.infer<typeof backtestSchema>;

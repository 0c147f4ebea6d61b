import { z } from "zod";
import { strictObject } from "./strict";
import { isoInstant, isLocal, offsetInstant } from "./dates";
import { driverNames, granularities, HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import { modelTypes } from "@/lib/analytics/baseline/model";
import { granularityAliases } from "@/lib/timeseries/granularity";

const date = isoInstant;

const driver = z.string().superRefine((d, ctx) => {
  if (!driverNames.includes(d)) ctx.addIssue({ code: "custom", message: `unknown driver "${d.slice(0, 60)}"; valid drivers: ${driverNames.join(", ")}` });
});

const windowSchema = {
  machine_id: z.guid({ message: "must be a machine id (uuid)" }),
  start_date: date("start_date"),
  end_date: date("end_date"),
  // The series API's spellings (1hour, 1day, …) are accepted as aliases.
  granularity: z
    .preprocess((v) => (typeof v === "string" ? (granularityAliases[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : v), z.enum(granularities, { message: `must be one of ${granularities.join(", ")}` }))
    .default("hourly"),
};

// A wall-clock end and an exact one can only be compared in the site's zone: resolveWindow() checks those.
const ordered = <T extends { start_date: Date; end_date: Date }>(v: T) => v.start_date < v.end_date || isLocal(v.start_date) !== isLocal(v.end_date);
const orderedMessage = { message: "start_date must be before end_date", path: ["start_date"] };

export const trainSchema = strictObject({
  ...windowSchema,
  drivers: z.array(driver, { message: "must be a list of driver names" }).min(1, "give at least one driver").max(20),
  model_type: z.enum(modelTypes, { message: `must be one of ${modelTypes.join(", ")}` }).default("linear"),
  hdd_base_c: z.number().min(-30).max(40).optional(),
  cdd_base_c: z.number().min(-30).max(45).optional(),
  exclude_downtime: z.boolean().default(false),
  activate: z.boolean().optional(),
})
  .refine(ordered, orderedMessage)
  .refine((v) => new Set(v.drivers).size === v.drivers.length, { message: "drivers must not repeat", path: ["drivers"] })
  .refine((v) => v.model_type !== "towt" || v.granularity === "hourly" || v.granularity === "15min", {
    message: "model_type towt (time of week and temperature) needs granularity hourly or 15min",
    path: ["granularity"],
  })
  .refine((v) => v.model_type === "towt" || !v.drivers.includes(HOUR_OF_WEEK), {
    message: "hour_of_week is categorical: it gives the time-of-week effects of model_type towt, not a linear slope; use model_type towt or the shift/weekend drivers",
    path: ["drivers"],
  });
export type TrainInput = z.infer<typeof trainSchema>;

/** POST /api/v1/baseline/fit's query: the buckets as rows (default) or as columns (lib/baseline-studio/fit-columns.ts). */
export const fitQuerySchema = z.object({ buckets: z.enum(["rows", "columns"], { message: "must be rows or columns" }).default("rows") });

export const suggestSchema = strictObject(windowSchema).refine(ordered, orderedMessage);
export type SuggestInput = z.infer<typeof suggestSchema>;

export const screenSchema = strictObject({
  ...windowSchema,
  // The picker's selection: may be empty (then every ΔR² is the driver's own R²).
  drivers: z.array(driver, { message: "must be a list of driver names" }).max(20).default([]),
  hdd_base_c: z.number().min(-30).max(40).optional(),
  cdd_base_c: z.number().min(-30).max(45).optional(),
})
  .refine(ordered, orderedMessage)
  .refine((v) => new Set(v.drivers).size === v.drivers.length, { message: "drivers must not repeat", path: ["drivers"] })
  // The screen fits linear models and leaves hour_of_week out; taking it would drop it from the selection unsaid.
  .refine((v) => !v.drivers.includes(HOUR_OF_WEEK), { message: `${HOUR_OF_WEEK} is not screened (it belongs to towt models, fitted through /baseline/fit); leave it out`, path: ["drivers"] });
export type ScreenInput = z.infer<typeof screenSchema>;

export const deviationSchema = strictObject({
  model_id: z.guid({ message: "must be a model id (uuid)" }).optional(),
  machine_id: z.guid({ message: "must be a machine id (uuid)" }).optional(),
  start_date: date("start_date"),
  end_date: date("end_date"),
  format: z.enum(["json", "csv"]).default("json"),
})
  .refine(ordered, orderedMessage)
  .refine((v) => v.model_id !== undefined || v.machine_id !== undefined, { message: "give model_id or machine_id (its active model)", path: ["model_id"] });
export type DeviationInput = z.infer<typeof deviationSchema>;

export const predictSchema = strictObject({
  model_id: z.guid({ message: "must be a model id (uuid)" }),
  features: z.array(z.record(z.string(), z.number({ message: "must be a finite number" })), { message: "must be a list of {driver: value} objects" }).min(1, "give at least one {driver: value} object").max(10_000, "must hold at most 10,000 objects (send more in several requests)"),
  confidence: z.number().gt(0).lt(1).default(0.95),
});
export type PredictInput = z.infer<typeof predictSchema>;

export const modelIdSchema = z.guid({ message: "must be a model id (uuid)" });

/** GET /api/v1/baseline/models: optionally one machine's versions. */
export const modelListQuerySchema = z.object({ machine_id: z.guid({ message: "must be a machine id (uuid)" }).optional() });

/** ?format= of the deviation endpoint (it may also come in the body). */
export const deviationQuerySchema = z.object({ format: z.enum(["json", "csv"], { message: "must be json or csv" }).optional() });

/** GET …/models/{model_id}/health: the end of the 30-day window (default now). */
export const healthQuerySchema = z.object({ as_of: offsetInstant("as_of must be an ISO-8601 timestamp with an offset, e.g. 2026-01-31T00:00:00Z").optional() });

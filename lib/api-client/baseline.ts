import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fromColumns } from "@/lib/baseline-studio/fit-columns";
import { fetchJson } from "./fetch-json";

// The baseline API: driver catalogue, versions, the studio's dry-run fit, suggest, train,
// activate, deviation. Every answer is parsed with the shape the route returns.

export const baselineGranularities = ["15min", "hourly", "daily", "weekly", "monthly"] as const;
export type BaselineGranularity = (typeof baselineGranularities)[number];

const driverSchema = z.object({ name: z.string(), unit: z.string(), description: z.string(), source: z.string() });
export type DriverInfo = z.infer<typeof driverSchema>;
const catalogueSchema = z.object({ drivers: z.array(driverSchema), granularities: z.array(z.string()), model_types: z.array(z.string()) });

const nullableNumbers = z.record(z.string(), z.number().nullable());
const qualityCheckSchema = z.object({ name: z.string(), value: z.number().nullable(), threshold: z.string(), passed: z.boolean(), source: z.string(), detail: z.string().optional() });
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

export const modelSchema = z.object({
  model_id: z.string().nullable(),
  machine_id: z.string(),
  machine_name: z.string().optional(),
  model_version: z.number().nullable(),
  model_type: z.string(),
  granularity: z.string(),
  is_active: z.boolean(),
  r_squared: z.number(),
  adj_r_squared: z.number(),
  rmse: z.number(),
  cv_rmse: z.number(),
  nmbe: z.number(),
  mae: z.number().optional(),
  training_samples: z.number(),
  coefficients: z.record(z.string(), z.number()),
  intercept: z.number(),
  drivers: z.array(z.string()),
  units: z.object({ energy: z.string(), coefficients: z.record(z.string(), z.string()) }).optional(),
  balance_points: z.object({ heating_balance_c: z.number().nullable(), cooling_balance_c: z.number().nullable() }).nullable().optional(),
  std_errors: nullableNumbers,
  p_values: nullableNumbers,
  vif: nullableNumbers,
  training_start_date: z.string(),
  training_end_date: z.string(),
  meets_quality_threshold: z.boolean(),
  quality_checks: z.array(qualityCheckSchema),
  /** drivers asked for that the fit left out, with why (a degree-day term of the wrong sign) */
  dropped_terms: z.array(z.object({ driver: z.string(), reason: z.string() })).optional(),
  created_at: z.string(),
});
export type BaselineModel = z.infer<typeof modelSchema>;

// The studio asks for the buckets as columns (half the bytes) and expands them to the rows it draws and exports.
const fitSchema = modelSchema
  .extend({
    dry_run: z.literal(true),
    bucket_columns: z.object({ time_ms: z.array(z.number()), actual: z.array(z.number()), fitted: z.array(z.number()), drivers: z.record(z.string(), z.array(z.number())) }),
  })
  .transform(({ bucket_columns, ...fit }) => ({ ...fit, buckets: fromColumns(bucket_columns) }));
export type BaselineFit = z.infer<typeof fitSchema>;

const candidateSchema = z.object({
  name: z.string(),
  unit: z.string().optional(),
  selected: z.boolean(),
  rank: z.number(),
  p_value: z.number().nullable(),
  delta_r_squared: z.number(),
  vif: z.number().nullable(),
  coverage: z.number().optional(),
  reason: z.string(),
});
export const suggestionSchema = z.object({
  suggested_drivers: z.array(z.string()),
  r_squared: z.number().nullable(),
  samples: z.number(),
  candidates: z.array(candidateSchema),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

const screenedSchema = z.object({
  name: z.string(),
  unit: z.string(),
  selected: z.boolean(),
  coverage: z.number(),
  correlation: z.number().nullable(),
  delta_r_squared: z.number().nullable(),
  p_value: z.number().nullable(),
  vif: z.number().nullable(),
  note: z.string().nullable(),
});
const screenSchema = z.object({ samples: z.number(), r_squared: z.number().nullable(), candidates: z.array(screenedSchema) });
export type Screen = z.infer<typeof screenSchema>;
export type ScreenedDriver = z.infer<typeof screenedSchema>;

const deviationSchema = z.object({
  model_id: z.string(),
  model_version: z.number().nullable().optional(),
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  buckets: z.array(z.object({ time: z.string(), actual: z.number(), expected: z.number(), deviation: z.number(), cumulative_deviation: z.number().optional(), extrapolated: z.boolean().optional(), in_sample: z.boolean().optional() })),
  unused_buckets: z.array(z.object({ time: z.string(), energy_kwh: z.number(), reason: z.string(), detail: z.string().nullable().optional() })).optional(),
  warnings: z.array(z.string()).optional(),
  totals: z
    .object({
      actual_kwh: z.number(),
      expected_kwh: z.number(),
      savings_kwh: z.number(),
      savings_pct: z.number().nullable(),
      savings_uncertainty_kwh: z.number().nullable(),
      savings_uncertainty_confidence: z.number(),
      buckets: z.number(),
      expected_buckets: z.number(),
      extrapolated_buckets: z.number(),
    })
    .optional(),
});
export type Deviation = z.infer<typeof deviationSchema>;

/** Model types the studio offers: linear and the ASHRAE change-point forms (towt needs hour_of_week, a categorical driver). */
export const studioModelTypes = ["linear", "3p_heating", "3p_cooling", "4p", "5p"] as const;
export type StudioModelType = (typeof studioModelTypes)[number];
export const modelTypeLabels: Record<StudioModelType, string> = {
  linear: "linear (OLS on the drivers)",
  "3p_heating": "3-parameter heating (change point)",
  "3p_cooling": "3-parameter cooling (change point)",
  "4p": "4-parameter (one change point, two slopes)",
  "5p": "5-parameter (heating and cooling change points)",
};

export interface FitRequest {
  machine_id: string;
  start_date: string;
  end_date: string;
  granularity: BaselineGranularity;
  drivers: string[];
  model_type?: StudioModelType;
}

export const driverCatalogueQuery = () =>
  queryOptions({ queryKey: ["baseline", "drivers"], queryFn: () => fetchJson("/api/v1/baseline/drivers", catalogueSchema), staleTime: Infinity });

export const modelsQuery = (machineId: string) =>
  queryOptions({
    queryKey: ["baseline", "models", machineId],
    queryFn: () => fetchJson(`/api/v1/baseline/models?machine_id=${encodeURIComponent(machineId)}`, z.array(modelSchema)),
  });

/** The studio's live refit (never stored); the previous fit stays on screen while the next loads. */
export const fitQuery = (r: FitRequest) =>
  queryOptions({
    queryKey: ["baseline", "fit", r],
    queryFn: ({ signal }) => fetchJson("/api/v1/baseline/fit?buckets=columns", fitSchema, { json: r, signal }),
    placeholderData: keepPreviousData,
    enabled: r.drivers.length > 0,
  });

/** Each candidate's correlation, ΔR² of toggling it, p and VIF against the selection (an empty selection too). */
export const screenQuery = (r: FitRequest) =>
  queryOptions({
    queryKey: ["baseline", "screen", r],
    // The screen fits linear models: it takes no model_type (bodies are strict, an unknown field is a 400).
    queryFn: ({ signal }) => fetchJson("/api/v1/baseline/screen", screenSchema, { json: { machine_id: r.machine_id, start_date: r.start_date, end_date: r.end_date, granularity: r.granularity, drivers: r.drivers }, signal }),
    placeholderData: keepPreviousData,
  });

/** Actual and expected per bucket of a stored model (over its training window in the studio). */
export const deviationQuery = (modelId: string, start: string, end: string) =>
  queryOptions({
    queryKey: ["baseline", "deviation", modelId, start, end],
    queryFn: () => fetchJson("/api/v1/baseline/deviation", deviationSchema, { json: { model_id: modelId, start_date: start, end_date: end } }),
  });

export const suggestDrivers = (r: Omit<FitRequest, "drivers">) => fetchJson("/api/v1/baseline/suggest", suggestionSchema, { json: r });
export const trainModel = (r: FitRequest) => fetchJson("/api/v1/baseline/train", modelSchema, { json: r });
export const activateModel = (modelId: string) => fetchJson(`/api/v1/baseline/models/${modelId}/activate`, z.unknown(), { method: "POST" });

const healthSchema = z.object({
  status: z.enum(["ok", "drift", "fails_checks", "insufficient_data"]),
  label: z.string(),
  failed_checks: z.array(z.object({ name: z.string(), text: z.string() })),
  reasons: z.array(z.string()),
  cv_rmse: z.number().nullable(),
  nmbe: z.number().nullable(),
  buckets: z.number(),
  thresholds: z.object({ max_cv_rmse: z.number(), max_abs_nmbe: z.number(), source: z.string() }),
});
export type ModelHealth = z.infer<typeof healthSchema>;

/** How well a stored model still describes its machine over the last 30 days (GET …/models/{id}/health). */
export const modelHealthQuery = (modelId: string) =>
  queryOptions({
    queryKey: ["baseline", "health", modelId],
    queryFn: () => fetchJson(`/api/v1/baseline/models/${encodeURIComponent(modelId)}/health`, healthSchema),
    staleTime: 5 * 60_000,
  });

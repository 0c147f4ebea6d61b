import type { OlsState } from "@/lib/analytics/regression";
import type { TowtState } from "@/lib/analytics/towt";
import type { BaselineModelRow } from "@/lib/db/schema";
import type { ModelSpec, ModelType, Transforms } from "./model";
import { baselineUnits } from "./units";

// The JSON of a model, in the old service's shape (snake_case; the train response fields) plus
// what a model needs to be re-imported and predict identically.

type Stats = Record<string, unknown> & { quality_checks?: unknown[]; meets_quality_threshold?: boolean };
type State = { ols: OlsState | null; towt?: TowtState; feature_names: string[]; ranges: Record<string, [number, number]> };

export function specOf(row: BaselineModelRow): ModelSpec {
  const state = row.state as unknown as State;
  return {
    modelType: row.modelType as ModelType,
    inputs: row.drivers,
    transforms: row.transforms as Transforms,
    featureNames: state.feature_names,
    state: state.ols ?? null,
    ...(state.towt ? { towt: state.towt } : {}),
    ranges: state.ranges,
  };
}

export function modelJson(row: BaselineModelRow, machineName?: string) {
  const s = row.statistics as Stats;
  return {
    model_id: row.id,
    machine_id: row.machineId,
    ...(machineName !== undefined ? { machine_name: machineName } : {}),
    model_version: row.version,
    model_type: row.modelType,
    granularity: row.granularity,
    is_active: row.isActive,
    r_squared: s.r_squared,
    adj_r_squared: s.adj_r_squared,
    rmse: s.rmse,
    cv_rmse: s.cv_rmse,
    nmbe: s.nmbe,
    mae: s.mae,
    training_samples: row.trainingSamples,
    coefficients: row.coefficients,
    intercept: row.intercept,
    feature_names: s.feature_names,
    // Derived when presented, so models stored before units existed carry them too.
    units: baselineUnits(row.granularity, (s.feature_names as string[] | undefined) ?? Object.keys(row.coefficients)),
    drivers: row.drivers,
    balance_points: row.transforms,
    ...(s.time_of_week !== undefined ? { time_of_week: s.time_of_week } : {}),
    ...(s.degree_day_bases !== undefined ? { degree_day_bases: s.degree_day_bases } : {}),
    // Terms asked for but not fitted, with why (too few degree-days, no base of the physical sign).
    dropped_terms: s.dropped_terms ?? [],
    std_errors: s.std_errors,
    p_values: s.p_values,
    vif: s.vif,
    training_start_date: new Date(row.trainingStart).toISOString(),
    training_end_date: new Date(row.trainingEnd).toISOString(),
    meets_quality_threshold: s.meets_quality_threshold,
    quality_checks: s.quality_checks,
    statistics: s,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** A model as a self-contained document: enough to import it elsewhere and predict identically. */
export function exportJson(row: BaselineModelRow) {
  return {
    format: "enms-baseline-model",
    format_version: 1,
    machine_id: row.machineId,
    model_version: row.version,
    model_type: row.modelType,
    granularity: row.granularity,
    drivers: row.drivers,
    transforms: row.transforms,
    coefficients: row.coefficients,
    intercept: row.intercept,
    statistics: row.statistics,
    state: row.state,
    training_start_date: new Date(row.trainingStart).toISOString(),
    training_end_date: new Date(row.trainingEnd).toISOString(),
    training_samples: row.trainingSamples,
  };
}

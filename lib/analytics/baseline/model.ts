import { predictOls, type OlsState } from "@/lib/analytics/regression";
import { predictTowt, type TowtState } from "@/lib/analytics/towt";
import { HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import type { ChangePointType } from "@/lib/analytics/changepoint";

// A baseline model as data: its type, the input drivers it reads, the transforms (balance
// points) that turn inputs into design columns, and the OLS state. Training and prediction use
// the same designRow, so an exported and re-imported model predicts identically.

export const modelTypes = ["linear", "3p_heating", "3p_cooling", "4p", "5p", "towt"] as const;
export type ModelType = (typeof modelTypes)[number];
export const TEMPERATURE = "avg_outdoor_temp_c";

export type Transforms = {
  heating_balance_c: number | null;
  cooling_balance_c: number | null;
};

export interface ModelSpec {
  modelType: ModelType;
  /** Input drivers, as the caller names them (temperature first for change-point models). */
  inputs: string[];
  transforms: Transforms;
  /** Design column names, in state order. */
  featureNames: string[];
  /** The OLS state (linear and change-point models). */
  state: OlsState | null;
  /** The TOWT state (hour-of-week effects, occupancy, spline knots) of model_type towt. */
  towt?: TowtState;
  /** Training range of each input, for extrapolation flags. */
  ranges: Record<string, [number, number]>;
}

export function isChangePoint(type: ModelType): type is ChangePointType {
  return type !== "linear" && type !== "towt";
}

/** Model types that read outdoor temperature whether or not it is among the drivers asked for. */
export function needsTemperature(type: ModelType): boolean {
  return type !== "linear";
}

/** The inputs a model type reads, in its order: temperature (and hour of week) first. */
export function modelInputs(type: ModelType, drivers: string[]): string[] {
  if (type === "linear") return drivers;
  const rest = drivers.filter((d) => d !== TEMPERATURE && d !== HOUR_OF_WEEK);
  return type === "towt" ? [TEMPERATURE, HOUR_OF_WEEK, ...rest] : [TEMPERATURE, ...rest];
}

/** Design column names of a model type over its inputs. */
export function featureNamesOf(type: ModelType, inputs: string[]): string[] {
  const extras = inputs.filter((d) => d !== TEMPERATURE);
  switch (type) {
    case "linear":
      return inputs;
    case "3p_heating":
      return ["heating_degrees", ...extras];
    case "3p_cooling":
      return ["cooling_degrees", ...extras];
    case "4p":
      return ["below_change_point", "above_change_point", ...extras];
    case "5p":
      return ["heating_degrees", "cooling_degrees", ...extras];
    case "towt":
      throw new Error("towt feature names come from its fit (spline segments per occupancy class)");
  }
}

/** One row of the design matrix from input values. */
export function designRow(type: ModelType, inputs: string[], transforms: Transforms, values: Record<string, number>): number[] {
  const t = values[TEMPERATURE] ?? Number.NaN;
  const th = transforms.heating_balance_c ?? Number.NaN;
  const tc = transforms.cooling_balance_c ?? Number.NaN;
  const extras = inputs.filter((d) => d !== TEMPERATURE).map((d) => values[d] ?? Number.NaN);
  switch (type) {
    case "linear":
      return inputs.map((d) => values[d] ?? Number.NaN);
    case "3p_heating":
      return [Math.max(0, th - t), ...extras];
    case "3p_cooling":
      return [Math.max(0, t - tc), ...extras];
    case "4p":
      // Slope below the change point is reported positive for heating: energy rises as T falls.
      return [Math.max(0, th - t), Math.max(0, t - th), ...extras];
    case "5p":
      return [Math.max(0, th - t), Math.max(0, t - tc), ...extras];
    case "towt":
      throw new Error("towt predicts through predictTowt");
  }
}

export interface Prediction {
  value: number;
  lower: number;
  upper: number;
  extrapolated: boolean;
}

function predictValues(spec: ModelSpec, rows: Record<string, number>[], confidence: number) {
  if (spec.modelType === "towt") {
    if (!spec.towt) throw new Error("towt model without its state");
    const extras = spec.inputs.filter((d) => d !== TEMPERATURE && d !== HOUR_OF_WEEK);
    return predictTowt(
      spec.towt,
      rows.map((r) => ({ temperature: r[TEMPERATURE] ?? Number.NaN, hourOfWeek: r[HOUR_OF_WEEK] ?? Number.NaN, extras: extras.map((d) => r[d] ?? Number.NaN) })),
      confidence,
    );
  }
  if (!spec.state) throw new Error(`${spec.modelType} model without its OLS state`);
  return predictOls(spec.state, rows.map((r) => designRow(spec.modelType, spec.inputs, spec.transforms, r)), confidence);
}

export function predict(spec: ModelSpec, rows: Record<string, number>[], confidence = 0.95): Prediction[] {
  const out = predictValues(spec, rows, confidence);
  return out.map((p, i) => ({
    value: p.value,
    lower: p.lower,
    upper: p.upper,
    extrapolated: spec.inputs.some((d) => {
      if (d === HOUR_OF_WEEK) return false; // categorical: an unseen hour of week is an error, not an extrapolation
      const v = rows[i]?.[d];
      const r = spec.ranges[d];
      return v !== undefined && r !== undefined && (v < r[0] || v > r[1]);
    }),
  }));
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Tuesday 13:00" for hour of week 37 (0 = Monday 00:00, plant time). */
export function hourOfWeekLabel(h: number): string {
  return `${WEEKDAYS[Math.floor(h / 24)] ?? "?"} ${String(h % 24).padStart(2, "0")}:00`;
}

export interface Unpredictable {
  reason: "missing_driver_data" | "unseen_hour_of_week";
  /** In words, without row positions (the caller names the bucket or request item). */
  detail: string;
}

/**
 * Why a model cannot predict a row of input values, or null when it can: a driver missing or not
 * a finite number, or (TOWT) an hour of week the training window never saw, whose effect is unknown.
 */
export function whyUnpredictable(spec: ModelSpec, row: Record<string, number>): Unpredictable | null {
  const missing = spec.inputs.filter((d) => !Number.isFinite(row[d]));
  if (missing.length > 0) return { reason: "missing_driver_data", detail: `no value for ${missing.join(", ")}` };
  const h = row[HOUR_OF_WEEK]!;
  if (spec.modelType === "towt" && !(Number.isInteger(h) && h >= 0 && h < 168)) {
    return { reason: "missing_driver_data", detail: `hour_of_week ${h} is not an hour of the week (a whole number 0…167)` };
  }
  if (spec.modelType === "towt" && spec.towt && !spec.towt.model.groups.includes(h)) {
    return { reason: "unseen_hour_of_week", detail: `hour of week ${h} (${hourOfWeekLabel(h)} plant time) had no data in the training window, so its effect is unknown` };
  }
  return null;
}

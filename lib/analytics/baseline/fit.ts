import { fitOls, RegressionError, type OlsFit, type OlsState } from "@/lib/analytics/regression";
import { fitTowt, type TowtState } from "@/lib/analytics/towt";
import { HOUR_OF_WEEK } from "@/lib/analytics/drivers/catalogue";
import { designRow, featureNamesOf, isChangePoint, modelInputs, TEMPERATURE, type ModelType, type Transforms } from "./model";
import { findBalancePoints } from "./balance-points";

/** What training reads off a fit, whichever engine made it (OLS, or OLS with absorbed hour-of-week effects). */
export type FitSummary = Pick<OlsFit, "coefficients" | "intercept" | "stdErrors" | "tValues" | "pValues" | "confidenceIntervals" | "vif" | "n" | "p" | "stats">;

export interface TimeOfWeek {
  /** Effect (kWh per bucket) of each hour of week 0–167; null where the window had no data. */
  effects: (number | null)[];
  occupancy: boolean[];
  knots: { occupied: number[] | null; unoccupied: number[] | null };
}

export interface FittedModel {
  modelType: ModelType;
  inputs: string[];
  transforms: Transforms;
  featureNames: string[];
  fit: FitSummary;
  /** The fitted value of each training row (y's unit and order). */
  fitted: number[];
  ols: OlsState | null;
  towt: TowtState | null;
  timeOfWeek: TimeOfWeek | null;
}

const noTransforms: Transforms = { heating_balance_c: null, cooling_balance_c: null };

/** Fits a model of a given type to frame columns (inputs → values aligned with y). */
export function fitModel(type: ModelType, drivers: string[], X: Record<string, number[]>, y: number[]): FittedModel {
  if (type !== "linear" && !X[TEMPERATURE]) {
    throw new RegressionError("invalid_input", `model_type ${type} needs the driver ${TEMPERATURE}`, [TEMPERATURE]);
  }
  const inputs = modelInputs(type, drivers);
  if (type === "towt") return fitTowtModel(inputs, X, y);
  const transforms: Transforms = isChangePoint(type)
    ? findBalancePoints(type, y, X[TEMPERATURE]!, inputs.slice(1).map((d) => X[d]!), inputs.slice(1))
    : noTransforms;
  const featureNames = featureNamesOf(type, inputs);
  const rows = y.map((_, i) => designRow(type, inputs, transforms, Object.fromEntries(inputs.map((d) => [d, X[d]![i]!]))));
  const fit = fitOls(rows, y, featureNames);
  return { modelType: type, inputs, transforms, featureNames, fit, fitted: fit.fitted, ols: fit.state, towt: null, timeOfWeek: null };
}

function fitTowtModel(inputs: string[], X: Record<string, number[]>, y: number[]): FittedModel {
  if (!X[HOUR_OF_WEEK]) throw new RegressionError("invalid_input", `model_type towt needs ${HOUR_OF_WEEK}`, [HOUR_OF_WEEK]);
  const extras = inputs.slice(2);
  const t = fitTowt({
    y,
    temperature: X[TEMPERATURE]!,
    hourOfWeek: X[HOUR_OF_WEEK],
    extra: { names: extras, X: y.map((_, i) => extras.map((d) => X[d]![i]!)) },
  });
  const f = t.fit;
  const fit: FitSummary = {
    coefficients: f.coefficients,
    // The hour-of-week effects take the intercept's place (see timeOfWeek).
    intercept: 0,
    stdErrors: { intercept: null, drivers: f.stdErrors },
    tValues: { intercept: null, drivers: f.tValues },
    pValues: { intercept: null, drivers: f.pValues },
    confidenceIntervals: { intercept: null, drivers: f.confidenceIntervals },
    vif: f.vif,
    n: f.n,
    p: f.p,
    stats: f.stats,
  };
  const effects: (number | null)[] = Array.from({ length: 168 }, () => null);
  for (const g of f.groupEffects) effects[g.group] = g.effect;
  return {
    modelType: "towt",
    inputs,
    transforms: noTransforms,
    featureNames: t.featureNames,
    fit,
    fitted: f.fitted,
    ols: null,
    towt: t.state,
    timeOfWeek: { effects, occupancy: t.occupancy, knots: t.knots },
  };
}

import { fitOls, RegressionError, type OlsFit } from "@/lib/analytics/regression";
import { designRow, featureNamesOf, isChangePoint, TEMPERATURE, type ModelType, type Transforms } from "./model";
import { findBalancePoints } from "./balance-points";

export interface FittedModel {
  modelType: ModelType;
  inputs: string[];
  transforms: Transforms;
  featureNames: string[];
  fit: OlsFit;
}

/** Fits a model of a given type to frame columns (inputs → values aligned with y). */
export function fitModel(type: ModelType, inputs: string[], X: Record<string, number[]>, y: number[]): FittedModel {
  if (isChangePoint(type) && !inputs.includes(TEMPERATURE)) {
    throw new RegressionError("invalid_input", `model_type ${type} needs the driver ${TEMPERATURE}`, [TEMPERATURE]);
  }
  const ordered = isChangePoint(type) ? [TEMPERATURE, ...inputs.filter((d) => d !== TEMPERATURE)] : inputs;
  const transforms: Transforms = type !== "linear"
    ? findBalancePoints(type, y, X[TEMPERATURE]!, ordered.slice(1).map((d) => X[d]!), ordered.slice(1))
    : { heating_balance_c: null, cooling_balance_c: null };
  const featureNames = featureNamesOf(type, ordered);
  const rows = y.map((_, i) => designRow(type, ordered, transforms, Object.fromEntries(ordered.map((d) => [d, X[d]![i]!]))));
  return { modelType: type, inputs: ordered, transforms, featureNames, fit: fitOls(rows, y, featureNames) };
}

/** Public types of automatic driver selection (bidirectional stepwise OLS). */
import type { OlsFit } from "../regression";

export interface SelectionInput {
  y: number[];
  candidates: { name: string; values: number[] }[];
}

export interface SelectionOptions {
  /** A candidate may enter only with p < pEnter (default 0.05). */
  pEnter?: number;
  /** A selected driver is removed when its p > pRemove (default 0.10). Must be ≥ pEnter, or add/remove could cycle. */
  pRemove?: number;
  /** Every VIF of the model after an addition must stay below this (default 10). */
  maxVif?: number;
  /** Minimum adjusted-R² improvement for an addition (default 0.001). */
  minAdjR2Gain?: number;
  /** Upper bound on the number of selected drivers (default: no bound). */
  maxDrivers?: number;
  /**
   * Drivers whose coefficient must be ≥ 0 (physical sign rule), each with why (for reasons): a
   * candidate enters only if every such coefficient of the new model is ≥ 0, and a selected one
   * that turns negative is removed.
   */
  nonNegative?: Record<string, string>;
}

export interface CandidateReport {
  name: string;
  selected: boolean;
  /** 1-based: selected drivers first by contribution, then the rest by how close they came (p-value). */
  rank: number;
  /** p-value in the final model (selected) or in the final model plus this candidate (not selected); null if unfittable. */
  pValue: number | null;
  /**
   * R² change attributable to the candidate, measured against the final set:
   * R²(final) − R²(final without it) when selected, R²(final with it) − R²(final)
   * when not. Positive means it explains variance; 0 when it cannot be fitted.
   */
  deltaRSquared: number;
  /** Same for adjusted R² (can be negative: the parameter costs more than it explains). */
  deltaAdjRSquared: number;
  /** Its VIF in that same model; null if unfittable. */
  vif: number | null;
  /** Human-readable: why kept or dropped. */
  reason: string;
}

export interface SelectionStep {
  action: "add" | "remove";
  name: string;
  /** p-value of the driver when it was added (in the new model) or removed (in the model it left). */
  pValue: number;
  /** Adjusted R² of the model after the step. */
  adjRSquared: number;
}

export interface SelectionResult {
  /** Selected driver names, most important (largest R² loss on removal) first. */
  selected: string[];
  steps: SelectionStep[];
  candidates: CandidateReport[];
  /** OLS on the selected drivers (in `selected` order); null when none was selected. */
  final: OlsFit | null;
}

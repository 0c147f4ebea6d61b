/** Public types of the absorbed fixed-effects OLS and the TOWT (time-of-week-and-temperature) baseline. */
import type { OlsPrediction, OlsStats } from "../regression";

export interface FixedEffectsInput {
  y: number[];
  /** n×k continuous regressors (k may be 0); no intercept column, the group effects play that role. */
  X: number[][];
  /** k unique regressor names. */
  names: string[];
  /** n integer group labels (e.g. hour of week 0…167). */
  groups: number[];
}

/** The same input with the design column-major (a[j·n + i] = x_ij), as fitTowt builds it. */
export interface FixedEffectsMatrix {
  y: Float64Array;
  a: Float64Array;
  names: string[];
  groups: ArrayLike<number>;
}

export interface FixedEffectsOptions {
  /** Confidence level of the coefficient intervals (default 0.95). */
  confidence?: number;
  /** Largest accepted condition number of the group-demeaned design, unit-norm columns (default 1e11). */
  maxConditionNumber?: number;
}

export interface GroupEffect {
  group: number;
  /** α_g = ȳ_g − x̄_gᵀβ. */
  effect: number;
  /** Rows of the group, n_g. */
  count: number;
  /** s·sqrt(1/n_g + x̄_gᵀ(X̃ᵀX̃)⁻¹x̄_g). */
  stdError: number;
}

/**
 * y_i = α_{g(i)} + x_iᵀβ + ε_i, solved by Frisch–Waugh–Lovell. Statistics follow
 * the OlsStats definitions on the original y with p = k + G (G distinct groups).
 */
export interface FixedEffectsFit {
  names: string[];
  coefficients: number[];
  stdErrors: number[];
  tValues: number[];
  pValues: number[];
  confidenceIntervals: [number, number][];
  confidence: number;
  /** Within-group VIF: 1/(1 − R_j²) of regressor j on the other regressors, all demeaned within groups. */
  vif: number[];
  /** Sorted by group label. */
  groupEffects: GroupEffect[];
  n: number;
  /** k + G. */
  p: number;
  /** stats.conditionNumber is that of the group-demeaned design (unit-norm columns). */
  stats: OlsStats;
  /** In input order. */
  residuals: number[];
  fitted: number[];
  state: FixedEffectsState;
}

/** Plain JSON: survives JSON.stringify/parse and then predicts identically. */
export interface FixedEffectsState {
  version: 1;
  kind: "fixed_effects";
  names: string[];
  coefficients: number[];
  /** Group labels (sorted) with, at the same index, α_g, n_g and x̄_g (k values). */
  groups: number[];
  groupEffects: number[];
  groupCounts: number[];
  groupMeans: number[][];
  n: number;
  p: number;
  /** s² = SSE / (n − p). */
  residualVariance: number;
  /** W (k×k rows) with (X̃ᵀX̃)⁻¹ = WᵀW for the demeaned design X̃. */
  xtxInverseFactor: number[][];
  /** (X̃ᵀX̃)⁻¹ (k×k), for export/inspection. */
  xtxInverse: number[][];
}

export type FixedEffectsPrediction = OlsPrediction;

export interface TowtInput {
  /** Hourly energy. */
  y: number[];
  /** Outdoor temperature, °C. */
  temperature: number[];
  /** 0 … 167 (0 = the caller's week start, hour 0), in plant local time. */
  hourOfWeek: number[];
  /** Further drivers, n×k. */
  extra?: { names: string[]; X: number[][] };
}

export interface TowtOptions {
  /** Spline knots in °C (default CalTRACK 30, 45, 55, 65, 75, 90 °F converted). */
  knotsC?: number[];
  /**
   * A temperature segment needs max(minSegmentHours, minSegmentShare · n_class) rows of its
   * occupancy class (defaults 20 h as CalTRACK, 0.01); otherwise it is merged into a neighbour.
   */
  minSegmentHours?: number;
  minSegmentShare?: number;
  /** An hour of week is occupied when at least this share of its first-pass residuals is positive (default 0.65). */
  occupancyThreshold?: number;
  confidence?: number;
  maxConditionNumber?: number;
}

/** Knots per occupancy class; null when the class has no rows (and so no temperature columns). */
export interface TowtKnots {
  occupied: number[] | null;
  unoccupied: number[] | null;
}

export interface TowtFit {
  /** Groups are hours of week. */
  fit: FixedEffectsFit;
  /** temp_occ_seg1…, temp_unocc_seg1…, then the extra names; driver order of fit. */
  featureNames: string[];
  /** Knots actually used per occupancy class after merging sparse segments. */
  knots: TowtKnots;
  /** 168 entries, true = occupied. Hours of week without data are false. */
  occupancy: boolean[];
  /** Share of positive first-pass residuals per hour of week (NaN without data). */
  positiveShare: number[];
  state: TowtState;
}

export interface TowtState {
  version: 1;
  kind: "towt";
  knots: TowtKnots;
  occupancy: boolean[];
  extraNames: string[];
  model: FixedEffectsState;
}

export interface TowtRow {
  temperature: number;
  hourOfWeek: number;
  /** Values of the extra drivers, in the order they were fitted. */
  extras?: number[];
}

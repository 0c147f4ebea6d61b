/** Public types of the temperature change-point models (ASHRAE Guideline 14 / CalTRACK style). */
import type { OlsFit } from "../regression";

/**
 * 3p_heating: y = b0 + bh·max(0, Th − T)
 * 3p_cooling: y = b0 + bc·max(0, T − Tc)
 * 4p:         y = b0 + bh·max(0, Tb − T) + bc·max(0, T − Tb)   (one change point, two slopes)
 * 5p:         y = b0 + bh·max(0, Th − T) + bc·max(0, T − Tc), Th < Tc (dead band)
 * The 4P model is written with degree-day columns rather than min(0, T − Tb) so that
 * both slopes come out as "energy per degree away from the balance point" (ASHRAE's
 * b1 of min(0, T − Tb) is −bh) and the same sign rule applies to every type.
 */
export type ChangePointType = "3p_heating" | "3p_cooling" | "4p" | "5p";

export const CHANGE_POINT_TYPES: readonly ChangePointType[] = ["3p_heating", "3p_cooling", "4p", "5p"];

export interface ChangePointInput {
  y: number[];
  /** Outdoor temperature in °C, same length as y. */
  temperature: number[];
  /** Further drivers (e.g. production), n×k, no intercept column. */
  extra?: { names: string[]; X: number[][] };
}

export interface ChangePointOptions {
  /** Coarse grid step of the balance-point search in °C (default 0.5). */
  gridStepC?: number;
  /** Step of the refinement around the coarse optimum in °C (default 0.1). */
  refineStepC?: number;
  /** Lowest balance point searched (default −1.1 °C = 30 °F, as CalTRACK). */
  minC?: number;
  /** Highest balance point searched (default 32.2 °C = 90 °F, as CalTRACK). */
  maxC?: number;
  /** Minimum fraction of points on each active side of a balance point (default 0.1). */
  minSideFraction?: number;
  /** Minimum 10th–90th percentile spread of temperature in °C (default 3); narrower data is rejected. */
  minSpreadC?: number;
}

export interface SelectChangePointOptions extends ChangePointOptions {
  /** Largest p-value a temperature slope may have for the candidate to count as valid (default 0.1). */
  maxSlopePValue?: number;
  /** Types to try (default all four). */
  types?: readonly ChangePointType[];
}

export interface ChangePointFit {
  type: ChangePointType;
  heatingBalanceC: number | null;
  coolingBalanceC: number | null;
  /** OLS on the transformed design; driver order is featureNames. */
  fit: OlsFit;
  /** e.g. ["hdd", "cdd", ...extra names]; only the columns the type uses. */
  featureNames: string[];
  /** Coefficient on hdd (energy per °C below Th), null when the type has no heating side. */
  heatingSlope: number | null;
  /** Coefficient on cdd (energy per °C above Tc), null when the type has no cooling side. */
  coolingSlope: number | null;
  /** Intercept: consumption with no heating or cooling (and extra drivers at 0). */
  baseLoad: number;
}

export interface ChangePointCandidate {
  type: ChangePointType;
  heatingBalanceC: number | null;
  coolingBalanceC: number | null;
  /** null when the type could not be fitted (see reason). */
  adjRSquared: number | null;
  heatingSlope: number | null;
  coolingSlope: number | null;
  physicallyValid: boolean;
  reason?: string;
}

export interface ChangePointSelection {
  best: ChangePointFit | null;
  candidates: ChangePointCandidate[];
}

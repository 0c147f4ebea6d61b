export { fitFixedEffects, fitFixedEffectsMatrix, predictFixedEffects } from "./fixed-effects";
export { CALTRACK_KNOTS_C, fitTowt, HOURS_PER_WEEK, mergeSparseSegments, predictTowt, temperatureSegments } from "./towt";
export type {
  FixedEffectsFit,
  FixedEffectsInput,
  FixedEffectsMatrix,
  FixedEffectsOptions,
  FixedEffectsPrediction,
  FixedEffectsState,
  GroupEffect,
  TowtFit,
  TowtInput,
  TowtKnots,
  TowtOptions,
  TowtRow,
  TowtState,
} from "./types";

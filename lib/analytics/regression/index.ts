export { RegressionError, type RegressionErrorCode } from "./errors";
export { fitOls } from "./ols";
export { predictOls } from "./predict";
export {
  fractionalSavingsUncertainty,
  type FsuInput,
  type FsuResult,
  type Granularity,
} from "./savings-uncertainty";
export { theilSen, THEIL_SEN_MAX_POINTS, type TheilSenFit } from "./robust";
export { durbinWatson, lag1Autocorrelation } from "./statistics";
export { DEFAULT_MAX_CONDITION } from "./conditioning";
export type { OlsFit, OlsOptions, OlsPrediction, OlsState, OlsStats } from "./types";

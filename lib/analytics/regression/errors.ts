/**
 * Error type for the regression engine. Callers branch on `code`; `drivers`
 * names the input columns involved so the UI can point at them.
 */
export type RegressionErrorCode = "rank_deficient" | "ill_conditioned" | "too_few_samples" | "invalid_input";

export class RegressionError extends Error {
  readonly code: RegressionErrorCode;
  /** Driver names involved (constant column, collinear set, ...); may be empty. */
  readonly drivers: string[];

  constructor(code: RegressionErrorCode, message: string, drivers: string[] = []) {
    super(message);
    this.name = "RegressionError";
    this.code = code;
    this.drivers = drivers;
  }
}

/**
 * Predictions with intervals from a (possibly re-imported) OlsState:
 *   ŷ ± t(α/2, n−p) · s · sqrt(1 + x0ᵀ(XᵀX)⁻¹x0)   (new observation)
 *   ŷ ± t(α/2, n−p) · s · sqrt(x0ᵀ(XᵀX)⁻¹x0)       (mean response)
 * with x0ᵀ(XᵀX)⁻¹x0 = ‖W x0‖², W taken from the QR factors (never an inverse of XᵀX).
 */
import { Dot2 } from "./compensated";
import { tCritical } from "./distributions";
import { RegressionError } from "./errors";
import type { OlsPrediction, OlsState } from "./types";

export function predictOls(state: OlsState, rows: number[][], confidence = 0.95): OlsPrediction[] {
  assertState(state);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RegressionError("invalid_input", `confidence must be in (0, 1), got ${confidence}.`);
  }
  const k = state.names.length;
  const p = state.p;
  const off = state.hasIntercept ? 1 : 0;
  const s = Math.sqrt(state.residualVariance);
  const tcrit = tCritical(confidence, state.n - p);
  const w = state.xtxInverseFactor;
  const x0 = new Float64Array(p);
  const acc = new Dot2();
  return rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== k) {
      throw new RegressionError("invalid_input", `Prediction row ${r} has ${Array.isArray(row) ? row.length : "no"} values; expected ${k}.`);
    }
    if (state.hasIntercept) x0[0] = 1;
    const bad: string[] = [];
    row.forEach((v, d) => {
      if (!Number.isFinite(v)) bad.push(state.names[d]!);
      x0[d + off] = v;
    });
    if (bad.length > 0) throw new RegressionError("invalid_input", `Prediction row ${r} has non-finite values for ${bad.join(", ")}.`, bad);

    acc.reset(state.intercept);
    for (let d = 0; d < k; d++) acc.addProduct(state.coefficients[d]!, row[d]!);
    const value = acc.value();
    let q = 0;
    for (let i = 0; i < p; i++) {
      const wi = w[i]!;
      let s2 = 0;
      for (let j = 0; j < p; j++) s2 += wi[j]! * x0[j]!;
      q += s2 * s2;
    }
    const seMean = s * Math.sqrt(q);
    const sePrediction = s * Math.sqrt(1 + q);
    return {
      value,
      lower: value - tcrit * sePrediction,
      upper: value + tcrit * sePrediction,
      meanLower: value - tcrit * seMean,
      meanUpper: value + tcrit * seMean,
      seMean,
      sePrediction,
    };
  });
}

function assertState(state: OlsState): void {
  const ok =
    state !== null &&
    typeof state === "object" &&
    state.version === 1 &&
    Array.isArray(state.names) &&
    Array.isArray(state.coefficients) &&
    state.coefficients.length === state.names.length &&
    state.p === state.names.length + (state.hasIntercept ? 1 : 0) &&
    state.n > state.p &&
    Number.isFinite(state.residualVariance) &&
    Array.isArray(state.xtxInverseFactor) &&
    state.xtxInverseFactor.length === state.p &&
    state.xtxInverseFactor.every((r) => Array.isArray(r) && r.length === state.p);
  if (!ok) throw new RegressionError("invalid_input", "Not a valid OLS model state (version 1).");
}

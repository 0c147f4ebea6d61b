import { DAY, WEEK_HOURS, hoursFrom, valueAt, type HourlySeries } from "./hours";
import type { Forecaster, ScoredMethod } from "./engine";

// The combined method: a weighted average of two forecasts (the baseline with the published plan
// and the seasonal ensemble), w·a + (1 − w)·b, with w chosen at each origin from the two methods'
// errors at the WEIGHT_ORIGINS weekly origins before it (Bates & Granger 1969, "The combination of
// forecasts"; combinations were among the most accurate methods of the M4 competition). The
// weight uses only weeks that ended by the origin, so a backtest never scores a week its weight saw.

/** Weekly origins before a forecast origin whose errors choose the weight. */
export const WEIGHT_ORIGINS = 3;
/** Fewer paired errors than this (two days) and the weight is 1/2: the simple average, robust when errors are unknown. */
export const MIN_WEIGHT_PAIRS = 48;

/**
 * The weight on `a` minimising the mean squared error of w·a + (1 − w)·b, from paired errors
 * (actual − forecast, kWh) of the two methods over the same hours:
 *   w = (S_bb − S_ab) / (S_aa + S_bb − 2·S_ab),  S_xy = Σ e_x·e_y   (Bates & Granger 1969, eq. 2)
 * Second moments about 0, not the mean, so a biased method is penalised for its bias too. Clipped
 * to [0, 1] (an extrapolating weight is unstable on a few weeks of errors); 1/2 when the two error
 * series are identical (any weight is optimal) or fewer than MIN_WEIGHT_PAIRS pairs are given.
 */
export function combinationWeight(errorsA: number[], errorsB: number[]): number {
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let n = 0;
  for (let i = 0; i < Math.min(errorsA.length, errorsB.length); i++) {
    const a = errorsA[i]!;
    const b = errorsB[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    saa += a * a;
    sbb += b * b;
    sab += a * b;
    n += 1;
  }
  const den = saa + sbb - 2 * sab;
  if (n < MIN_WEIGHT_PAIRS || !(den > 0)) return 0.5;
  return Math.min(1, Math.max(0, (sbb - sab) / den));
}

export interface CombinedForecaster extends Forecaster {
  /** The weight on the first method at an origin (from the errors of the weeks before it). */
  weight(origin: number): number;
}

/**
 * The combination of forecasters `a` and `b` scored against `actual` (the scope's metered kWh per
 * hour). point(origin) = w·a + (1 − w)·b with w = combinationWeight of their errors over the week
 * after each of the WEIGHT_ORIGINS weekly origins before `origin`; NaN where either is NaN. No
 * intervals of its own: bandOf measures empirical ones from the combination's own past errors.
 */
export function combinedForecaster(a: Forecaster, b: Forecaster, actual: HourlySeries, name: ScoredMethod = "combined"): CombinedForecaster {
  const weights = new Map<number, number>();
  const weight = (origin: number): number => {
    const cached = weights.get(origin);
    if (cached !== undefined) return cached;
    const ea: number[] = [];
    const eb: number[] = [];
    for (let j = 1; j <= WEIGHT_ORIGINS; j++) {
      const o = origin - j * 7 * DAY;
      const past = hoursFrom(o, WEEK_HOURS);
      const pa = a.point(o, past);
      const pb = b.point(o, past);
      past.forEach((t, h) => {
        const y = valueAt(actual, t);
        ea.push(y - pa[h]!);
        eb.push(y - pb[h]!);
      });
    }
    const w = combinationWeight(ea, eb);
    weights.set(origin, w);
    return w;
  };
  return {
    name,
    weight,
    point(origin, hours) {
      const w = weight(origin);
      const pa = a.point(origin, hours);
      const pb = b.point(origin, hours);
      return pa.map((v, h) => w * v + (1 - w) * pb[h]!);
    },
  };
}

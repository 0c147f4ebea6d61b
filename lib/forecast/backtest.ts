import { AppError } from "@/lib/errors";
import { bandOf, type Band, type Forecaster, type ScoredMethod } from "./engine";
import { WEEK_HOURS, hoursFrom, valueAt, type HourlySeries } from "./hours";

// Rolling-origin backtest (Tashman 2000; Hyndman & Athanasopoulos §5.10 "time series cross-
// validation"): from each weekly origin, every method forecasts the next 168 hours from the data
// before it alone (intervals included), and is scored against what was metered. Every method is
// scored on the same hours: those with an actual and a forecast from every method.
//
//   MAPE      = mean over scored hours with actual > 0 of |y − ŷ| / y            (fraction)
//   CV(RMSE)  = √(Σ(y − ŷ)² / n) / ȳ                                              (fraction; n, not n − p: nothing was fitted to these hours)
//   NMBE      = Σ(y − ŷ) / (n · ȳ)                                                 (fraction)
//   weekly-total MAPE = mean over origins of |Σŷ − Σy| / Σy                      (fraction)
//   coverage  = share of scored hours whose actual lies inside the 80 % / 95 % interval
//   skill vs persistence = 1 − RMSE / RMSE(persistence)                           (> 0: better than the reference)

export interface MethodScore {
  method: ScoredMethod;
  mape: number | null;
  cv_rmse: number | null;
  nmbe: number | null;
  weekly_total_mape: number | null;
  coverage_80: number | null;
  coverage_95: number | null;
  rmse_kwh: number | null;
  skill_vs_persistence: number | null;
  hours: number;
}

export interface BacktestResult {
  origins: string[];
  /** Origins left out (too little history before them for some method's intervals). */
  skipped_origins: { origin: string; reason: string }[];
  scores: MethodScore[];
  /** The method with the lowest CV(RMSE), among those a forecast can use (not the reference, baseline_ex_post or baseline_without_plan). */
  best_method: ScoredMethod | null;
}

interface Acc {
  absPct: number;
  nPct: number;
  sse: number;
  err: number;
  sumY: number;
  n: number;
  in80: number;
  in95: number;
  weekly: number[];
}

/**
 * Scores each forecaster over weekly origins. `forecasters` must include one named
 * "persistence" (the reference). Throws AppError 422 when no origin can be scored.
 */
export function runBacktest(forecasters: Forecaster[], actual: HourlySeries, origins: number[]): BacktestResult {
  const acc = new Map<ScoredMethod, Acc>(forecasters.map((f) => [f.name, { absPct: 0, nPct: 0, sse: 0, err: 0, sumY: 0, n: 0, in80: 0, in95: 0, weekly: [] }]));
  const used: string[] = [];
  const skipped: { origin: string; reason: string }[] = [];
  for (const origin of origins) {
    const hours = hoursFrom(origin, WEEK_HOURS);
    let bands: Band[];
    try {
      bands = forecasters.map((f) => bandOf(f, actual, origin, hours));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ origin: new Date(origin).toISOString(), reason: error.message });
      continue;
    }
    const scored = hours.map((t, h) => !Number.isNaN(valueAt(actual, t)) && bands.every((b) => Number.isFinite(b.expected[h]!) && Number.isFinite(b.lower95[h]!) && Number.isFinite(b.upper95[h]!)));
    if (!scored.some(Boolean)) {
      skipped.push({ origin: new Date(origin).toISOString(), reason: "no hour of the week has an actual and a forecast from every method" });
      continue;
    }
    used.push(new Date(origin).toISOString());
    forecasters.forEach((f, k) => {
      const a = acc.get(f.name)!;
      const b = bands[k]!;
      let wy = 0;
      let wf = 0;
      hours.forEach((t, h) => {
        if (!scored[h]) return;
        const y = valueAt(actual, t);
        const e = b.expected[h]!;
        a.sse += (y - e) ** 2;
        a.err += y - e;
        a.sumY += y;
        a.n += 1;
        if (y > 0) [a.absPct, a.nPct] = [a.absPct + Math.abs(y - e) / y, a.nPct + 1];
        if (y >= b.lower80[h]! && y <= b.upper80[h]!) a.in80 += 1;
        if (y >= b.lower95[h]! && y <= b.upper95[h]!) a.in95 += 1;
        wy += y;
        wf += e;
      });
      if (wy > 0) a.weekly.push(Math.abs(wf - wy) / wy);
    });
  }
  if (used.length === 0) {
    throw new AppError("unprocessable", `No backtest origin could be scored: ${skipped[0]?.reason ?? "no origins"}`, { skipped_origins: skipped });
  }
  const ref = acc.get("persistence");
  const refRmse = ref && ref.n > 0 ? Math.sqrt(ref.sse / ref.n) : null;
  const scores: MethodScore[] = forecasters.map((f) => {
    const a = acc.get(f.name)!;
    const mean = a.n > 0 ? a.sumY / a.n : 0;
    const rmse = a.n > 0 ? Math.sqrt(a.sse / a.n) : null;
    return {
      method: f.name,
      mape: a.nPct > 0 ? a.absPct / a.nPct : null,
      cv_rmse: rmse !== null && mean > 0 ? rmse / mean : null,
      nmbe: a.n > 0 && mean > 0 ? a.err / (a.n * mean) : null,
      weekly_total_mape: a.weekly.length > 0 ? a.weekly.reduce((s, v) => s + v, 0) / a.weekly.length : null,
      coverage_80: a.n > 0 ? a.in80 / a.n : null,
      coverage_95: a.n > 0 ? a.in95 / a.n : null,
      rmse_kwh: rmse,
      skill_vs_persistence: rmse !== null && refRmse !== null && refRmse > 0 ? 1 - rmse / refRmse : null,
      hours: a.n,
    };
  });
  const candidates = scores.filter((s) => s.method !== "persistence" && s.method !== "baseline_ex_post" && s.method !== "baseline_without_plan" && s.cv_rmse !== null);
  const best = candidates.reduce<MethodScore | null>((b, s) => (b === null || s.cv_rmse! < b.cv_rmse! ? s : b), null);
  return { origins: used, skipped_origins: skipped, scores, best_method: best?.method ?? null };
}

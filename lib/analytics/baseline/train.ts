import { RegressionError } from "@/lib/analytics/regression";
import { buildFrame, type Frame } from "@/lib/analytics/drivers/frame";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getMachine } from "@/lib/db/queries/machines";
import { insertModel } from "@/lib/db/queries/baseline";
import { sites, type BaselineModelRow } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import type { TrainInput } from "@/lib/validation/baseline";
import { fitModel } from "./fit";
import { isChangePoint, modelInputs } from "./model";
import { fitDegreeDayBases } from "./degree-days";
import { DEFAULT_CDD_BASE_C, DEFAULT_HDD_BASE_C } from "@/lib/analytics/drivers/catalogue";
import { resolveWindow } from "@/lib/validation/dates";
import { granularityMs } from "@/lib/analytics/drivers/catalogue";
import { qualityChecks, resolveThresholds, thresholdsJson } from "./quality";
import { signViolations } from "./physics";
import { formatPlantPeriod } from "@/lib/time/plant-time";

// Trains a baseline: the frame from the rollups, the fit, the quality checks, a new version.
// Bad input (too little data, collinear drivers) is a 4xx that says what to change; nothing is
// written then.

/** The settings of a machine's site that modelling needs: its time zone and quality thresholds. */
export async function siteSettings(db: Database, siteId: string) {
  const [site] = await db.orm.select().from(sites).where(eq(sites.id, siteId));
  return { timeZone: site?.timeZone ?? "UTC", thresholds: resolveThresholds(site?.qualityThresholds) };
}

export async function siteTimeZone(db: Database, siteId: string): Promise<string> {
  return (await siteSettings(db, siteId)).timeZone;
}

export function regressionToAppError(error: unknown): never {
  if (error instanceof RegressionError) {
    const hint =
      error.code === "rank_deficient"
        ? "remove one of them or pick other drivers"
        : error.code === "too_few_samples"
          ? "choose a longer window or fewer drivers"
          : error.code === "ill_conditioned"
            ? "rescale or drop drivers that nearly repeat each other"
            : "check the drivers and the window";
    throw new AppError("unprocessable", `${error.message} (${hint})`, { code: error.code, drivers: error.drivers }, { cause: error });
  }
  throw error;
}

/**
 * Trains and stores (through `store`) one baseline version for `input`. Returns the stored row,
 * the machine's name, the training frame (its X columns at the model's degree-day bases, as
 * fitted) and the fitted value of each of its rows (y's unit: per-hour rates from daily up), so a
 * caller can show per-bucket values without reading the rollups or predicting again.
 * Throws AppError "unprocessable" (4xx naming what to change) for too little data or drivers that
 * cannot be fitted, "not_found" for an unknown machine; nothing is stored then.
 */
export async function trainBaseline(db: Database, input: TrainInput, store: typeof insertModel = insertModel): Promise<{ model: BaselineModelRow; machineName: string; frame: Frame; fitted: number[] }> {
  const machine = await getMachine(db, input.machine_id);
  const { timeZone, thresholds } = await siteSettings(db, machine.siteId);
  // Dates and times without an offset are the site's wall clock.
  const window = resolveWindow(input.start_date, input.end_date, timeZone, granularityMs[input.granularity]);
  input = { ...input, start_date: window.start, end_date: window.end };
  const frameDrivers = modelInputs(input.model_type, input.drivers);
  const frame = await buildFrame(db, {
    machineId: machine.id,
    start: input.start_date,
    end: input.end_date,
    granularity: input.granularity,
    drivers: frameDrivers,
    timeZone,
    hddBaseC: input.hdd_base_c,
    cddBaseC: input.cdd_base_c,
    excludeDowntime: input.exclude_downtime,
    keepTemperatures: frameDrivers.includes("hdd") || frameDrivers.includes("cdd"),
  });
  // Bases of hdd/cdd not given are searched (least squares, among bases with enough degree-days
  // and a coefficient of the physical sign) before the fit; stored with the model. A degree-day
  // term no base qualifies for is dropped, with the reason, instead of being fitted.
  const degreeDays = fitDegreeDayBases(
    frame,
    frameDrivers,
    { hdd: input.hdd_base_c, cdd: input.cdd_base_c },
    { hdd: DEFAULT_HDD_BASE_C, cdd: DEFAULT_CDD_BASE_C },
    { granularity: input.granularity, timeZone },
  );
  const droppedTerms = degreeDays.dropped;
  const drivers = frameDrivers.filter((d) => !droppedTerms.some((t) => t.driver === d));
  const n = frame.y.length;
  if (n === 0) {
    throw new AppError("unprocessable", `No complete ${input.granularity} buckets for ${machine.name} in ${formatPlantPeriod(input.start_date.getTime(), input.end_date.getTime(), timeZone)}: pick a window with energy and driver data`, { dropped: frame.dropped });
  }
  if (drivers.length === 0) {
    throw new AppError("unprocessable", `No driver left to fit: ${droppedTerms.map((t) => `${t.driver} ${t.reason}`).join("; ")}. Choose a window with more heating or cooling, or other drivers`, { dropped_terms: droppedTerms });
  }
  // TOWT: one effect per hour of week present plus its spline slopes; checked by the engine.
  const params = input.model_type === "towt" ? 0 : drivers.length + (isChangePoint(input.model_type) ? 1 : 0) + 1;
  if (n < params + 2) {
    throw new AppError("unprocessable", `Only ${n} complete ${input.granularity} buckets for ${params} parameters: choose a longer window, a finer granularity or fewer drivers`, { dropped: frame.dropped });
  }
  let fitted;
  try {
    fitted = fitModel(input.model_type, drivers, frame.X, frame.y);
  } catch (error) {
    regressionToAppError(error);
  }
  const { fit } = fitted;
  const coverage = n / frame.expectedBuckets;
  const violations = signViolations(input.model_type, fitted.featureNames, fit.coefficients);
  const checks = qualityChecks(fit, input.granularity, { coverage, samples: n, signViolations: violations }, thresholds);
  const ranges = Object.fromEntries(fitted.inputs.map((d) => [d, [Math.min(...frame.X[d]!), Math.max(...frame.X[d]!)] as [number, number]]));
  const coefficients = Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.coefficients[i]!]));
  const model = await store(
    db,
    {
      machineId: machine.id,
      modelType: input.model_type,
      granularity: input.granularity,
      drivers: fitted.inputs,
      transforms: fitted.transforms,
      coefficients,
      intercept: fit.intercept,
      statistics: {
        r_squared: fit.stats.rSquared,
        adj_r_squared: fit.stats.adjRSquared,
        rmse: fit.stats.rmse,
        residual_sd: fit.stats.residualSd,
        cv_rmse: fit.stats.cvRmse,
        nmbe: fit.stats.nmbe,
        mae: fit.stats.mae,
        mape: fit.stats.mape,
        f_statistic: fit.stats.fStatistic,
        f_p_value: fit.stats.fPValue,
        durbin_watson: fit.stats.durbinWatson,
        condition_number: fit.stats.conditionNumber,
        lag1_autocorrelation: fit.stats.lag1Autocorrelation,
        mean_y: fit.stats.meanY,
        n: fit.n,
        p: fit.p,
        std_errors: { intercept: fit.stdErrors.intercept, ...Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.stdErrors.drivers[i]])) },
        t_values: Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.tValues.drivers[i]])),
        p_values: { intercept: fit.pValues.intercept, ...Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.pValues.drivers[i]])) },
        confidence_intervals: Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.confidenceIntervals.drivers[i]])),
        vif: Object.fromEntries(fitted.featureNames.map((f, i) => [f, fit.vif[i]])),
        quality_checks: checks,
        meets_quality_threshold: checks.every((c) => c.passed),
        quality_thresholds: thresholdsJson(thresholds),
        coverage,
        expected_buckets: frame.expectedBuckets,
        // The whole buckets the window holds (snapped inwards), and what the frame filled or spread.
        window: frame.window,
        interpolated_temperature_hours: frame.interpolatedTemperatureHours,
        ...(frame.calendarised ? { calendarised: true } : {}),
        dropped: frame.dropped,
        driver_ranges: ranges,
        feature_names: fitted.featureNames,
        ...(fitted.timeOfWeek ? { time_of_week: fitted.timeOfWeek } : {}),
        ...(degreeDays.hdd_base_c !== null || degreeDays.cdd_base_c !== null || droppedTerms.length > 0 ? { degree_day_bases: degreeDays } : {}),
        dropped_terms: droppedTerms,
        definitions: "CV(RMSE) = sqrt(SSE/(n-p))/mean(y); NMBE = sum(y-yhat)/((n-p)*mean(y)); p counts every fitted parameter incl. the intercept (ASHRAE Guideline 14); fractions, not percent",
      },
      state: { ols: fitted.ols, ...(fitted.towt ? { towt: fitted.towt } : {}), feature_names: fitted.featureNames, ranges, hdd_base_c: degreeDays.hdd_base_c, cdd_base_c: degreeDays.cdd_base_c },
      trainingStart: input.start_date,
      trainingEnd: input.end_date,
      trainingSamples: n,
    },
    input.activate === true ? "always" : "if_none",
  );
  return { model, machineName: machine.name, frame, fitted: fitted.fitted };
}

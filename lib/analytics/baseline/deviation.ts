import { inZone } from "@/lib/validation/dates";
import { fractionalSavingsUncertainty } from "@/lib/analytics/regression";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getActiveModel, getModel } from "@/lib/db/queries/baseline";
import { getMachine } from "@/lib/db/queries/machines";
import type { DeviationInput } from "@/lib/validation/baseline";
import { predict } from "./model";
import { specOf } from "./present";
import { regressionToAppError, siteTimeZone } from "./train";

// Actual against expected over any period: per bucket the deviation (actual − expected) and its
// running sum (CUSUM); in total the savings (expected − actual) with their uncertainty
// (ASHRAE Guideline 14 / CalTRACK fractional savings uncertainty, 90 % confidence).

export interface DeviationBucket {
  time: string;
  actual: number;
  expected: number;
  deviation: number;
  deviation_pct: number | null;
  cumulative_deviation: number;
  extrapolated: boolean;
}

export async function computeDeviation(db: Database, input: DeviationInput) {
  const row = input.model_id ? await getModel(db, input.model_id) : await getActiveModel(db, input.machine_id!);
  if (input.machine_id && row.machineId !== input.machine_id) {
    throw new AppError("bad_request", `Model ${row.id} belongs to machine ${row.machineId}, not ${input.machine_id}`);
  }
  const spec = specOf(row);
  const machine = await getMachine(db, row.machineId);
  const state = row.state as { hdd_base_c?: number | null; cdd_base_c?: number | null };
  const granularity = row.granularity as Granularity;
  const timeZone = await siteTimeZone(db, machine.siteId);
  // Dates and times without an offset are the site's wall clock.
  input = { ...input, start_date: inZone(input.start_date, timeZone), end_date: inZone(input.end_date, timeZone) };
  const frame = await buildFrame(db, {
    machineId: row.machineId,
    start: input.start_date,
    end: input.end_date,
    granularity,
    drivers: spec.inputs,
    timeZone,
    hddBaseC: state.hdd_base_c ?? undefined,
    cddBaseC: state.cdd_base_c ?? undefined,
  });
  if (frame.y.length === 0) {
    throw new AppError("unprocessable", `No complete ${granularity} buckets with energy and driver data for ${machine.name} in that period`, { dropped: frame.dropped });
  }
  let predictions;
  try {
    predictions = predict(spec, frame.y.map((_, i) => Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![i]!]))));
  } catch (error) {
    regressionToAppError(error);
  }
  let cumulative = 0;
  const buckets: DeviationBucket[] = frame.y.map((rate, i) => {
    const p = predictions[i]!;
    // Daily and coarser models predict daily rates: times the bucket's days, the bucket's energy.
    const exposure = frame.exposure[i]!;
    const actual = rate * exposure;
    const deviation = actual - p.value * exposure;
    cumulative += deviation;
    return {
      time: frame.times[i]!,
      actual,
      expected: p.value * exposure,
      deviation,
      deviation_pct: p.value !== 0 ? (100 * deviation) / (p.value * exposure) : null,
      cumulative_deviation: cumulative,
      extrapolated: p.extrapolated,
    };
  });
  const actualKwh = buckets.reduce((s, b) => s + b.actual, 0);
  const expectedKwh = buckets.reduce((s, b) => s + b.expected, 0);
  const savings = expectedKwh - actualKwh;
  const stats = row.statistics as { residual_sd: number; mean_y: number; lag1_autocorrelation: number; n: number; p: number };
  const fsu = fractionalSavingsUncertainty({
    n: stats.n,
    p: stats.p,
    residualSd: stats.residual_sd,
    meanY: stats.mean_y,
    lag1Autocorrelation: stats.lag1_autocorrelation,
    reportingPoints: buckets.length,
    expectedReportingTotal: expectedKwh,
    expectedSavings: savings,
    granularity,
  });
  const extrapolated = buckets.filter((b) => b.extrapolated);
  return {
    model_id: row.id,
    machine_id: row.machineId,
    machine_name: machine.name,
    model_version: row.version,
    granularity,
    start_date: input.start_date.toISOString(),
    end_date: input.end_date.toISOString(),
    buckets,
    totals: {
      actual_kwh: actualKwh,
      expected_kwh: expectedKwh,
      savings_kwh: savings,
      savings_pct: expectedKwh !== 0 ? (100 * savings) / expectedKwh : null,
      savings_uncertainty_kwh: fsu.uncertainty,
      savings_uncertainty_confidence: 0.9,
      fractional_savings_uncertainty: fsu.fsu,
      buckets: buckets.length,
      expected_buckets: frame.expectedBuckets,
      dropped: frame.dropped,
      extrapolated_buckets: extrapolated.length,
      extrapolated_expected_kwh: extrapolated.reduce((s, b) => s + b.expected, 0),
      extrapolated_actual_kwh: extrapolated.reduce((s, b) => s + b.actual, 0),
    },
  };
}

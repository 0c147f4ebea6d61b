import { resolveWindow } from "@/lib/validation/dates";
import { granularityMs } from "@/lib/analytics/drivers/catalogue";
import { fractionalSavingsUncertainty } from "@/lib/analytics/regression";
import { buildFrame } from "@/lib/analytics/drivers/frame";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getActiveModel, getModel } from "@/lib/db/queries/baseline";
import { getMachine } from "@/lib/db/queries/machines";
import type { DeviationInput } from "@/lib/validation/baseline";
import { predict, whyUnpredictable } from "./model";
import { specOf } from "./present";
import { regressionToAppError, siteTimeZone } from "./train";
import { baselineUnits } from "./units";
import { unusedReasonText, type UnusedReason } from "./unused-energy";

// Actual against expected over any period: per bucket the deviation (actual − expected) and its
// running sum (CUSUM); in total the savings (expected − actual) with their uncertainty
// (ASHRAE Guideline 14 / CalTRACK fractional savings uncertainty, 90 % confidence).
// Honest about what it leaves out: a bucket the model cannot predict (a driver missing, an hour
// of week never seen in training) is dropped and the rest reported; every bucket of the window
// not used is listed by its time with its metered energy (kWh) and why (`unused_buckets`), and
// summed by reason in the totals (`unused`). Buckets inside the model's training window are
// marked in_sample: savings measured on the data a model was fitted to are not savings.

export interface DeviationBucket {
  time: string;
  actual: number;
  expected: number;
  deviation: number;
  deviation_pct: number | null;
  cumulative_deviation: number;
  extrapolated: boolean;
  /** The bucket overlaps the model's training window. */
  in_sample: boolean;
}

export interface UnusedBucket {
  time: string;
  /** Metered energy of the bucket (kWh), read from the energy rollups. */
  energy_kwh: number;
  reason: UnusedReason;
  detail: string;
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
  const window = resolveWindow(input.start_date, input.end_date, timeZone, granularityMs[granularity]);
  input = { ...input, start_date: window.start, end_date: window.end };
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
  // The whole buckets the model was fitted on (models trained before windows were recorded: the request's dates).
  const fitted = (row.statistics as { window?: { start: string; end: string } }).window;
  const trainingStart = fitted ? Date.parse(fitted.start) : new Date(row.trainingStart).getTime();
  const trainingEnd = fitted ? Date.parse(fitted.end) : new Date(row.trainingEnd).getTime();
  const unused: UnusedBucket[] = [];
  const drop = (start: number, energyKwh: number, reason: UnusedReason, detail: string) =>
    unused.push({ time: new Date(start).toISOString(), energy_kwh: energyKwh, reason, detail: `${new Date(start).toISOString()}: ${detail}` });

  // Buckets the model can predict; the others are dropped by their time, with their energy.
  const usable: number[] = [];
  const inputs = frame.y.map((_, i) => Object.fromEntries(spec.inputs.map((d) => [d, frame.X[d]![i]!])));
  inputs.forEach((values, i) => {
    const why = whyUnpredictable(spec, values);
    if (why === null) usable.push(i);
    else drop(Date.parse(frame.times[i]!), frame.y[i]! * frame.exposure[i]!, why.reason, why.detail);
  });
  // Buckets the frame left out, with the energy metered in them and why.
  for (const b of frame.droppedBuckets) {
    const reason: UnusedReason = b.reason === "downtime" ? "missing_driver_data" : b.reason;
    drop(b.start, b.energyKwh, reason, b.driver ? `${unusedReasonText[reason]} (${b.driver})` : unusedReasonText[reason]);
  }
  unused.sort((x, y) => x.time.localeCompare(y.time));

  if (usable.length === 0) {
    const reasons = [...new Set(unused.map((u) => u.reason))].map((r) => unusedReasonText[r]).join("; ");
    throw new AppError("unprocessable", `No ${granularity} bucket of ${machine.name} in that period can be compared with the model: ${reasons || "no data"}`, {
      dropped: frame.dropped,
      unused_buckets: unused.slice(0, 20),
    });
  }
  let predictions;
  try {
    predictions = predict(spec, usable.map((i) => inputs[i]!));
  } catch (error) {
    regressionToAppError(error);
  }
  let cumulative = 0;
  const buckets: DeviationBucket[] = usable.map((i, k) => {
    const p = predictions[k]!;
    // Actual is the metered energy. Expected is for the same time: daily and coarser models predict
    // daily rates (times the bucket's days), and a bucket covered 92 % expects 92 % of a whole one.
    const exposure = frame.exposure[i]!;
    const actual = frame.metered[i]!;
    const expected = p.value * exposure * frame.coverage[i]!;
    const deviation = actual - expected;
    cumulative += deviation;
    const start = Date.parse(frame.times[i]!);
    const end = start + (frame.yUnit === "kWh/d" ? exposure * 86_400_000 : frame.hoursPerRow * 3_600_000);
    return {
      time: frame.times[i]!,
      actual,
      expected,
      deviation,
      deviation_pct: expected !== 0 ? (100 * deviation) / expected : null,
      cumulative_deviation: cumulative,
      extrapolated: p.extrapolated,
      in_sample: start < trainingEnd && end > trainingStart,
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
  const inSample = buckets.filter((b) => b.in_sample);
  const byReason = (Object.keys(unusedReasonText) as UnusedReason[])
    .map((reason) => {
      const of = unused.filter((u) => u.reason === reason);
      return {
        reason,
        description: unusedReasonText[reason],
        buckets: of.length,
        energy_kwh: of.reduce((s, u) => s + u.energy_kwh, 0),
        ...(reason === "missing_driver_data" && Object.keys(frame.dropped.missingDrivers).length > 0 ? { drivers: frame.dropped.missingDrivers } : {}),
      };
    })
    .filter((r) => r.buckets > 0);
  const unusedKwh = unused.reduce((s, u) => s + u.energy_kwh, 0);
  const warnings: string[] = [];
  if (unused.length > 0) {
    warnings.push(`${unused.length} of ${frame.expectedBuckets} ${granularity} buckets (${round(unusedKwh)} kWh metered) could not be used: ${byReason.map((r) => `${r.buckets} ${r.reason} (${round(r.energy_kwh)} kWh)`).join(", ")}; the totals cover the other buckets only`);
  }
  if (inSample.length > 0) {
    warnings.push(
      `the period overlaps the model's training window (${new Date(trainingStart).toISOString()} – ${new Date(trainingEnd).toISOString()}): ${inSample.length} of ${buckets.length} buckets were used to fit the model, and savings measured on the training data are not savings`,
    );
  }
  return {
    model_id: row.id,
    machine_id: row.machineId,
    machine_name: machine.name,
    model_version: row.version,
    granularity,
    start_date: input.start_date.toISOString(),
    end_date: input.end_date.toISOString(),
    // The whole buckets compared: the period snapped inwards to bucket boundaries.
    window: frame.window,
    // Units of the model's numbers; bucket values and totals here are kWh (`values`).
    units: { ...baselineUnits(granularity, spec.featureNames), values: "kWh" as const },
    training_start_date: new Date(trainingStart).toISOString(),
    training_end_date: new Date(trainingEnd).toISOString(),
    warnings,
    buckets,
    unused_buckets: unused,
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
      in_sample: inSample.length > 0,
      in_sample_buckets: inSample.length,
      in_sample_expected_kwh: inSample.reduce((s, b) => s + b.expected, 0),
      in_sample_actual_kwh: inSample.reduce((s, b) => s + b.actual, 0),
      unused: { buckets: unused.length, energy_kwh: unusedKwh, by_reason: byReason },
    },
  };
}

const round = (v: number) => Math.round(v * 10) / 10;

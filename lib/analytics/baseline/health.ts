import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { getModel } from "@/lib/db/queries/baseline";
import type { Granularity } from "@/lib/analytics/drivers/catalogue";
import { computeDeviation } from "./deviation";
import { resolveThresholds } from "./quality";
import { modelStanding, type FailedCheck, type StoredCheck } from "./standing";

// Model health: how well a baseline still describes its machine. Over the last 30 days, its
// predictions are compared with what was metered in the model's own buckets, through the
// deviation code (whole buckets of the model's granularity in plant time, used when their
// readings cover ≥ 90 % of them, expected energy for the covered time), and the two ASHRAE
// Guideline 14 statistics the model was accepted under are recomputed:
//   CV(RMSE) = √(Σ(y − ŷ)² / n) / ȳ,   NMBE = Σ(y − ŷ) / (n · ȳ)
// with n, not n − p: no parameter was fitted to these buckets. The model drifts when either leaves
// the threshold it was judged by at training (statistics.quality_thresholds, else its site's
// defaults): CV(RMSE) ≤ 0.30 hourly and finer, ≤ 0.20 daily and coarser; |NMBE| ≤ 0.005.
// A model that failed one of its acceptance checks at training (it can be active: the first saved
// model of a machine is) is never "ok", whatever the last 30 days say: its status is
// "fails_checks" (or "drift" when it drifts too) and `failed_checks` names them.

export const HEALTH_WINDOW_DAYS = 30;
/** Fewer compared buckets than this and no verdict is given. */
export const MIN_HEALTH_BUCKETS = 3;

export interface ModelHealth {
  model_id: string;
  machine_id: string;
  model_version: number;
  granularity: string;
  evaluated_at: string;
  window: { start: string; end: string };
  /**
   * ok: passes every acceptance check and the last 30 days are within thresholds; drift: outside
   * them; fails_checks: failed an acceptance check at training (and does not drift);
   * insufficient_data: passes its checks, too few recent buckets to judge.
   */
  status: "ok" | "drift" | "fails_checks" | "insufficient_data";
  /** The status in words: "healthy", "Active — fails data coverage (62 % < 90 %)", … */
  label: string;
  /** Every acceptance check stored with the model passed. */
  quality_checks_passed: boolean;
  /** The acceptance checks it failed at training, each with value, threshold and a line of text. */
  failed_checks: FailedCheck[];
  /** null when there are too few buckets to judge. */
  drift: boolean | null;
  reasons: string[];
  cv_rmse: number | null;
  nmbe: number | null;
  buckets: number;
  expected_buckets: number;
  actual_kwh: number;
  expected_kwh: number;
  thresholds: { max_cv_rmse: number; max_abs_nmbe: number; source: string };
  /** CV(RMSE) and NMBE the model had on its training data. */
  at_training: { cv_rmse: number | null; nmbe: number | null };
  warnings: string[];
}

/**
 * Health of a stored baseline model over the 30 days before `now` (default: the present). For the
 * dashboard and the retraining job. Throws AppError 404 for an unknown model; a window without
 * comparable buckets gives status "insufficient_data", not an error.
 */
export async function modelHealth(db: Database, modelId: string, now: Date = new Date()): Promise<ModelHealth> {
  const row = await getModel(db, modelId);
  const stats = row.statistics as { quality_thresholds?: Record<string, number>; cv_rmse?: number; nmbe?: number; quality_checks?: StoredCheck[] };
  const standing = modelStanding(stats.quality_checks, row.isActive);
  const t = resolveThresholds(stats.quality_thresholds);
  const g = row.granularity as Granularity;
  const fine = g === "15min" || g === "hourly";
  const thresholds = {
    max_cv_rmse: fine ? t.maxCvRmseFine : t.maxCvRmseCoarse,
    max_abs_nmbe: t.maxAbsNmbe,
    source: `ASHRAE Guideline 14, as the model was accepted under (${stats.quality_thresholds ? "its stored quality_thresholds" : "the default thresholds"})`,
  };
  const start = new Date(now.getTime() - HEALTH_WINDOW_DAYS * 86_400_000);
  const base = {
    model_id: row.id,
    machine_id: row.machineId,
    model_version: row.version,
    granularity: row.granularity,
    evaluated_at: now.toISOString(),
    thresholds,
    at_training: { cv_rmse: stats.cv_rmse ?? null, nmbe: stats.nmbe ?? null },
    quality_checks_passed: standing.passes,
    failed_checks: standing.failed,
  };
  const fails = !standing.passes;
  let dev: Awaited<ReturnType<typeof computeDeviation>>;
  try {
    dev = await computeDeviation(db, { model_id: modelId, start_date: start, end_date: now, format: "json" });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "unprocessable") throw error;
    return {
      ...base,
      window: { start: start.toISOString(), end: now.toISOString() },
      status: fails ? "fails_checks" : "insufficient_data",
      label: fails ? standing.label : "too little data",
      drift: null,
      reasons: [error.message],
      cv_rmse: null,
      nmbe: null,
      buckets: 0,
      expected_buckets: 0,
      actual_kwh: 0,
      expected_kwh: 0,
      warnings: [],
    };
  }
  const n = dev.buckets.length;
  const ybar = dev.totals.actual_kwh / Math.max(1, n);
  const sse = dev.buckets.reduce((s, b) => s + (b.actual - b.expected) ** 2, 0);
  const cv = n > 0 && ybar > 0 ? Math.sqrt(sse / n) / ybar : null;
  const nmbe = n > 0 && ybar > 0 ? (dev.totals.actual_kwh - dev.totals.expected_kwh) / (n * ybar) : null;
  const reasons: string[] = [];
  let drift: boolean | null = null;
  if (n < MIN_HEALTH_BUCKETS || cv === null || nmbe === null) {
    reasons.push(`${n} ${g} buckets could be compared in the last ${HEALTH_WINDOW_DAYS} days; at least ${MIN_HEALTH_BUCKETS} are needed`);
  } else {
    if (cv > thresholds.max_cv_rmse) reasons.push(`CV(RMSE) ${round(cv)} > ${thresholds.max_cv_rmse}`);
    if (Math.abs(nmbe) > thresholds.max_abs_nmbe) reasons.push(`|NMBE| ${round(Math.abs(nmbe))} > ${thresholds.max_abs_nmbe} (${nmbe > 0 ? "the machine uses more than the model expects" : "the machine uses less than the model expects"})`);
    drift = reasons.length > 0;
  }
  return {
    ...base,
    window: dev.window,
    status: drift === true ? "drift" : fails ? "fails_checks" : drift === false ? "ok" : "insufficient_data",
    label: drift === true ? `drifting${fails ? `; ${standing.label}` : ""}` : fails ? standing.label : drift === false ? "healthy" : "too little data",
    drift,
    reasons,
    cv_rmse: cv,
    nmbe,
    buckets: n,
    expected_buckets: dev.totals.expected_buckets,
    actual_kwh: dev.totals.actual_kwh,
    expected_kwh: dev.totals.expected_kwh,
    warnings: dev.warnings,
  };
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

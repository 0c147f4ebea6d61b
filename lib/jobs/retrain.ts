import type { Database } from "@/lib/db/types";
import type { BaselineModelRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import type { ModelType } from "@/lib/analytics/baseline/model";
import type { QualityCheck } from "@/lib/analytics/baseline/quality";
import { getModel, insertModel, type NewModel } from "@/lib/db/queries/baseline";
import { addPlantDays, startOfPlantDay } from "@/lib/time/plant-time";
import type { TrainInput } from "@/lib/validation/baseline";
import type { JobDefinition } from "./types";

// Weekly baseline retraining. For each machine with an active model: refit the same model type on
// the same drivers and granularity over a trailing window as long as the active model's training
// window (whole local days, ending at the start of the run's local day); store and activate the
// candidate only when it passes every quality check of its site (ASHRAE Guideline 14, IPMVP,
// US DOE EnPI thresholds; see README "Baselines") and its CV(RMSE) is not above the active model's
// (ASHRAE G14 CV(RMSE) = √(SSE/(n−p))/ȳ, as stored in statistics.cv_rmse). A candidate that is not
// activated is not stored: the run's details keep its figures and the reason, per machine.

const DAY_MS = 86_400_000;

export interface RetrainOutcome {
  machine_id: string;
  machine_name: string | null;
  active_model_id: string;
  active_version: number;
  active_cv_rmse: number | null;
  window: { start: string; end: string } | null;
  candidate: { cv_rmse: number | null; r_squared: number | null; nmbe: number | null; meets_quality_threshold: boolean; failed_checks: string[] } | null;
  activated: boolean;
  new_model_id: string | null;
  new_version: number | null;
  reason: string;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The trailing window: as many whole local days as the active model's training window, ending at the start of `now`'s local day. */
export function retrainWindow(active: Pick<BaselineModelRow, "trainingStart" | "trainingEnd">, now: Date, timeZone: string): { start: Date; end: Date } {
  const days = Math.max(1, Math.round((active.trainingEnd.getTime() - active.trainingStart.getTime()) / DAY_MS));
  const end = startOfPlantDay(now.getTime(), timeZone);
  return { start: new Date(addPlantDays(end, -days, timeZone)), end: new Date(end) };
}

/**
 * The retraining rule: activate a candidate only if it meets its quality thresholds and its
 * CV(RMSE) is not worse (not greater) than the active model's. Returns null to activate, or why not.
 */
export function whyNotActivate(candidate: Record<string, unknown>, active: Record<string, unknown>): string | null {
  if (candidate.meets_quality_threshold !== true) {
    const failed = ((candidate.quality_checks as QualityCheck[] | undefined) ?? []).filter((c) => !c.passed).map((c) => c.name);
    return `candidate fails its quality checks (${failed.join(", ") || "unknown"})`;
  }
  const next = num(candidate.cv_rmse);
  const current = num(active.cv_rmse);
  if (next === null) return "candidate has no CV(RMSE)";
  if (current !== null && next > current) return `candidate CV(RMSE) ${next.toFixed(4)} is worse than the active model's ${current.toFixed(4)}`;
  return null;
}

async function retrainMachine(db: Database, active: BaselineModelRow, timeZone: string, now: Date): Promise<RetrainOutcome> {
  const base: RetrainOutcome = {
    machine_id: active.machineId,
    machine_name: null,
    active_model_id: active.id,
    active_version: active.version,
    active_cv_rmse: num(active.statistics.cv_rmse),
    window: null,
    candidate: null,
    activated: false,
    new_model_id: null,
    new_version: null,
    reason: "",
  };
  const window = retrainWindow(active, now, timeZone);
  base.window = { start: window.start.toISOString(), end: window.end.toISOString() };
  if (active.trainingEnd.getTime() >= window.end.getTime()) {
    return { ...base, reason: "the active model was trained on data up to this window's end: nothing new to learn from" };
  }
  const input: TrainInput = {
    machine_id: active.machineId,
    start_date: window.start,
    end_date: window.end,
    drivers: active.drivers,
    granularity: active.granularity as TrainInput["granularity"],
    model_type: active.modelType as ModelType,
    exclude_downtime: false,
    activate: false,
  };
  // Train without storing: the candidate is kept only if it is activated.
  const captured: { model?: NewModel } = {};
  let trained: Awaited<ReturnType<typeof trainBaseline>>;
  try {
    trained = await trainBaseline(db, input, (_db, model) => {
      captured.model = model;
      return Promise.resolve({ ...model, id: "", version: 0, isActive: false, createdAt: now, transforms: model.transforms ?? {}, trainingStart: new Date(model.trainingStart), trainingEnd: new Date(model.trainingEnd) });
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...base, reason: `not trained: ${error.message}` };
  }
  const stats = trained.model.statistics;
  const checks = (stats.quality_checks as QualityCheck[] | undefined) ?? [];
  const result: RetrainOutcome = {
    ...base,
    machine_name: trained.machineName,
    candidate: {
      cv_rmse: num(stats.cv_rmse),
      r_squared: num(stats.r_squared),
      nmbe: num(stats.nmbe),
      meets_quality_threshold: stats.meets_quality_threshold === true,
      failed_checks: checks.filter((c) => !c.passed).map((c) => c.name),
    },
  };
  const why = whyNotActivate(stats, active.statistics);
  if (why) return { ...result, reason: why };
  const saved = await insertModel(db, captured.model!, "always");
  const previous = result.active_cv_rmse === null ? "the active model has no CV(RMSE)" : `CV(RMSE) ${result.candidate!.cv_rmse!.toFixed(4)} ≤ active ${result.active_cv_rmse.toFixed(4)}`;
  return { ...result, activated: true, new_model_id: saved.id, new_version: saved.version, reason: `passes its quality checks and ${previous}` };
}

export const retrainBaselinesJob: JobDefinition = {
  name: "retrain-baselines",
  description: "Weekly retraining of each machine's active baseline on a trailing window",
  unavailable: () => null,
  async run({ db, now }) {
    const rows = await db.query<{ id: string; tz: string }>(
      `SELECT b.id::text AS id, s.time_zone AS tz FROM baseline_models b JOIN machines m ON m.id = b.machine_id JOIN sites s ON s.id = m.site_id
       WHERE b.is_active AND m.is_active ORDER BY m.name`,
    );
    const machines: RetrainOutcome[] = [];
    for (const r of rows) machines.push(await retrainMachine(db, await getModel(db, r.id), r.tz, now));
    const activated = machines.filter((m) => m.activated).length;
    return { items: machines.length, details: { machines, activated, kept: machines.length - activated } };
  },
};

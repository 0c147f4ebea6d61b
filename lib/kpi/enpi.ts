import type { Database } from "@/lib/db/types";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { AppError } from "@/lib/errors";
import { modelStanding, type StoredCheck } from "@/lib/analytics/baseline/standing";
import { bucketIndex, type KpiWindow } from "./buckets";

// EnPI in the forms of ISO 50006:2014: where a machine's active baseline passes its quality checks,
// the regression-based EnPI — actual ÷ expected energy under the period's conditions (§ 4.4.4,
// "statistical model"; < 1 is an improvement) — with the improvement against the baseline period
// (expected − actual) in kWh, % of expected and cost; where none passes, the ratio EnPI, measured
// energy per unit produced (kWh per unit, § 4.4.3, "ratio of measured values").

export interface MachineEnpi {
  machine_id: string;
  machine_name: string;
  form: "regression" | "ratio";
  model_id: string | null;
  model_version: number | null;
  /** Why the regression form is not used (no active model, quality checks failed, nothing comparable). */
  reason: string | null;
  actual_kwh: number | null;
  expected_kwh: number | null;
  enpi: number | null;
  savings_kwh: number | null;
  savings_pct: number | null;
  /** Per KPI bucket: actual and expected kWh of the baseline's buckets that lie in it. */
  buckets: { actual: number; expected: number }[] | null;
  warnings: string[];
}

const granularityRank: Record<string, number> = { "15min": 0, hourly: 1, daily: 2, weekly: 3, monthly: 4, billing_period: 5, period: 6 };

/** The regression EnPI of each machine with a passing active baseline; the others say why not. */
export async function machineEnpis(db: Database, w: KpiWindow, machines: { id: string; name: string }[]): Promise<MachineEnpi[]> {
  const rows = await db.query<{ id: string; machine_id: string; version: number; granularity: string; passes: boolean | null; checks: StoredCheck[] | string | null }>(
    `SELECT id::text AS id, machine_id::text AS machine_id, version, granularity, (statistics->>'meets_quality_threshold')::boolean AS passes, statistics->'quality_checks' AS checks
     FROM baseline_models WHERE machine_id = ANY($1::uuid[]) AND is_active`,
    [`{${machines.map((m) => m.id).join(",")}}`],
  );
  const byMachine = new Map(rows.map((r) => [r.machine_id, r]));
  const out: MachineEnpi[] = [];
  // One machine at a time: a deviation reads a year of hourly drivers, and the pool is small.
  for (const m of machines) {
    const model = byMachine.get(m.id);
    const base: MachineEnpi = {
      machine_id: m.id,
      machine_name: m.name,
      form: "ratio",
      model_id: model?.id ?? null,
      model_version: model?.version ?? null,
      reason: null,
      actual_kwh: null,
      expected_kwh: null,
      enpi: null,
      savings_kwh: null,
      savings_pct: null,
      buckets: null,
      warnings: [],
    };
    if (!model) {
      out.push({ ...base, reason: "no active baseline model (POST /api/v1/baseline/train)" });
      continue;
    }
    if (model.passes !== true) {
      // Named with their values, as everywhere a model's standing is shown (lib/analytics/baseline/standing.ts).
      const checks = typeof model.checks === "string" ? (JSON.parse(model.checks) as StoredCheck[]) : model.checks;
      const failed = modelStanding(checks, true).failed.map((f) => f.text);
      out.push({ ...base, reason: `the active baseline (version ${model.version}) fails ${failed.length > 0 ? failed.join(", ") : "its quality checks"}` });
      continue;
    }
    try {
      const d = await computeDeviation(db, { machine_id: m.id, start_date: new Date(w.starts[0]!), end_date: new Date(w.ends.at(-1)!), format: "json" });
      const t = d.totals;
      const perBucket = granularityRank[model.granularity]! <= granularityRank[w.granularity]! ? w.starts.map(() => ({ actual: 0, expected: 0 })) : null;
      if (perBucket) {
        for (const b of d.buckets) {
          const i = bucketIndex(w, Date.parse(b.time));
          if (i >= 0) [perBucket[i]!.actual, perBucket[i]!.expected] = [perBucket[i]!.actual + b.actual, perBucket[i]!.expected + b.expected];
        }
      }
      out.push({
        ...base,
        form: "regression",
        actual_kwh: t.actual_kwh,
        expected_kwh: t.expected_kwh,
        enpi: t.expected_kwh > 0 ? t.actual_kwh / t.expected_kwh : null,
        savings_kwh: t.savings_kwh,
        savings_pct: t.savings_pct,
        buckets: perBucket,
        warnings: d.warnings,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      out.push({ ...base, reason: `the baseline cannot be compared over this period: ${error.message}` });
    }
  }
  return out;
}

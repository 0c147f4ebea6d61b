"use client";

import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import type { BaselineFit, DriverInfo, QualityCheck } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { fmt, fmtP, fmtPct, fmtSig } from "@/lib/dashboard/format";
import { readingText, readModel } from "@/lib/dashboard/model-reading";
import { Figure } from "@/components/ui/figure";

interface CoefficientRow {
  term: string;
  unit: string;
  coefficient: number;
  std_error: number | null;
  p_value: number | null;
  vif: number | null;
}

function coefficientRows(fit: BaselineFit, units: Map<string, string>): CoefficientRow[] {
  return [
    { term: "intercept", unit: fit.units?.energy ?? "kWh", coefficient: fit.intercept, std_error: fit.std_errors.intercept ?? null, p_value: fit.p_values.intercept ?? null, vif: null },
    ...Object.entries(fit.coefficients).map(([term, coefficient]) => ({
      term,
      // The API's units (kWh/d per °C for a daily temperature slope); the catalogue's otherwise.
      unit: fit.units?.coefficients[term] ?? (units.has(term) ? `kWh per ${units.get(term)}` : "kWh"),
      coefficient,
      std_error: fit.std_errors[term] ?? null,
      p_value: fit.p_values[term] ?? null,
      vif: fit.vif[term] ?? null,
    })),
  ];
}


/** R², CV(RMSE), NMBE; the coefficient table; the quality checks: all of the current fit. */
export function FitResults({ fit, drivers, fileStem, updating, timeZone }: { fit: BaselineFit; drivers: DriverInfo[]; fileStem: string; updating: boolean; timeZone: string }) {
  const units = new Map(drivers.map((d) => [d.name, d.unit]));
  const rows = coefficientRows(fit, units);
  const reading = readModel({ ...fit, coefficient_units: fit.units?.coefficients, balance_points: fit.balance_points ?? null }, timeZone);
  return (
    <div className={`flex min-w-0 flex-col gap-4 ${updating ? "opacity-60" : ""}`} aria-busy={updating} data-testid="fit-results">
      <Card title="Fit" testId="fit-summary" actions={<span className={`rounded px-2 py-0.5 text-xs ${fit.meets_quality_threshold ? "bg-emerald-100 text-emerald-900" : "bg-amber-100 text-amber-900"}`}>{fit.meets_quality_threshold ? "meets every quality check" : "fails a quality check"}</span>}>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
          <Figure label="R²" value={fmt(fit.r_squared, 4)} testId="r-squared" size="large" />
          <Figure label="Adjusted R²" value={fmt(fit.adj_r_squared, 4)} testId="adj-r-squared" size="large" />
          <Figure label="CV(RMSE)" value={fmtPct(fit.cv_rmse)} testId="cv-rmse" size="large" />
          <Figure label="NMBE" value={fmtPct(fit.nmbe, 2)} testId="nmbe" size="large" />
          <Figure label="Buckets (n)" value={fit.training_samples.toLocaleString("en-GB")} testId="samples" size="large" />
        </dl>
      </Card>
      <Card title="What this model says" testId="model-reading">
        <p className="text-sm" data-testid="model-reading-text">
          {readingText(reading)}
        </p>
        {reading.caveats.length > 0 ? (
          <ul className="mt-2 list-disc pl-5 text-xs text-amber-900" aria-label="Caveats">
            {reading.caveats.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card
        title="Coefficients"
        testId="coefficients"
        actions={
          <CsvDownload
            label="coefficients"
            fileName={csvFileName(fileStem, "coefficients")}
            getCsv={() =>
              buildCsv(
                [
                  { header: "term", value: (r: CoefficientRow) => r.term },
                  { header: "unit", value: (r: CoefficientRow) => r.unit },
                  { header: "coefficient", value: (r: CoefficientRow) => r.coefficient },
                  { header: "std_error", value: (r: CoefficientRow) => r.std_error },
                  { header: "p_value", value: (r: CoefficientRow) => r.p_value },
                  { header: "vif", value: (r: CoefficientRow) => r.vif },
                ],
                rows,
              )
            }
          />
        }
      >
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-2 py-1">Term</th>
                <th className="px-2 py-1 text-right">Coefficient</th>
                <th className="px-2 py-1 text-right">Std error</th>
                <th className="px-2 py-1 text-right">p</th>
                <th className="px-2 py-1 text-right">VIF</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.term} className="border-t border-slate-100">
                  <td className="px-2 py-1 break-words">
                    {r.term} <span className="text-xs text-slate-500">({r.unit})</span>
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtSig(r.coefficient)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtSig(r.std_error)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtP(r.p_value)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtSig(r.vif)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card
        title="Quality checks"
        testId="quality-checks"
        actions={
          <CsvDownload
            label="quality checks"
            fileName={csvFileName(fileStem, "quality-checks")}
            getCsv={() =>
              buildCsv(
                [
                  { header: "check", value: (c: QualityCheck) => c.name },
                  { header: "passed", value: (c: QualityCheck) => c.passed },
                  { header: "value", value: (c: QualityCheck) => c.value },
                  { header: "threshold", value: (c: QualityCheck) => c.threshold },
                  { header: "source", value: (c: QualityCheck) => c.source },
                ],
                fit.quality_checks,
              )
            }
          />
        }
      >
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-2 py-1">Check</th>
                <th className="px-2 py-1">Result</th>
                <th className="px-2 py-1 text-right">Value</th>
                <th className="px-2 py-1">Threshold</th>
                <th className="px-2 py-1">Source</th>
              </tr>
            </thead>
            <tbody>
              {fit.quality_checks.map((c) => (
                <tr key={c.name} className="border-t border-slate-100" data-check={c.name} data-passed={c.passed}>
                  <td className="px-2 py-1">{c.name.replaceAll("_", " ")}</td>
                  <td className="px-2 py-1">
                    <span className={`rounded px-1.5 text-xs ${c.passed ? "bg-emerald-100 text-emerald-900" : "bg-amber-100 text-amber-900"}`}>{c.passed ? "✓ pass" : "✗ fail"}</span>
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtSig(c.value)}</td>
                  <td className="px-2 py-1">{c.threshold}</td>
                  <td className="px-2 py-1 text-xs text-slate-600">{c.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

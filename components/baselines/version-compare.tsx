"use client";

import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import type { BaselineModel } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { fmt, fmtP, fmtPct, fmtSig } from "@/lib/dashboard/format";
import { formatPlantDate } from "@/lib/time/plant-time";

interface Row {
  label: string;
  values: string[];
  /** Raw values for the CSV (full precision). */
  raw: (string | number | boolean | null)[];
}

/** Rows of the side-by-side table: statistics, window, then every coefficient and check either version has. */
export function compareRows(models: BaselineModel[], timeZone: string): Row[] {
  const rows: Row[] = [
    { label: "model type", values: models.map((m) => m.model_type), raw: models.map((m) => m.model_type) },
    { label: "granularity", values: models.map((m) => m.granularity), raw: models.map((m) => m.granularity) },
    { label: "training window (plant dates)", values: models.map((m) => `${formatPlantDate(Date.parse(m.training_start_date), timeZone)} – ${formatPlantDate(Date.parse(m.training_end_date) - 1, timeZone)}`), raw: models.map((m) => `${m.training_start_date}/${m.training_end_date}`) },
    { label: "drivers", values: models.map((m) => m.drivers.join(", ")), raw: models.map((m) => m.drivers.join(" ")) },
    { label: "buckets (n)", values: models.map((m) => m.training_samples.toLocaleString("en-GB")), raw: models.map((m) => m.training_samples) },
    { label: "R²", values: models.map((m) => fmt(m.r_squared, 4)), raw: models.map((m) => m.r_squared) },
    { label: "adjusted R²", values: models.map((m) => fmt(m.adj_r_squared, 4)), raw: models.map((m) => m.adj_r_squared) },
    { label: "CV(RMSE)", values: models.map((m) => fmtPct(m.cv_rmse)), raw: models.map((m) => m.cv_rmse) },
    { label: "NMBE", values: models.map((m) => fmtPct(m.nmbe, 2)), raw: models.map((m) => m.nmbe) },
    { label: "meets every quality check", values: models.map((m) => (m.meets_quality_threshold ? "yes" : "no")), raw: models.map((m) => m.meets_quality_threshold) },
    { label: `intercept (${models[0]?.units?.energy ?? "kWh"})`, values: models.map((m) => fmtSig(m.intercept)), raw: models.map((m) => m.intercept) },
  ];
  const terms = [...new Set(models.flatMap((m) => Object.keys(m.coefficients)))];
  for (const t of terms) {
    const unit = models.map((m) => m.units?.coefficients[t]).find(Boolean);
    rows.push({
      label: `${t}${unit ? ` (${unit})` : ""}`,
      values: models.map((m) => (t in m.coefficients ? `${fmtSig(m.coefficients[t])} (p ${fmtP(m.p_values[t])})` : "—")),
      raw: models.map((m) => m.coefficients[t] ?? null),
    });
  }
  const checks = [...new Set(models.flatMap((m) => m.quality_checks.map((c) => c.name)))];
  for (const c of checks) {
    const of = models.map((m) => m.quality_checks.find((x) => x.name === c));
    rows.push({ label: `check: ${c.replaceAll("_", " ")}`, values: of.map((x) => (x ? `${x.passed ? "✓" : "✗"} ${fmtSig(x.value)}` : "—")), raw: of.map((x) => x?.passed ?? null) });
  }
  return rows;
}

/** Two (or more) stored versions side by side. */
export function VersionCompare({ models, machineName, timeZone }: { models: BaselineModel[]; machineName: string; timeZone: string }) {
  const rows = compareRows(models, timeZone);
  const heads = models.map((m) => `v${m.model_version}${m.is_active ? " (active)" : ""}`);
  return (
    <Card
      title={`Comparing ${heads.join(" and ")}`}
      testId="version-compare"
      actions={<CsvDownload label="version comparison" fileName={csvFileName(machineName, "baseline-versions-compared", models.map((m) => `v${m.model_version}`).join("-"))} getCsv={() => buildCsv([{ header: "figure", value: (r: Row) => r.label }, ...models.map((m, i) => ({ header: `v${m.model_version}`, value: (r: Row) => r.raw[i] }))], rows)} />}
    >
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="px-2 py-1">Figure</th>
              {heads.map((h) => (
                <th key={h} className="px-2 py-1">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className="border-t border-slate-100">
                <th scope="row" className="px-2 py-1 font-normal text-slate-600">
                  {r.label}
                </th>
                {r.values.map((v, i) => (
                  <td key={i} className="px-2 py-1 tabular-nums break-words">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

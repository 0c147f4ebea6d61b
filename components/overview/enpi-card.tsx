"use client";

import Link from "next/link";
import { ActualExpectedChart } from "@/components/charts/actual-expected-chart";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { fmt } from "@/lib/dashboard/format";

export interface EnpiRow {
  machine_id: string;
  machine_name: string;
  form: "regression" | "ratio";
  model_version: number | null;
  reason: string | null;
  actual_kwh: number | null;
  expected_kwh: number | null;
  enpi: number | null;
  savings_kwh: number | null;
  savings_pct: number | null;
  ratio_enpi_kwh_per_unit: number | null;
}

/** Each machine's EnPI against its active baseline (actual ÷ expected), or why it has none. */
export function EnpiCard({ rows, period }: { rows: EnpiRow[]; period: string }) {
  const reg = rows.filter((r) => r.form === "regression" && r.actual_kwh !== null && r.expected_kwh !== null);
  return (
    <Card
      title="EnPI against the baselines"
      testId="enpi-card"
      actions={
        <CsvDownload
          label="EnPI by machine"
          fileName={csvFileName("plant", "enpi", period)}
          getCsv={() =>
            buildCsv(
              [
                { header: "machine", value: (r: EnpiRow) => r.machine_name },
                { header: "baseline version", value: (r: EnpiRow) => (r.form === "regression" ? r.model_version : null) },
                { header: "actual (kWh)", value: (r: EnpiRow) => r.actual_kwh },
                { header: "expected (kWh)", value: (r: EnpiRow) => r.expected_kwh },
                { header: "EnPI (actual/expected)", value: (r: EnpiRow) => r.enpi },
                { header: "savings (kWh)", value: (r: EnpiRow) => r.savings_kwh },
                { header: "savings (%)", value: (r: EnpiRow) => r.savings_pct },
                { header: "ratio EnPI (kWh per unit)", value: (r: EnpiRow) => r.ratio_enpi_kwh_per_unit },
                { header: "why no regression EnPI", value: (r: EnpiRow) => r.reason },
              ],
              rows,
            )
          }
        />
      }
    >
      {reg.length > 0 ? (
        <div className="min-w-0" data-testid="enpi-chart">
          <ActualExpectedChart label="EnPI against the baselines: actual and expected energy (kWh) by machine" data={reg.map((r) => ({ name: r.machine_name, actual: r.actual_kwh!, expected: r.expected_kwh! }))} />
        </div>
      ) : (
        <p className="mb-2 text-sm text-slate-700">
          No machine has an active baseline that passes its quality checks, so no savings can be stated.{" "}
          <Link className="text-sky-800 underline" href="/baselines">
            Train one in the baseline studio
          </Link>
          ; until then each machine&apos;s ratio EnPI (kWh per unit) is shown.
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs" data-testid="enpi-table">
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="pr-3">Machine</th>
              <th scope="col" className="px-3 text-right">EnPI</th>
              <th scope="col" className="px-3 text-right">savings (kWh)</th>
              <th scope="col" className="pl-3">note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.machine_id} className="border-t border-slate-100 align-top" data-testid="enpi-row" data-form={r.form}>
                <td className="py-1 pr-3">{r.machine_name}</td>
                <td className="px-3 py-1 text-right tabular-nums">{r.form === "regression" ? fmt(r.enpi, 3) : r.ratio_enpi_kwh_per_unit === null ? "— (no units)" : `${fmt(r.ratio_enpi_kwh_per_unit, 3)} kWh/unit`}</td>
                <td className="px-3 py-1 text-right tabular-nums">{r.form === "regression" ? fmt(r.savings_kwh, 0) : "—"}</td>
                <td className="py-1 pl-3 text-slate-600">
                  {r.form === "regression" ? (
                    `baseline v${r.model_version}; < 1 is an improvement`
                  ) : (
                    <Link className="text-sky-800 underline" href={`/baselines?machine_id=${r.machine_id}`} aria-label={`Train a baseline for ${r.machine_name}`}>
                      {r.reason?.startsWith("no active baseline") ? "no baseline: train one" : r.reason}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-500">CSV: full precision (data).</p>
    </Card>
  );
}

"use client";

import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import type { Suggestion } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { fmt, fmtP, fmtSig } from "@/lib/dashboard/format";

type Candidate = Suggestion["candidates"][number];

/** Why each candidate was kept or dropped by stepwise selection (POST /api/v1/baseline/suggest). */
export function SuggestionTable({ suggestion, fileStem }: { suggestion: Suggestion; fileStem: string }) {
  return (
    <Card
      title="Suggested drivers"
      testId="suggestion"
      actions={
        <CsvDownload
          label="driver suggestion"
          fileName={csvFileName(fileStem, "driver-suggestion")}
          getCsv={() =>
            buildCsv(
              [
                { header: "rank", value: (c: Candidate) => c.rank },
                { header: "driver", value: (c: Candidate) => c.name },
                { header: "unit", value: (c: Candidate) => c.unit },
                { header: "kept", value: (c: Candidate) => c.selected },
                { header: "delta_r_squared (fraction)", value: (c: Candidate) => c.delta_r_squared },
                { header: "p_value", value: (c: Candidate) => c.p_value },
                { header: "vif", value: (c: Candidate) => c.vif },
                { header: "reason", value: (c: Candidate) => c.reason },
              ],
              suggestion.candidates,
            )
          }
        />
      }
    >
      <p className="mb-2 text-sm text-slate-600">
        Applied: {suggestion.suggested_drivers.join(", ") || "none"} (R² {fmt(suggestion.r_squared, 4)} on {suggestion.samples} buckets).
      </p>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="px-2 py-1">Driver</th>
              <th className="px-2 py-1">Kept</th>
              <th className="px-2 py-1 text-right">ΔR²</th>
              <th className="px-2 py-1 text-right">p</th>
              <th className="px-2 py-1 text-right">VIF</th>
              <th className="px-2 py-1">Why</th>
            </tr>
          </thead>
          <tbody>
            {suggestion.candidates.map((c) => (
              <tr key={c.name} className="border-t border-slate-100" data-candidate={c.name}>
                <td className="px-2 py-1">
                  {c.name} {c.unit ? <span className="text-xs text-slate-500">({c.unit})</span> : null}
                </td>
                <td className="px-2 py-1">{c.selected ? "✓ kept" : "✗ dropped"}</td>
                <td className="px-2 py-1 text-right tabular-nums">{fmt(c.delta_r_squared, 4)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{fmtP(c.p_value)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{fmtSig(c.vif)}</td>
                <td className="px-2 py-1 text-xs text-slate-600">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

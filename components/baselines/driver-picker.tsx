"use client";

import type { BaselineFit, DriverInfo, Suggestion } from "@/lib/api-client/baseline";
import { fmtP, fmtSig } from "@/lib/dashboard/format";

/**
 * Every candidate driver with its unit; a toggle adds or removes it. For selected drivers the
 * p-value and VIF come from the current fit; for the others, from the last suggestion (what
 * adding it would give), marked as such.
 */
export function DriverPicker({ drivers, selected, fit, suggestion, onToggle }: { drivers: DriverInfo[]; selected: string[]; fit: BaselineFit | undefined; suggestion: Suggestion | undefined; onToggle: (name: string) => void }) {
  const candidate = new Map(suggestion?.candidates.map((c) => [c.name, c]));
  return (
    <table className="w-full text-left text-sm" data-testid="driver-picker">
      <caption className="sr-only">Candidate drivers with p-value and VIF of the current selection</caption>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1">Driver (unit)</th>
          <th className="py-1 pl-2 text-right">p</th>
          <th className="py-1 pl-2 text-right">VIF</th>
        </tr>
      </thead>
      <tbody>
        {drivers.map((d) => {
          const on = selected.includes(d.name);
          const fitted = on && fit?.drivers.includes(d.name);
          const c = candidate.get(d.name);
          const p = fitted ? fit?.p_values[d.name] : c?.p_value;
          const vif = fitted ? fit?.vif[d.name] : c?.vif;
          const fromSuggestion = !fitted && c !== undefined;
          return (
            <tr key={d.name} className="border-t border-slate-100" data-driver={d.name}>
              <td className="py-1 pr-2">
                <label className="flex items-start gap-2" title={d.description}>
                  <input type="checkbox" className="mt-1" checked={on} onChange={() => onToggle(d.name)} aria-describedby={`driver-${d.name}-desc`} />
                  <span className="min-w-0 break-words">
                    {d.name} <span className="text-slate-500">({d.unit})</span>
                    <span id={`driver-${d.name}-desc`} className="sr-only">
                      {d.description}
                    </span>
                  </span>
                </label>
              </td>
              <td className={`py-1 pl-2 text-right tabular-nums ${fromSuggestion ? "text-slate-400" : ""}`} title={fromSuggestion ? "From Suggest: if added" : undefined}>
                {fitted || fromSuggestion ? fmtP(p) : "—"}
              </td>
              <td className={`py-1 pl-2 text-right tabular-nums ${fromSuggestion ? "text-slate-400" : ""}`}>{fitted || fromSuggestion ? fmtSig(vif) : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

"use client";

import type { DriverInfo, Screen } from "@/lib/api-client/baseline";
import { fmtP, fmtSig } from "@/lib/dashboard/format";

const signed = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(3)}`);

/**
 * Every candidate driver with its unit, its correlation with energy (r), and, for the current
 * selection, what toggling it does (ΔR²: added if unticked, removed if ticked) with its p-value
 * and VIF in the model that holds it (POST /api/v1/baseline/screen). A toggle refits at once.
 */
export function DriverPicker({ drivers, selected, screen, updating, onToggle }: { drivers: DriverInfo[]; selected: string[]; screen: Screen | undefined; updating: boolean; onToggle: (name: string) => void }) {
  const screened = new Map(screen?.candidates.map((c) => [c.name, c]));
  return (
    <div className="overflow-x-auto">
      <table className={`w-full text-left text-xs sm:text-sm ${updating ? "opacity-70" : ""}`} data-testid="driver-picker" aria-busy={updating}>
        <caption className="sr-only">Candidate drivers: correlation with energy, and the change in R², p-value and VIF from toggling each against the current selection</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">Driver (unit)</th>
            <th className="py-1 pl-2 text-right" title="Pearson correlation with energy over the training buckets">
              r
            </th>
            <th className="py-1 pl-2 text-right" title="Change in R² from ticking (or unticking) this driver">
              ΔR²
            </th>
            <th className="py-1 pl-2 text-right" title="p-value in the model that holds this driver">
              p
            </th>
            <th className="py-1 pl-2 text-right" title="Variance inflation factor in the model that holds this driver">
              VIF
            </th>
          </tr>
        </thead>
        <tbody>
          {drivers.map((d) => {
            const on = selected.includes(d.name);
            const s = screened.get(d.name);
            // Unticked drivers' p and VIF describe the model with them added: shown paler.
            const hypothetical = !on ? "text-slate-400" : "";
            return (
              <tr key={d.name} className="border-t border-slate-100" data-driver={d.name}>
                <td className="py-1 pr-2">
                  <label className="flex items-start gap-2" title={d.description}>
                    <input type="checkbox" className="mt-1" checked={on} onChange={() => onToggle(d.name)} aria-describedby={`driver-${d.name}-desc`} />
                    <span className="min-w-0 break-words">
                      {d.name} <span className="text-slate-500">({d.unit})</span>
                      <span id={`driver-${d.name}-desc`} className="sr-only">
                        {d.description}
                        {s?.note ? `. ${s.note}` : ""}
                      </span>
                      {s?.note ? <span className="block text-xs text-amber-800">{s.note}</span> : null}
                    </span>
                  </label>
                </td>
                <td className="py-1 pl-2 text-right tabular-nums" data-field="correlation">
                  {s?.correlation === null || s === undefined ? "—" : s.correlation.toFixed(2)}
                </td>
                <td className="py-1 pl-2 text-right tabular-nums" data-field="delta_r_squared" title={on ? "if removed" : "if added"}>
                  {signed(s?.delta_r_squared)}
                </td>
                <td className={`py-1 pl-2 text-right tabular-nums ${hypothetical}`} data-field="p_value">
                  {fmtP(s?.p_value)}
                </td>
                <td className={`py-1 pl-2 text-right tabular-nums ${hypothetical}`} data-field="vif">
                  {fmtSig(s?.vif)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {screen ? (
        <p className="mt-1 text-xs text-slate-500">
          Over {screen.samples.toLocaleString("en-GB")} buckets with every candidate’s data. Pale p and VIF: the model with that driver added.
        </p>
      ) : null}
    </div>
  );
}

"use client";

import type { PreviewResponse } from "@/lib/api-client/import";
import { roleLabels, rolesOf, type Kind } from "./roles";

/** The file's first rows, with a select above each column saying which of our columns it fills. */
export function MappingTable({ kind, info, roles, onRoles }: { kind: Kind; info: PreviewResponse; roles: string[]; onRoles: (roles: string[]) => void }) {
  const options = rolesOf(kind);
  const set = (i: number, role: string) => onRoles(roles.map((r, j) => (j === i ? role : r === role && role !== "" ? "" : r)));
  return (
    <div className="overflow-x-auto rounded border border-slate-200" data-testid="mapping-table">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The file&apos;s first rows; choose what each column holds</caption>
        <thead className="bg-slate-50">
          <tr>
            {info.columns.map((c, i) => (
              <th key={i} scope="col" className="min-w-36 px-2 py-2 align-top font-normal">
                <span className="block font-medium break-words">{c.name || `(column ${i + 1})`}</span>
                <label className="mt-1 block text-xs text-slate-600">
                  <select
                    value={roles[i] ?? ""}
                    onChange={(e) => set(i, e.target.value)}
                    aria-label={`Column ${c.name} holds`}
                    className="mt-0.5 w-full rounded border border-slate-300 bg-white px-1 py-1 text-sm"
                  >
                    <option value="">— not imported —</option>
                    {options.map((o) => (
                      <option key={o} value={o}>
                        {roleLabels[o] ?? o}
                      </option>
                    ))}
                  </select>
                </label>
                {c.date ? (
                  <span className="mt-1 block text-xs text-slate-500">
                    dates: {c.date.format ? c.date.format.replace("_", "-") : c.date.candidates.length > 1 ? "day- or month-first?" : "—"}
                  </span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {info.raw_rows.map((r) => (
            <tr key={r.line} className="border-t border-slate-100">
              {info.columns.map((_, i) => (
                <td key={i} className="px-2 py-1 break-words tabular-nums text-slate-700">
                  {r.fields[i] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

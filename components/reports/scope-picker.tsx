"use client";

import { useQueryStates } from "nuqs";
import { reportParsers } from "@/lib/dashboard/url-state";
import type { ReportMachine } from "@/lib/dashboard/report";

/** Whose report: the plant, one area, or a list of machines (URL: area, machine_id comma-separated). */
export function ScopePicker({ machines }: { machines: ReportMachine[] }) {
  const [q, setQ] = useQueryStates({ machine_id: reportParsers.machine_id, area: reportParsers.area }, { history: "push" });
  const areas = [...new Set(machines.map((m) => m.area).filter((a): a is string => Boolean(a)))].sort();
  const kind = q.machine_id.length > 0 ? "machines" : q.area ? "area" : "plant";
  const toggle = (id: string, on: boolean) => void setQ({ machine_id: on ? [...q.machine_id, id] : q.machine_id.filter((x) => x !== id), area: null });
  return (
    <fieldset className="min-w-0 text-sm">
      <legend className="text-xs text-slate-500">Machines or area</legend>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1">
          <input type="radio" name="scope" checked={kind === "plant"} onChange={() => void setQ({ machine_id: null, area: null })} /> Whole plant
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="scope" checked={kind === "area"} onChange={() => void setQ({ machine_id: null, area: areas[0] ?? null })} disabled={areas.length === 0} /> Area
        </label>
        <select aria-label="Area" className="rounded border border-slate-300 px-2 py-1" value={q.area ?? ""} onChange={(e) => void setQ({ area: e.target.value || null, machine_id: null })}>
          <option value="">(choose)</option>
          {areas.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <details className="mt-1" open={kind === "machines"}>
        <summary className="cursor-pointer text-sky-800">Machines ({q.machine_id.length} chosen)</summary>
        <ul className="mt-1 grid grid-cols-1 gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
          {machines.map((m) => (
            <li key={m.id}>
              <label className="flex items-center gap-1">
                <input type="checkbox" checked={q.machine_id.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
                {m.name}
                {m.is_active ? "" : " (inactive)"}
              </label>
            </li>
          ))}
        </ul>
      </details>
    </fieldset>
  );
}

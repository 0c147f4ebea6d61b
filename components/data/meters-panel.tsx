"use client";

import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { useCan } from "@/components/auth/principal-context";
import type { MachineSettings } from "@/lib/api-client/import";
import { formatCalendarDate } from "@/lib/time/plant-time";
import { formatPlantTime } from "./format";
import { MachineForm } from "./machine-form";

export interface MeterRow {
  machine: MachineSettings;
  last_reading: { time: string; end: string } | null;
  days: { date: string; coverage: number | null }[];
}

const pct = (c: number | null) => (c === null ? "no readings" : `${Math.round(c * 100)} %`);

function coverageClass(c: number | null): string {
  if (c === null || c === 0) return "bg-slate-200";
  if (c >= 0.9) return "bg-[#009E73]";
  if (c >= 0.5) return "bg-[#E69F00]";
  return "bg-[#D55E00]";
}

/** Per meter: its settings, its last reading and the coverage of each recent day; add or edit machines. */
export function MetersPanel({ rows, timeZone, types }: { rows: MeterRow[]; timeZone: string; types: readonly string[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  // Registering and editing machines needs `operate`; viewers see the table only.
  const canEdit = useCan("operate");
  const days = rows[0]?.days ?? [];
  return (
    <div className="space-y-3">
      {!canEdit ? null : editing === "new" ? (
        <MachineForm types={types} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" onClick={() => setEditing("new")} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700">
          Add a machine
        </button>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No machines yet">Add a machine above, then import its meter data with the form on this page.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="meters-table">
            <caption className="sr-only">Meters: settings, last reading and coverage of the last {days.length} days ({timeZone})</caption>
            <thead className="text-slate-600">
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-2 font-medium">Machine</th>
                <th scope="col" className="py-1 pr-2 font-medium">Meter</th>
                <th scope="col" className="py-1 pr-2 font-medium">Last reading ends ({timeZone})</th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Coverage, {days[0] ? formatCalendarDate(days[0].date) : ""} – {days.at(-1) ? formatCalendarDate(days.at(-1)!.date) : ""}
                </th>
                <th scope="col" className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.machine.id} className="border-b border-slate-100 align-top">
                  {editing === r.machine.id ? (
                    <td colSpan={5} className="py-2">
                      <MachineForm machine={r.machine} types={types} onDone={() => setEditing(null)} />
                    </td>
                  ) : (
                    <>
                      <td className="py-1.5 pr-2">
                        <span className="font-medium">{r.machine.name}</span>
                        {r.machine.is_active ? null : <span className="ml-1 text-xs text-slate-500">(inactive)</span>}
                        <span className="block text-xs text-slate-500">{r.machine.type.replaceAll("_", " ")}{r.machine.area ? ` · ${r.machine.area}` : ""}</span>
                      </td>
                      <td className="py-1.5 pr-2 text-xs text-slate-700">
                        {r.machine.sample_interval ?? "interval inferred"} · stamps {r.machine.timestamp_position}
                        {r.machine.rated_power_kw !== null ? ` · ${r.machine.rated_power_kw.toLocaleString("en-GB")} kW rated` : ""}
                      </td>
                      <td className="py-1.5 pr-2 tabular-nums" data-testid="last-reading">
                        {r.last_reading ? formatPlantTime(r.last_reading.end, timeZone) : <span className="text-slate-500">no readings yet: import some above</span>}
                      </td>
                      <td className="py-1.5 pr-2">
                        <ul className="flex gap-0.5" aria-label={`Coverage of ${r.machine.name} per day`}>
                          {r.days.map((d, i) => (
                            <li key={d.date} title={`${formatCalendarDate(d.date, true)}: ${pct(d.coverage)}${i === r.days.length - 1 ? " (today, still filling)" : ""}`} className={`h-5 w-4 rounded-sm ${coverageClass(d.coverage)} ${i === r.days.length - 1 ? "opacity-60" : ""}`}>
                              <span className="sr-only">
                                {formatCalendarDate(d.date, true)}: {pct(d.coverage)}
                                {i === r.days.length - 1 ? " (today, still filling)" : ""}
                              </span>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="py-1.5 text-right">
                        {canEdit ? (
                        <button type="button" onClick={() => setEditing(r.machine.id)} aria-label={`Edit ${r.machine.name} and its meter settings`} className="rounded px-2 py-1 text-sky-800 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700">
                          Edit
                        </button>
                        ) : null}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600">
            Coverage: share of each plant day the readings cover — <span className="inline-block h-2 w-2 bg-[#009E73]" /> ≥ 90 %, <span className="inline-block h-2 w-2 bg-[#E69F00]" /> 50–90 %, <span className="inline-block h-2 w-2 bg-[#D55E00]" /> under 50 %, <span className="inline-block h-2 w-2 bg-slate-200" /> none.
          </p>
        </div>
      )}
    </div>
  );
}

"use client";

import { useQueries } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useEffect, useMemo, useState } from "react";
import { CategoryBarChart } from "@/components/charts/category-bar-chart";
import { ProfileChart } from "@/components/charts/profile-chart";
import { PeriodPicker } from "@/components/dashboard/period-picker";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { MachineSelect } from "@/components/ui/machine-select";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api-client/fetch-json";
import { kpiSummaryQuery } from "@/lib/api-client/kpi";
import { seriesQuery } from "@/lib/api-client/series";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { MAX_MACHINES, cleanCompareIds, compareColumns } from "@/lib/dashboard/compare";
import { REPORT_DAYS, seriesColours } from "@/lib/dashboard/defaults";
import { fmt, fmtFixed } from "@/lib/dashboard/format";
import { previousPeriod, resolvePeriod } from "@/lib/dashboard/period";
import { hourOfDayProfile, profileRows } from "@/lib/dashboard/profile";
import { tooLongOf, tooLongSentence } from "@/lib/dashboard/too-long";
import { compareParsers } from "@/lib/dashboard/url-state";
import { fromDateInput, addPlantDays, plantDateInput, toPlantIso } from "@/lib/time/plant-time";

const input = "rounded border border-slate-300 px-2 py-1";

/** Two to six machines over one period, or one machine over two periods, side by side. */
export function CompareView({ machines, timeZone }: { machines: { id: string; name: string }[]; timeZone: string }) {
  const [q, setQ] = useQueryStates(compareParsers, { history: "push" });
  // A link with repeated, unknown or too many machine ids is cleaned in the URL (replacing the
  // entry, so Back does not return to it) and the page says what was dropped.
  const [linkNote, setLinkNote] = useState<string | null>(null);
  const cleaned = cleanCompareIds(q.mode, q.machine_id, machines);
  const dirty = cleaned.note !== null;
  useEffect(() => {
    if (!dirty) return;
    setLinkNote(cleaned.note);
    void setQ({ machine_id: cleaned.ids.length ? cleaned.ids : null }, { history: "replace" });
  }, [dirty, cleaned.note, cleaned.ids, setQ]);
  const { columns, problem } = compareColumns(q, machines, REPORT_DAYS, timeZone);
  const summaries = useQueries({ queries: columns.map((c) => kpiSummaryQuery({ machine_id: c.machineId, start_date: toPlantIso(c.period.from, timeZone), end_date: toPlantIso(c.period.to, timeZone) })) });
  const hourly = useQueries({ queries: columns.map((c) => seriesQuery({ machineId: c.machineId, metrics: ["energy"], from: toPlantIso(c.period.from, timeZone), to: toPlantIso(c.period.to, timeZone), bucket: "hourly" })) });
  // The energy table needs every summary; a load profile that cannot be read (a billed machine's
  // readings are longer than an hour) leaves out that column and says why, not the comparison.
  const error = summaries.find((r) => r.isError)?.error;
  const loading = [...summaries, ...hourly].some((r) => !r.data && !r.isError);
  const profileProblems = columns.flatMap((c, i) => {
    const e = hourly[i]?.error;
    if (!e) return [];
    const t = e instanceof ApiError ? tooLongOf(e.body) : null;
    return [{ key: c.key, text: t ? `No load profile: ${tooLongSentence(c.label, t, timeZone, "a load profile needs readings of an hour or shorter")}` : `No load profile for ${c.label}: ${e.message}` }];
  });
  const colours = columns.map((_, i) => seriesColours[i % seriesColours.length]!);
  const profiles = useMemo(
    () =>
      profileRows(
        columns.map((c, i) => ({
          key: c.key,
          profile: hourOfDayProfile((hourly[i]?.data?.points ?? []).map((p) => ({ time: String(p.time), kwh: typeof p.total_energy_kwh === "number" ? p.total_energy_kwh : null })), timeZone),
        })),
      ),
    [columns, hourly, timeZone],
  );
  const table = columns.map((c, i) => ({ c, s: summaries[i]?.data }));
  const a = resolvePeriod(q.start_date, q.end_date, REPORT_DAYS, timeZone);
  const b = q.compare_start_date && q.compare_end_date ? resolvePeriod(q.compare_start_date, q.compare_end_date, REPORT_DAYS, timeZone) : previousPeriod(a, timeZone);
  const fileBase = columns.map((c) => c.label).join("_vs_");
  const toggle = (id: string, on: boolean) => {
    setLinkNote(null);
    void setQ({ machine_id: on ? [...q.machine_id, id] : q.machine_id.filter((x) => x !== id) });
  };

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="text-xs text-slate-500">Compare</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="mode" checked={q.mode === "machines"} onChange={() => void setQ({ mode: "machines" })} /> 2–6 machines over one period
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="mode" checked={q.mode === "periods"} onChange={() => void setQ({ mode: "periods", machine_id: q.machine_id.slice(0, 1) })} /> one machine over two periods
          </label>
        </fieldset>
        {linkNote ? (
          <p role="status" className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="compare-link-note">
            {linkNote}
          </p>
        ) : null}
        <PeriodPicker timeZone={timeZone} shallow label={q.mode === "periods" ? "First period" : "Period"} />
        {q.mode === "machines" ? (
          <fieldset className="text-sm">
            <legend className="text-xs text-slate-500">Machines ({q.machine_id.length} of at most {MAX_MACHINES})</legend>
            <ul className="grid grid-cols-1 gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
              {machines.map((m) => (
                <li key={m.id}>
                  <label className="flex items-center gap-1">
                    <input type="checkbox" checked={q.machine_id.includes(m.id)} disabled={!q.machine_id.includes(m.id) && q.machine_id.length >= MAX_MACHINES} onChange={(e) => toggle(m.id, e.target.checked)} />
                    {m.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : (
          <div className="flex flex-wrap items-end gap-4 text-sm">
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Machine</span>
              <MachineSelect machines={machines} placeholder="(choose)" aria-label="Machine" className={input} value={q.machine_id[0] ?? ""} onChange={(id) => void setQ({ machine_id: id ? [id] : null })} />
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Second period from (plant date)</span>
              <input type="date" className={input} value={plantDateInput(b.from, timeZone)} onChange={(e) => {
                const f = fromDateInput(e.target.value, timeZone);
                if (f !== null && f < b.to) void setQ({ compare_start_date: toPlantIso(f, timeZone), compare_end_date: toPlantIso(b.to, timeZone) });
              }} />
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Second period to (inclusive)</span>
              <input type="date" className={input} value={plantDateInput(b.to - 1, timeZone)} onChange={(e) => {
                const t = fromDateInput(e.target.value, timeZone);
                if (t !== null && addPlantDays(t, 1, timeZone) > b.from) void setQ({ compare_start_date: toPlantIso(b.from, timeZone), compare_end_date: toPlantIso(addPlantDays(t, 1, timeZone), timeZone) });
              }} />
            </label>
          </div>
        )}
      </div>
      {columns.length === 0 ? (
        <EmptyState title={problem ?? "Nothing to compare"}>Tick machines above; the choice is kept in the URL, so the comparison can be shared.</EmptyState>
      ) : error ? (
        <ErrorBox error={error} action="Could not load the comparison" />
      ) : loading ? (
        <Skeleton className="h-96" label="Loading the comparison" />
      ) : (
        <>
          {problem ? <p className="text-sm text-amber-800">{problem}</p> : null}
          <Card
            title="Energy and specific energy"
            testId="compare-table"
            actions={
              <CsvDownload
                label="comparison"
                fileName={csvFileName(fileBase, "comparison")}
                getCsv={() =>
                  buildCsv(
                    [
                      { header: "machine and period", value: (r: (typeof table)[number]) => r.c.label },
                      { header: `start (${timeZone})`, value: (r) => toPlantIso(r.c.period.from, timeZone) },
                      { header: `end (${timeZone})`, value: (r) => toPlantIso(r.c.period.to, timeZone) },
                      { header: "energy (kWh)", value: (r) => r.s?.total_energy_kwh },
                      { header: "production (units)", value: (r) => r.s?.total_production_count },
                      { header: "SEC (kWh per unit)", value: (r) => r.s?.sec_kwh_per_unit },
                      { header: "peak demand (kW)", value: (r) => r.s?.peak_demand_kw },
                      { header: "coverage (fraction)", value: (r) => r.s?.coverage },
                    ],
                    table,
                  )
                }
              />
            }
          >
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="text-xs text-slate-600">
                    <th scope="col">Machine and period</th>
                    <th scope="col" className="text-right">energy (kWh)</th>
                    <th scope="col" className="text-right">production (units)</th>
                    <th scope="col" className="text-right">SEC (kWh per unit)</th>
                    <th scope="col" className="text-right">peak (kW)</th>
                    <th scope="col" className="text-right">coverage (%)</th>
                  </tr>
                </thead>
                <tbody>
                  {table.map(({ c, s }, i) => (
                    <tr key={c.key} className="border-t border-slate-100" data-testid="compare-row" data-machine-id={c.machineId}>
                      <th scope="row" className="py-1 font-normal">
                        <span aria-hidden="true" className="mr-1 inline-block h-3 w-3 rounded-sm align-middle" style={{ background: colours[i] }} />
                        {c.label}
                      </th>
                      <td className="text-right tabular-nums" data-testid="compare-energy" data-value={s?.total_energy_kwh ?? ""}>{fmt(s?.total_energy_kwh, 0)}</td>
                      <td className="text-right tabular-nums">{fmt(s?.total_production_count, 0)}</td>
                      <td className="text-right tabular-nums">{fmtFixed(s?.sec_kwh_per_unit, 3)}</td>
                      <td className="text-right tabular-nums" data-testid="compare-peak">{fmtFixed(s?.peak_demand_kw, 1)}</td>
                      <td className="text-right tabular-nums">{s ? (100 * s.coverage).toFixed(1) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="mt-3 grid min-w-0 gap-4 md:grid-cols-2">
              <figure className="min-w-0">
                <figcaption className="text-xs text-slate-600">Energy (kWh)</figcaption>
                <CategoryBarChart data={table.map(({ c, s }, i) => ({ name: c.label, value: s?.total_energy_kwh ?? null, colour: colours[i]! }))} unit="kWh" label="Energy (kWh) by machine and period" />
              </figure>
              <figure className="min-w-0">
                <figcaption className="text-xs text-slate-600">Specific energy (kWh per unit; none where nothing was counted)</figcaption>
                <CategoryBarChart data={table.map(({ c, s }, i) => ({ name: c.label, value: s?.sec_kwh_per_unit ?? null, colour: colours[i]! }))} unit="kWh per unit" digits={3} label="Specific energy (kWh per unit) by machine and period" />
              </figure>
            </div>
            <p className="mt-1 text-xs text-slate-500">CSV: full precision (data).</p>
          </Card>
          <Card
            title={`Load profile: mean kWh per hour of day (${timeZone})`}
            testId="compare-profile"
            actions={
              <CsvDownload
                label="load profiles"
                fileName={csvFileName(fileBase, "load-profile")}
                getCsv={() => buildCsv([{ header: `hour of day (${timeZone})`, value: (r: (typeof profiles)[number]) => r.hour }, ...columns.map((c) => ({ header: `${c.label} (kWh per hour)`, value: (r: (typeof profiles)[number]) => r[c.key] }))], profiles)}
              />
            }
          >
            <div className="min-w-0" data-testid="profile-chart">
              <ProfileChart data={profiles} series={columns.flatMap((c, i) => (hourly[i]?.isError ? [] : [{ c, i }])).map(({ c, i }) => ({ key: c.key, name: c.label, colour: colours[i]!, dash: i % 2 ? "5 3" : undefined }))} timeZone={timeZone} label={`Load profile: mean kWh per hour of day (${timeZone})`} />
            </div>
            {profileProblems.length > 0 ? (
              <ul className="mt-2 list-disc pl-4 text-xs text-amber-900" data-testid="compare-profile-absent">
                {profileProblems.map((p) => (
                  <li key={p.key}>{p.text}</li>
                ))}
              </ul>
            ) : null}
            <p className="mt-1 text-xs text-slate-500">Each hour averaged over the days with readings in it. CSV: full precision (data).</p>
          </Card>
        </>
      )}
    </div>
  );
}

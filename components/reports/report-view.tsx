"use client";

import { useQueries } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useEffect, useMemo, useState } from "react";
import Link from "next/link";
import { canonicalGranularity, nominalMs } from "@/lib/timeseries/granularity";
import { UnitBarChart } from "@/components/charts/unit-bar-chart";
import { GranularitySelect } from "@/components/dashboard/granularity-select";
import { PeriodPicker } from "@/components/dashboard/period-picker";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { kpiSeriesQuery, kpiSummaryQuery } from "@/lib/api-client/kpi";
import { REPORT_DAYS, palette, seriesColours } from "@/lib/dashboard/defaults";
import { resolvePeriod } from "@/lib/dashboard/period";
import { bucketRows, reportScope, type ReportMachine } from "@/lib/dashboard/report";
import { reportParsers } from "@/lib/dashboard/url-state";
import { formatPlantRange, plantDateInput, toPlantIso } from "@/lib/time/plant-time";
import { BucketTable, KpiByMachineTable, printTime, type SummaryRow } from "./report-tables";
import { ScopePicker } from "./scope-picker";

/** The report: period, scope and granularity from the URL; KPI tables with CSVs and a chart; print-ready. */
export function ReportView({ machines, timeZone, plantName }: { machines: ReportMachine[]; timeZone: string; plantName: string }) {
  const [q] = useQueryStates(reportParsers);
  const period = resolvePeriod(q.start_date, q.end_date, REPORT_DAYS, timeZone);
  const dates = { start_date: toPlantIso(period.from, timeZone), end_date: toPlantIso(period.to, timeZone) };
  const scope = reportScope(machines, q.machine_id, q.area);
  const [generatedAt, setGeneratedAt] = useState<number | null>(null);

  const perMachine = useQueries({ queries: scope.machines.map((m) => kpiSummaryQuery({ machine_id: m.id, ...dates })) });
  const totalQueries = scope.kind === "machines" ? [] : [kpiSummaryQuery({ ...scope.units[0]!.params, ...dates })];
  const total = useQueries({ queries: totalQueries });
  const series = useQueries({
    queries: scope.units.flatMap((u) => (["sec", "cost", "carbon"] as const).map((k) => kpiSeriesQuery(k, { ...u.params, ...dates, granularity: q.granularity }))),
  });
  // The per-bucket series fail on their own (a period holding no whole bucket of the granularity):
  // the summary table still shows, the buckets' place says why.
  const summaries = [...perMachine, ...total];
  const error = summaries.find((r) => r.isError)?.error;
  const seriesError = series.find((r) => r.isError)?.error;
  const loading = summaries.some((r) => !r.data && !r.isError) || (!seriesError && series.some((r) => !r.data));
  useEffect(() => {
    if (!loading) setGeneratedAt(Date.now());
  }, [loading, q.start_date, q.end_date, q.granularity, q.area, q.machine_id]);

  const summaryRows = useMemo<SummaryRow[]>(() => {
    const rows: SummaryRow[] = [];
    scope.machines.forEach((m, i) => {
      const s = perMachine[i]?.data;
      if (s) rows.push({ label: m.name, area: m.area, s });
    });
    const t = total[0]?.data;
    if (t) rows.push({ label: `${scope.units[0]!.label} (total; peak coincident)`, area: q.area, s: t });
    return rows;
  }, [scope, perMachine, total, q.area]);

  const buckets = useMemo(
    () =>
      series.every((s) => s.data)
        ? bucketRows(scope.units.map((u, i) => ({ label: u.label, sec: series[3 * i]!.data!.series, cost: series[3 * i + 1]!.data!.series, carbon: series[3 * i + 2]!.data!.series })))
        : [],
    [series, scope.units],
  );
  const currency = summaryRows.find((r) => r.s.currency)?.s.currency ?? null;
  const chart = useMemo(() => {
    const byTime = new Map<number, { t: number } & Record<string, number | null>>();
    for (const r of buckets) {
      const t = Date.parse(r.time);
      const row = byTime.get(t) ?? { t };
      row[r.unit] = r.energy_kwh;
      byTime.set(t, row);
    }
    return [...byTime.values()].sort((a, b) => a.t - b.t);
  }, [buckets]);
  const periodText = formatPlantRange(period.from, period.to, timeZone);
  const fileParts = [scope.kind === "machines" ? scope.units.map((u) => u.label).join("+") : scope.units[0]!.label, `${plantDateInput(period.from, timeZone)}_${plantDateInput(period.to - 1, timeZone)}`];

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <header className="hidden print:block" data-testid="print-header">
        <p className="text-lg font-semibold">
          {plantName}: energy report, {scope.kind === "plant" ? "whole plant" : scope.units.map((u) => u.label).join(", ")}
        </p>
        <p>
          Period {periodText} · {q.granularity} buckets · time zone {timeZone}
        </p>
        <p>Generated {generatedAt === null ? "…" : printTime(generatedAt, timeZone)}</p>
      </header>
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden">
        <PeriodPicker timeZone={timeZone} shallow>
          <GranularitySelect shallow allowAuto={false} />
        </PeriodPicker>
        <ScopePicker machines={machines} />
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <button type="button" onClick={() => window.print()} className="rounded bg-sky-800 px-3 py-1.5 text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700">
            Print or save as PDF
          </button>
          <span className="text-slate-600">The printout is an A4 report with the plant, period, time zone and generation time.</span>
        </div>
      </div>
      <p className="text-sm text-slate-700 print:hidden" data-testid="report-summary">
        {periodText} ({timeZone}) · {scope.kind === "plant" ? "whole plant" : scope.kind === "area" ? scope.units[0]!.label : scope.units.length === 1 ? "1 machine" : `${scope.units.length} machines`} · {q.granularity}
      </p>
      {error ? (
        <ErrorBox error={error} action="Could not compute the report" />
      ) : loading ? (
        <Skeleton className="h-96" label="Computing the report" />
      ) : scope.machines.length === 0 ? (
        <EmptyState title="No machines in this scope">
          Choose other machines or an area, or <Link className="text-sky-800 underline" href="/data">add machines on the data page</Link>.
        </EmptyState>
      ) : (
        <>
          <Card title={`Energy per ${q.granularity} bucket (kWh)`} testId="report-chart" className="break-inside-avoid-page">
            {seriesError ? (
              <ErrorBox error={seriesError} action={`Could not compute the ${q.granularity} buckets; the totals below cover the whole period`} />
            ) : chart.length === 0 ? (
              <EmptyState title="No whole buckets with readings in this period">Widen the period or choose a finer granularity.</EmptyState>
            ) : (
              <UnitBarChart data={chart} series={scope.units.map((u, i) => ({ key: u.label, name: u.label, colour: seriesColours[i % seriesColours.length] ?? palette.grey }))} from={period.from} to={period.to} timeZone={timeZone} bucketMs={nominalMs[canonicalGranularity(q.granularity) ?? "daily"]} label={`Energy per ${q.granularity} bucket (kWh)`} />
            )}
          </Card>
          <KpiByMachineTable rows={summaryRows} currency={currency} timeZone={timeZone} fileParts={fileParts} />
          {seriesError ? null : <BucketTable rows={buckets} granularity={q.granularity} currency={currency} timeZone={timeZone} fileParts={fileParts} />}
          {summaryRows.some((r) => r.s.warnings.length) ? (
            <Card title="Notes on the data">
              <ul className="list-disc pl-5 text-xs text-slate-700">
                {summaryRows.flatMap((r) => r.s.warnings.map((w) => <li key={`${r.label}-${w}`}>{r.label}: {w}</li>))}
              </ul>
            </Card>
          ) : null}
        </>
      )}
    </div>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { PlantDateRange } from "@/components/ui/plant-date-range";
import { useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { num, plantTimeAxis } from "@/components/charts/time-axis";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { deviationQuery, type BaselineModel } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { stretch, type DeviationBucket } from "@/lib/dashboard/cusum";
import { palette } from "@/lib/dashboard/defaults";
import { fmt, axisTick } from "@/lib/dashboard/format";
import { addPlantDays, formatPlantDate, formatPlantDateTime, fromDateInput, plantDateInput, startOfPlantDay, toPlantIso } from "@/lib/time/plant-time";
import { Figure } from "@/components/ui/figure";
import { chartA11y } from "@/components/charts/a11y";

const kwh = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${fmt(v, 0)} kWh`);

// Savings are expected − actual (positive: less energy than the baseline expects).

/**
 * A stored version against a reporting period: actual and expected energy, savings with their
 * 90 % uncertainty (ASHRAE Guideline 14), the buckets that could not be used, and the CUSUM of the
 * deviations. Dragging across the CUSUM (or choosing two dates) selects a stretch: when its
 * performance changed, what it saved or cost, and a button to train a new baseline on it.
 */
export function ReportingPeriod({ model, timeZone, fileStem, onNewBaseline, reporting, onReportingChange }: {
  model: BaselineModel;
  timeZone: string;
  fileStem: string;
  onNewBaseline: (from: number, to: number) => void;
  reporting: { from: number; to: number } | null;
  onReportingChange: (from: number, to: number) => void;
}) {
  // By default the whole days after training (as long as the training window, up to today); a
  // model trained up to today has none yet, so its own window is shown (the API flags it in-sample).
  const trainedFrom = Date.parse(model.training_start_date);
  const trainedTo = Date.parse(model.training_end_date);
  const today = startOfPlantDay(Date.now(), timeZone);
  const after = { from: trainedTo, to: Math.min(trainedTo + (trainedTo - trainedFrom), today) };
  const period = reporting ?? (after.to > after.from ? after : { from: trainedFrom, to: trainedTo });
  const deviation = useQuery(deviationQuery(model.model_id ?? "", toPlantIso(period.from, timeZone), toPlantIso(period.to, timeZone)));
  const buckets = useMemo<(DeviationBucket & { cusum: number })[]>(() => {
    let s = 0;
    return (deviation.data?.buckets ?? []).map((b) => ({ t: Date.parse(b.time), actual: b.actual, expected: b.expected, deviation: b.deviation, cusum: (s += b.deviation) }));
  }, [deviation.data]);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [selected, setSelected] = useState<{ a: number; b: number } | null>(null);
  const indexOf = (t: number) => {
    let best = 0;
    for (let i = 0; i < buckets.length; i++) if (Math.abs(buckets[i]!.t - t) < Math.abs(buckets[best]!.t - t)) best = i;
    return best;
  };
  const chosen = selected && buckets.length > 0 ? stretch(buckets, selected.a, selected.b) : null;
  const step = buckets.length > 1 ? buckets[1]!.t - buckets[0]!.t : 3_600_000;
  const totals = deviation.data?.totals;
  // The band under the pointer while dragging, else the chosen stretch.
  const shade: [number, number] | null = drag ? [Math.min(drag.a, drag.b), Math.max(drag.a, drag.b)] : chosen ? [chosen.first, chosen.last] : null;
  const t0 = buckets[0]?.t ?? period.from;
  const t1 = buckets.at(-1)?.t ?? period.to;
  const setStretchDate = (which: "a" | "b", value: string) => {
    const ms = fromDateInput(value, timeZone);
    if (ms === null || buckets.length === 0) return;
    const i = indexOf(which === "b" ? addPlantDays(ms, 1, timeZone) - step : ms);
    setSelected((s) => (which === "a" ? { a: i, b: s?.b ?? buckets.length - 1 } : { a: s?.a ?? 0, b: i }));
  };

  return (
    <Card
      title={`Reporting period: version ${model.model_version ?? ""}`}
      testId="reporting-period"
      actions={
        <CsvDownload
          label="deviation per bucket"
          fileName={csvFileName(fileStem, "deviation")}
          disabled={buckets.length === 0}
          getCsv={() =>
            buildCsv(
              [
                { header: `bucket_start (${timeZone})`, value: (b: (typeof buckets)[number]) => toPlantIso(b.t, timeZone) },
                { header: "actual (kWh)", value: (b) => b.actual },
                { header: "expected (kWh)", value: (b) => b.expected },
                { header: "deviation (kWh)", value: (b) => b.deviation },
                { header: "cusum (kWh)", value: (b) => b.cusum },
              ],
              buckets,
            )
          }
        />
      }
    >
      <form className="mb-3 flex flex-wrap items-end gap-3 text-sm" aria-label="Reporting period" onSubmit={(e) => e.preventDefault()}>
        <PlantDateRange from={period.from} to={period.to} timeZone={timeZone} onChange={onReportingChange} fromLabel="Reporting from (plant date)" toLabel="To (inclusive)" />
      </form>
      {deviation.isError ? (
        <ErrorBox error={deviation.error} action="Could not compare this version with the reporting period" />
      ) : !deviation.data ? (
        <Skeleton className="h-48" label="Computing the deviation" />
      ) : (
        <div className="flex min-w-0 flex-col gap-3">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Figure label="Actual" value={kwh(totals?.actual_kwh)} testId="period-actual" />
            <Figure label="Expected (baseline)" value={kwh(totals?.expected_kwh)} testId="period-expected" />
            <Figure
              label={`Savings (±${Math.round(100 * (totals?.savings_uncertainty_confidence ?? 0.9))} %)`}
              value={totals ? `${kwh(totals.savings_kwh)}${totals.savings_uncertainty_kwh !== null ? ` ± ${fmt(totals.savings_uncertainty_kwh, 0)}` : ""}` : "—"}
              testId="period-savings"
            />
            <Figure label="Savings share" value={totals?.savings_pct === null || totals?.savings_pct === undefined ? "—" : `${fmt(totals.savings_pct, 1)} %`} testId="period-savings-pct" />
          </dl>
          {(deviation.data.warnings ?? []).map((w) => (
            <p key={w} className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900" role="note">
              {w}
            </p>
          ))}
          <figure className="min-w-0" data-testid="cusum-chart">
            <figcaption className="mb-1 text-xs text-slate-600">CUSUM of actual − expected (kWh): rising = using more than the baseline expects. Drag across the chart to select a stretch.</figcaption>
            <ResponsiveContainer width="100%" height={240}>
              <LineChart
                {...chartA11y("CUSUM of actual − expected (kWh)", true)}
                data={buckets}
                margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
                onMouseDown={(e) => { if (typeof e?.activeLabel === "number") setDrag({ a: indexOf(e.activeLabel), b: indexOf(e.activeLabel) }); }}
                onMouseMove={(e) => { if (drag && typeof e?.activeLabel === "number") setDrag({ ...drag, b: indexOf(e.activeLabel) }); }}
                onMouseUp={() => { if (drag) setSelected(drag.a === drag.b ? null : drag); setDrag(null); }}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis {...plantTimeAxis(t0, t1 + step, timeZone, 6)} />
                <YAxis width={64} fontSize={11} tickFormatter={axisTick} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
                <Tooltip separator=": " labelFormatter={(t) => (typeof t === "number" ? formatPlantDateTime(t, timeZone) : "")} formatter={(v) => [`${num(v, 1)} kWh`, "CUSUM"]} />
                <ReferenceLine y={0} stroke={palette.grey} />
                {shade ? <ReferenceArea x1={buckets[shade[0]]!.t} x2={buckets[shade[1]]!.t} fill={palette.sky} fillOpacity={0.2} /> : null}
                {chosen?.change_at ? <ReferenceLine x={chosen.change_at} stroke={palette.vermillion} strokeDasharray="4 3" label={{ value: "change", fontSize: 11, position: "top" }} /> : null}
                <Line dataKey="cusum" name="CUSUM" stroke={palette.blue} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <form className="flex flex-wrap items-end gap-3 text-sm" aria-label="Stretch of the CUSUM" onSubmit={(e) => e.preventDefault()}>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Stretch from</span>
              <input type="date" className="rounded border border-slate-300 px-2 py-1" value={chosen ? plantDateInput(chosen.from, timeZone) : ""} onChange={(e) => setStretchDate("a", e.target.value)} />
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Stretch to (inclusive)</span>
              <input type="date" className="rounded border border-slate-300 px-2 py-1" value={chosen ? plantDateInput(chosen.to, timeZone) : ""} onChange={(e) => setStretchDate("b", e.target.value)} />
            </label>
            {chosen ? (
              <button type="button" className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50" onClick={() => setSelected(null)}>
                Clear
              </button>
            ) : null}
          </form>
          <div aria-live="polite" data-testid="stretch-summary" className="text-sm">
            {chosen ? (
              <div className="flex flex-col gap-2 rounded border border-sky-200 bg-sky-50 p-3">
                <p>
                  {formatPlantDateTime(chosen.from, timeZone)} to {formatPlantDateTime(chosen.to + step, timeZone)} ({chosen.buckets} {chosen.buckets === 1 ? "bucket" : "buckets"}):{" "}
                  <strong data-testid="stretch-savings">{chosen.savings_kwh >= 0 ? `saved ${fmt(chosen.savings_kwh, 0)} kWh` : `cost ${fmt(-chosen.savings_kwh, 0)} kWh more`}</strong> than the baseline expects ({fmt(chosen.actual_kwh, 0)} kWh actual, {fmt(chosen.expected_kwh, 0)} kWh expected).
                  {chosen.change_at ? ` Performance changed around ${formatPlantDateTime(chosen.change_at, timeZone)}.` : ""}
                </p>
                <div>
                  <button type="button" className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800" onClick={() => onNewBaseline(startOfPlantDay(chosen.change_at ?? chosen.from, timeZone), addPlantDays(startOfPlantDay(chosen.to, timeZone), 1, timeZone))}>
                    Start a new baseline from {formatPlantDate(chosen.change_at ?? chosen.from, timeZone)}
                  </button>
                </div>
              </div>
            ) : (
              <p className="text-xs text-slate-500">Select a stretch to see what it saved or cost and when performance changed.</p>
            )}
          </div>
          {(deviation.data.unused_buckets ?? []).length > 0 ? (
            <details className="text-xs">
              <summary className="cursor-pointer">{deviation.data.unused_buckets!.length} buckets could not be used</summary>
              <ul className="mt-1 max-h-40 overflow-auto pl-4">
                {deviation.data.unused_buckets!.map((u) => (
                  <li key={u.time}>
                    {formatPlantDateTime(Date.parse(u.time), timeZone)}: {u.reason.replaceAll("_", " ")} ({fmt(u.energy_kwh, 1)} kWh metered)
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      )}
    </Card>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { PlantDateRange } from "@/components/ui/plant-date-range";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useEffect, useMemo, useState } from "react";
import { EnergySeriesChart, type EnergySeriesRow } from "@/components/charts/energy-series-chart";
import { LoadHeatmap } from "@/components/charts/load-heatmap";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError, fetchText } from "@/lib/api-client/fetch-json";
import { seriesBuckets, seriesQuery, seriesUrl, type SeriesBucket, type SeriesRequest } from "@/lib/api-client/series";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { EXPLORER_DAYS } from "@/lib/dashboard/defaults";
import { loadProfileGrid } from "@/lib/dashboard/heatmap";
import { rangeParams, resolveRange } from "@/lib/dashboard/range";
import { tooLongOf, tooLongSentence } from "@/lib/dashboard/too-long";
import { addPlantDays, defaultRange, plantDateInput, toPlantIso } from "@/lib/time/plant-time";

// Nominal widths (a local day may last 23 or 25 hours; months 28–31 days): for the chart's spacing only.
const bucketMs: Record<string, number> = { "1min": 60_000, "15min": 900_000, hourly: 3_600_000, daily: 86_400_000, weekly: 7 * 86_400_000, monthly: 30.44 * 86_400_000 };
const bucketLabel: Record<string, string> = { auto: "auto", "1min": "1 min", "15min": "15 min", hourly: "1 hour", daily: "1 day", weekly: "1 week", monthly: "1 month" };
const HEATMAP_MAX_DAYS = 92;
const PRESETS = [1, 7, 30, 90];

const urlState = {
  start_date: parseAsString,
  end_date: parseAsString,
  granularity: parseAsStringLiteral(seriesBuckets).withDefault("auto"),
};

const asNumber = (v: unknown) => (typeof v === "number" ? v : null);

/** Energy time series with range selection, and the load profile, for one machine; the range lives in the URL. */
export function MachineExplorer({ machineId, machineName, timeZone }: { machineId: string; machineName: string; timeZone: string }) {
  const [q, setQ] = useQueryStates(urlState, { history: "push" });
  const range = resolveRange(q.start_date, q.end_date, EXPLORER_DAYS, timeZone);
  const setRange = (from: number, to: number) => void setQ(rangeParams(from, to, timeZone));
  const request: SeriesRequest = { machineId, metrics: ["energy", "production", "outdoor_temp"], from: toPlantIso(range.from, timeZone), to: toPlantIso(range.to, timeZone), bucket: q.granularity };
  const series = useQuery(seriesQuery(request));
  const rows = useMemo<EnergySeriesRow[]>(
    () =>
      (series.data?.points ?? []).map((p) => ({
        t: Date.parse(String(p.time)),
        energy: asNumber(p.total_energy_kwh),
        production: asNumber(p.total_production_count),
        temperature: asNumber(p.avg_outdoor_temp_c),
      })),
    [series.data],
  );
  const heatFrom = Math.max(range.from, addPlantDays(range.to, -HEATMAP_MAX_DAYS, timeZone));
  const heatRequest: SeriesRequest = { machineId, metrics: ["energy"], from: toPlantIso(heatFrom, timeZone), to: request.to, bucket: "hourly" };
  const heat = useQuery(seriesQuery(heatRequest));
  const grid = useMemo(() => loadProfileGrid((heat.data?.points ?? []).map((p) => ({ time: String(p.time), kwh: asNumber(p.total_energy_kwh) })), timeZone, Date.now()), [heat.data, timeZone]);
  const seriesTooLong = series.error instanceof ApiError ? tooLongOf(series.error.body) : null;
  const heatTooLong = heat.error instanceof ApiError ? tooLongOf(heat.error.body) : null;
  const period = `${plantDateInput(range.from, timeZone)}_${plantDateInput(range.to - 1, timeZone)}`;
  const shownBucket = series.data?.bucket;
  const stale = series.isPlaceholderData || series.isFetching;

  // A zoom by keyboard redraws the chart for the new range: its brush handle gets the focus back
  // (until the focus goes elsewhere), so the next arrow key zooms on.
  const [brushFocus, setBrushFocus] = useState<number | null>(null);
  useEffect(() => {
    const away = (e: FocusEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest('[data-testid="series-chart"] .recharts-brush-traveller')) setBrushFocus(null);
    };
    const pointer = () => setBrushFocus(null);
    document.addEventListener("focusin", away);
    document.addEventListener("pointerdown", pointer);
    return () => {
      document.removeEventListener("focusin", away);
      document.removeEventListener("pointerdown", pointer);
    };
  }, []);
  const zoomTo = (from: number, to: number) => {
    const handles = [...document.querySelectorAll('[data-testid="series-chart"] .recharts-brush-traveller')].sort((a, b) => a.getBoundingClientRect().x - b.getBoundingClientRect().x);
    const i = document.activeElement ? handles.indexOf(document.activeElement) : -1;
    setBrushFocus(i >= 0 ? i : null);
    setRange(from, to);
  };

  const zoomOut = () => {
    const span = range.to - range.from;
    setRange(range.from - span / 2, Math.min(range.to + span / 2, defaultRange(Date.now(), 1, timeZone).to));
  };

  return (
    <>
      <Card
        title="Energy, production and outdoor temperature"
        testId="series-card"
        actions={
          <CsvDownload label={`${machineName} series`} fileName={csvFileName(machineName, "series", shownBucket, period)} getCsv={() => fetchText(seriesUrl({ ...request, bucket: shownBucket ?? q.granularity }, "csv"))} disabled={!series.data} />
        }
      >
        <form className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Range and bucket width">
          <div role="group" aria-label="Quick ranges" className="flex flex-wrap gap-1">
            {PRESETS.map((d) => (
              <button key={d} type="button" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700" onClick={() => setRange(defaultRange(Date.now(), d, timeZone).from, defaultRange(Date.now(), d, timeZone).to)}>
                {d === 1 ? "Today" : `${d} days`}
              </button>
            ))}
            <button type="button" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700" onClick={zoomOut}>
              Zoom out
            </button>
          </div>
          <PlantDateRange from={range.from} to={range.to} timeZone={timeZone} onChange={setRange} />
          <label className="flex flex-col">
            <span className="text-xs text-slate-500">Bucket width</span>
            <select aria-label="Bucket width" className="rounded border border-slate-300 px-2 py-1" value={q.granularity} onChange={(e) => void setQ({ granularity: e.target.value as (typeof seriesBuckets)[number] })}>
              {seriesBuckets.map((b) => (
                <option key={b} value={b}>
                  {b === "auto" ? "auto (by range)" : bucketLabel[b]}
                </option>
              ))}
            </select>
          </label>
          <p className="text-xs text-slate-600" aria-live="polite">
            Buckets:{" "}
            <strong data-testid="bucket-width" data-bucket={shownBucket ?? ""}>
              {shownBucket ? bucketLabel[shownBucket] : "…"}
            </strong>
            {q.granularity === "auto" ? " (auto)" : ""} · {rows.length.toLocaleString("en-GB")} points{stale ? " · updating…" : ""}
          </p>
        </form>
        {seriesTooLong ? (
          <div role="status" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="series-too-long">
            <p>{tooLongSentence(machineName, seriesTooLong, timeZone)}</p>
            {seriesTooLong.supported.length > 0 ? (
              <div className="mt-2 flex flex-wrap gap-2">
                {seriesTooLong.supported.map((g) => (
                  <button key={g} type="button" className="rounded border border-amber-300 bg-white px-2 py-1 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-sky-700" onClick={() => void setQ({ granularity: g as SeriesBucket })}>
                    Show {bucketLabel[g] ?? g} buckets
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        ) : series.isError ? (
          <ErrorBox error={series.error} action="Could not load the series" />
        ) : !series.data ? (
          <Skeleton className="h-80" label="Loading the series" />
        ) : rows.length === 0 ? (
          <EmptyState title="No readings in this range">Pick an earlier range with the quick ranges or the dates above, or send readings to /api/v1/ingest/energy.</EmptyState>
        ) : (
          <div className={`min-w-0 ${stale ? "opacity-60" : ""}`} data-testid="series-chart">
            <EnergySeriesChart key={`${range.from}-${range.to}-${shownBucket}`} data={rows} from={range.from} to={range.to} bucketMs={bucketMs[shownBucket ?? "15min"]!} timeZone={timeZone} onRangeChange={zoomTo} focusHandle={brushFocus} label={`${machineName}: energy, production and outdoor temperature`} />
            <p className="mt-1 text-xs text-slate-500">Drag the handles of the bar below the chart to zoom in; the bucket width follows the range.</p>
          </div>
        )}
      </Card>
      <Card
        title={`Load profile: kWh by hour of day (${timeZone})`}
        testId="heatmap-card"
        actions={
          <CsvDownload
            label={`${machineName} load profile`}
            fileName={csvFileName(machineName, "load-profile", period)}
            disabled={grid.days.length === 0}
            getCsv={() => buildCsv([{ header: `date (${timeZone})`, value: (d: (typeof grid.days)[number]) => d.date }, ...Array.from({ length: 24 }, (_, h) => ({ header: `h${String(h).padStart(2, "0")} (kWh)`, value: (d: (typeof grid.days)[number]) => d.cells[h] }))], grid.days)}
          />
        }
      >
        {heatTooLong ? (
          <EmptyState title="No hourly load profile for this range">{tooLongSentence(machineName, heatTooLong, timeZone, "a load profile needs readings of an hour or shorter; pick a range without them")}</EmptyState>
        ) : heat.isError ? (
          <ErrorBox error={heat.error} action="Could not load the hourly energy" />
        ) : !heat.data ? (
          <Skeleton className="h-48" label="Loading the load profile" />
        ) : grid.days.length === 0 ? (
          <EmptyState title="No hourly energy in this range">Choose a range with readings.</EmptyState>
        ) : (
          <>
            {heatFrom > range.from ? <p className="mb-2 text-xs text-slate-500">The last {HEATMAP_MAX_DAYS} days of the range.</p> : null}
            <LoadHeatmap grid={grid} timeZone={timeZone} />
          </>
        )}
      </Card>
    </>
  );
}

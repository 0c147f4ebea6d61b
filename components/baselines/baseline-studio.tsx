"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlantDateRange } from "@/components/ui/plant-date-range";
import { parseAsArrayOf, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useDeferredValue, useMemo, useState } from "react";
import type { FitPoint } from "@/components/charts/fit-charts";
import { useCan } from "@/components/auth/principal-context";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { MachineSelect } from "@/components/ui/machine-select";
import { Skeleton } from "@/components/ui/skeleton";
import { baselineGranularities, modelTypeLabels, studioModelTypes, deviationQuery, driverCatalogueQuery, fitQuery, modelsQuery, screenQuery, suggestDrivers, trainModel, type FitRequest, type Suggestion } from "@/lib/api-client/baseline";
import type { Machine } from "@/lib/api-client/machines";
import { TRAINING_DAYS } from "@/lib/dashboard/defaults";
import { rangeParams, resolveRange } from "@/lib/dashboard/range";
import { useDebounced } from "@/lib/dashboard/use-debounced";
import { plantDateInput, toPlantIso } from "@/lib/time/plant-time";
import { DriverPicker } from "./driver-picker";
import { FitChartsCard } from "./fit-charts-card";
import { FitResults } from "./fit-results";
import { ReportingPeriod } from "./reporting-period";
import { SuggestionTable } from "./suggestion-table";
import { VersionHistory } from "./version-history";

const urlState = {
  machine_id: parseAsString,
  start_date: parseAsString,
  end_date: parseAsString,
  granularity: parseAsStringLiteral(baselineGranularities).withDefault("hourly"),
  drivers: parseAsArrayOf(parseAsString).withDefault([]),
  model_type: parseAsStringLiteral(studioModelTypes).withDefault("linear"),
  model_id: parseAsString,
  reporting_start_date: parseAsString,
  reporting_end_date: parseAsString,
};
const perBucket: Record<string, string> = { "15min": "kWh per 15 min", hourly: "kWh per hour", daily: "kWh per day", weekly: "kWh per week", monthly: "kWh per month" };
const NO_DRIVERS: { name: string; unit: string }[] = [];
const button = "rounded px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-50";

/** Choose machine, window, granularity and drivers; every change refits (not stored) until “Save as new version”. */
export function BaselineStudio({ machines, timeZone }: { machines: Machine[]; timeZone: string }) {
  const client = useQueryClient();
  const [q, setQ] = useQueryStates(urlState, { history: "push" });
  const machine = machines.find((m) => m.id === q.machine_id) ?? machines[0]!;
  const range = resolveRange(q.start_date, q.end_date, TRAINING_DAYS, timeZone);
  const catalogue = useQuery(driverCatalogueQuery());
  const candidates = useMemo(() => (catalogue.data?.drivers ?? []).filter((d) => d.name !== "hour_of_week"), [catalogue.data]);
  const order = (d: string) => candidates.findIndex((c) => c.name === d);
  const drivers = [...q.drivers].sort((a, b) => order(a) - order(b));
  const windowKey = { machine_id: machine.id, start_date: toPlantIso(range.from, timeZone), end_date: toPlantIso(range.to, timeZone), granularity: q.granularity };
  // Change-point models read outdoor temperature themselves (the API adds it); linear is the API's default.
  const request: FitRequest = q.model_type === "linear" ? { ...windowKey, drivers } : { ...windowKey, drivers, model_type: q.model_type };
  // Leading edge: one toggle refits at once; a burst of clicks within 350 ms refits once after it.
  const settled = JSON.parse(useDebounced(JSON.stringify(request), 350, true)) as FitRequest;
  const fit = useQuery(fitQuery(settled));
  // The screen refits the model once per candidate: it is asked only once the fit has answered, so
  // the two do not share the server's one thread (side by side, the fit's answer came up to a
  // second later on a year of hourly data). Until then the picker shows the previous screen, marked busy.
  const screen = useQuery({ ...screenQuery(settled), enabled: !fit.isFetching });
  const [suggestion, setSuggestion] = useState<{ key: string; data: Suggestion } | null>(null);
  const currentSuggestion = suggestion?.key === JSON.stringify(windowKey) ? suggestion.data : undefined;
  const suggest = useMutation({
    mutationFn: () => suggestDrivers(windowKey),
    onSuccess: (data) => {
      setSuggestion({ key: JSON.stringify(windowKey), data });
      void setQ({ drivers: data.suggested_drivers });
    },
  });
  // Viewers see the fit but cannot store it (the route refuses them too).
  const canTrain = useCan("operate");
  const save = useMutation({ mutationFn: () => trainModel(request), onSuccess: () => client.invalidateQueries({ queryKey: ["baseline", "models", machine.id] }) });
  const models = useQuery(modelsQuery(machine.id));
  const shown = q.model_id ? models.data?.find((m) => m.model_id === q.model_id) : undefined;
  const deviation = useQuery({ ...deviationQuery(shown?.model_id ?? "", shown?.training_start_date ?? "", shown?.training_end_date ?? ""), enabled: Boolean(shown) });
  const fileStem = `${machine.name}_${plantDateInput(range.from, timeZone)}_${plantDateInput(range.to - 1, timeZone)}_${q.granularity}`;

  // A new fit's statistics show at once; its charts (thousands of points) are built and rendered
  // after them, in a background render React can interrupt, and are marked stale meanwhile: the
  // points are derived from the deferred answers, so the urgent render does not build them.
  const deferredFit = useDeferredValue(fit.data);
  const deferredDeviation = useDeferredValue(deviation.data);
  const deferredShown = useDeferredValue(shown);
  const drawn = useMemo(() => {
    const points: FitPoint[] = deferredShown
      ? (deferredDeviation?.buckets ?? []).map((b) => ({ t: Date.parse(b.time), actual: b.actual, fitted: b.expected, residual: b.deviation }))
      : (deferredFit?.buckets ?? []).map((b) => ({ t: Date.parse(b.time), actual: b.actual, fitted: b.fitted, residual: b.residual, drivers: b.drivers }));
    return { points, drivers: deferredShown ? NO_DRIVERS : candidates.filter((c) => deferredFit?.drivers.includes(c.name)) };
  }, [deferredShown, deferredDeviation, deferredFit, candidates]);
  const points = drawn.points;
  const chartFrom = shown ? Date.parse(shown.training_start_date) : range.from;
  const chartTo = shown ? Date.parse(shown.training_end_date) : range.to;
  const toggle = (name: string) => void setQ({ drivers: q.drivers.includes(name) ? q.drivers.filter((d) => d !== name) : [...q.drivers, name] });
  const setRange = (from: number, to: number) => void setQ({ ...rangeParams(from, to, timeZone), model_id: null });
  const updating = fit.isFetching || JSON.stringify(settled) !== JSON.stringify(request);

  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,25rem)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-4">
        <Card title="Training data">
          <form className="flex flex-col gap-3 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Machine, training period and granularity">
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Machine</span>
              <MachineSelect machines={machines} aria-label="Machine" className="rounded border border-slate-300 px-2 py-1" value={machine.id} onChange={(id) => void setQ({ machine_id: id, model_id: null })} />
            </label>
            <div className="grid grid-cols-2 gap-2">
              <PlantDateRange from={range.from} to={range.to} timeZone={timeZone} onChange={setRange} toLabel="To (inclusive)" labelClassName="flex min-w-0 flex-col" inputClassName="min-w-0 rounded border border-slate-300 px-2 py-1" />
            </div>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Granularity</span>
              <select aria-label="Granularity" className="rounded border border-slate-300 px-2 py-1" value={q.granularity} onChange={(e) => void setQ({ granularity: e.target.value as (typeof baselineGranularities)[number], model_id: null })}>
                {baselineGranularities.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Model type</span>
              <select aria-label="Model type" className="rounded border border-slate-300 px-2 py-1" value={q.model_type} onChange={(e) => void setQ({ model_type: e.target.value as (typeof studioModelTypes)[number], model_id: null })}>
                {studioModelTypes.map((t) => (
                  <option key={t} value={t}>
                    {modelTypeLabels[t]}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex flex-wrap gap-2">
              <button type="button" className={`${button} border border-sky-700 text-sky-800 hover:bg-sky-50`} disabled={suggest.isPending} onClick={() => suggest.mutate()}>
                {suggest.isPending ? "Suggesting…" : "Suggest drivers"}
              </button>
              {canTrain ? (
                <button type="button" className={`${button} bg-sky-700 text-white hover:bg-sky-800`} disabled={drivers.length === 0 || save.isPending || !fit.data} onClick={() => save.mutate()}>
                  {save.isPending ? "Saving…" : "Save as new version"}
                </button>
              ) : null}
            </div>
            <div aria-live="polite" className="text-xs">
              {save.data ? <p className="text-emerald-800" data-testid="saved-message">Saved as version {save.data.model_version}{save.data.is_active ? " (active)" : ""}.</p> : null}
            </div>
            {suggest.isError ? <ErrorBox error={suggest.error} action="Could not suggest drivers" /> : null}
            {save.isError ? <ErrorBox error={save.error} action="Could not save the version" /> : null}
          </form>
        </Card>
        <Card title="Drivers">
          {catalogue.isError ? <ErrorBox error={catalogue.error} action="Could not load the driver catalogue" /> : !catalogue.data ? <Skeleton className="h-64" label="Loading drivers" /> : <DriverPicker drivers={candidates} selected={q.drivers} screen={screen.data} updating={screen.isFetching || screen.isPlaceholderData || updating} onToggle={toggle} />}
          <p className="mt-2 text-xs text-slate-500">hour_of_week (time-of-week models) is not offered here: the studio fits linear models.</p>
        </Card>
      </div>
      <div className="flex min-w-0 flex-col gap-4">
        {drivers.length === 0 ? (
          <EmptyState title="No drivers chosen">Tick the drivers that explain this machine’s energy, or press “Suggest drivers”.</EmptyState>
        ) : fit.isError && !updating ? (
          <ErrorBox error={fit.error} action="This selection cannot be fitted" />
        ) : !fit.data ? (
          <Skeleton className="h-48" label="Fitting" />
        ) : (
          <FitResults fit={fit.data} drivers={candidates} fileStem={fileStem} updating={updating} timeZone={timeZone} />
        )}
        {currentSuggestion ? <SuggestionTable suggestion={currentSuggestion} fileStem={fileStem} /> : null}
        {shown && deviation.isError ? <ErrorBox error={deviation.error} action={`Could not compute version ${shown.model_version}'s deviation`} /> : null}
        {points.length > 0 ? (
          <FitChartsCard
            title={shown ? `Version ${shown.model_version} over its training window` : "Current fit"}
            points={points}
            from={chartFrom}
            to={chartTo}
            timeZone={timeZone}
            granularity={baselineGranularities.find((g) => g === (shown?.granularity ?? q.granularity)) ?? "hourly"}
            unit={perBucket[shown?.granularity ?? q.granularity] ?? "kWh"}
            fileStem={shown ? `${machine.name}_v${shown.model_version}` : fileStem}
            drivers={drawn.drivers}
            stale={deferredFit !== fit.data || deferredDeviation !== deviation.data || deferredShown !== shown || updating}
          />
        ) : drivers.length > 0 && !fit.isError ? (
          <Skeleton className="h-64" label="Loading the charts" />
        ) : null}
        {shown ? (
          <ReportingPeriod
            key={shown.model_id}
            model={shown}
            timeZone={timeZone}
            fileStem={`${machine.name}_v${shown.model_version}`}
            reporting={q.reporting_start_date && q.reporting_end_date ? { from: Date.parse(q.reporting_start_date), to: Date.parse(q.reporting_end_date) } : null}
            onReportingChange={(from, to) => void setQ({ reporting_start_date: toPlantIso(from, timeZone), reporting_end_date: toPlantIso(to, timeZone) })}
            onNewBaseline={(from, to) => void setQ({ ...rangeParams(from, to, timeZone), drivers: shown.drivers, granularity: baselineGranularities.find((g) => g === shown.granularity) ?? q.granularity, model_id: null, reporting_start_date: null, reporting_end_date: null })}
          />
        ) : null}
        <VersionHistory machineId={machine.id} machineName={machine.name} timeZone={timeZone} shownModelId={q.model_id} onShow={(id) => void setQ({ model_id: id })} />
      </div>
    </div>
  );
}

"use client";

import { anomalyDetectors, anomalySeverities, anomalyStatuses, statusLabels } from "@/lib/api-client/anomaly";
import { PlantDateRange } from "@/components/ui/plant-date-range";
import { MachineSelect } from "@/components/ui/machine-select";
import type { Period } from "@/lib/dashboard/period";
import { defaultRange, toPlantIso } from "@/lib/time/plant-time";

export interface FilterValues {
  machine_id: string | null;
  status: string | null;
  severity: string | null;
  detector: string | null;
}

const select = "rounded border border-slate-300 px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-700";
const button = "rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 aria-pressed:bg-sky-100 aria-pressed:font-medium";
const PRESETS = [7, 30, 90];

/** The list's filters; every change goes to the URL with the API's names (the parent writes it). */
export function AnomalyFilters({
  values,
  period,
  machines,
  timeZone,
  onChange,
}: {
  values: FilterValues;
  period: Period;
  machines: { id: string; name: string }[];
  timeZone: string;
  onChange: (patch: Partial<FilterValues & { from: string | null; to: string | null }>) => void;
}) {
  const setPeriod = (from: number, to: number) => onChange({ from: toPlantIso(from, timeZone), to: toPlantIso(to, timeZone) });
  const isPreset = (d: number) => {
    const r = defaultRange(Date.now(), d, timeZone);
    return r.from === period.from && r.to === period.to;
  };
  const choice = (name: keyof FilterValues, label: string, options: readonly string[], text: (v: string) => string = (v) => v.replace(/_/g, " ")) => (
    <label className="flex flex-col">
      <span className="text-xs text-slate-500">{label}</span>
      <select name={name} aria-label={label} className={select} value={values[name] ?? ""} onChange={(e) => onChange({ [name]: e.target.value || null })}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="flex flex-wrap items-end gap-x-4 gap-y-2 text-sm" aria-label="Anomaly filters" onSubmit={(e) => e.preventDefault()} data-testid="anomaly-filters">
      <label className="flex min-w-0 flex-col">
        <span className="text-xs text-slate-500">Machine</span>
        <MachineSelect machines={machines} placeholder="all machines" name="machine_id" aria-label="Machine" className={`${select} max-w-[14rem]`} value={values.machine_id ?? ""} onChange={(id) => onChange({ machine_id: id || null })} />
      </label>
      {choice("status", "Status", anomalyStatuses, (s) => statusLabels[s as keyof typeof statusLabels])}
      {choice("severity", "Severity", anomalySeverities)}
      {choice("detector", "Detector", anomalyDetectors)}
      <div role="group" aria-label="Quick periods (plant days up to today)" className="flex flex-wrap gap-1">
        {PRESETS.map((d) => (
          <button key={d} type="button" className={button} aria-pressed={isPreset(d)} onClick={() => setPeriod(defaultRange(Date.now(), d, timeZone).from, defaultRange(Date.now(), d, timeZone).to)}>
            Last {d} days
          </button>
        ))}
      </div>
      <PlantDateRange from={period.from} to={period.to} timeZone={timeZone} onChange={setPeriod} names={{ from: "from", to: "to" }} inputClassName={select} />
      <p className="text-xs text-slate-600">Times in {timeZone}</p>
    </form>
  );
}

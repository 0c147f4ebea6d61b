"use client";

import { useQueryStates } from "nuqs";
import { PlantDateRange } from "@/components/ui/plant-date-range";
import { useTransition } from "react";
import { REPORT_DAYS } from "@/lib/dashboard/defaults";
import { completeDays, resolvePeriod, urlPeriodNote } from "@/lib/dashboard/period";
import { periodParsers } from "@/lib/dashboard/url-state";
import { toPlantIso } from "@/lib/time/plant-time";

const PRESETS = [7, 30, 90];
const button = "rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 aria-pressed:bg-sky-100 aria-pressed:font-medium";

/**
 * The period of a page in the URL (start_date, end_date: ISO instants with the plant's offset):
 * quick ranges of complete plant days and plant dates. `shallow: false` for server-rendered pages
 * (the server reads the new period), true where the page fetches in the browser.
 */
export function PeriodPicker({ timeZone, shallow, label = "Period", children }: { timeZone: string; shallow: boolean; label?: string; children?: React.ReactNode }) {
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useQueryStates(periodParsers, { history: "push", shallow, startTransition });
  const p = resolvePeriod(q.start_date, q.end_date, REPORT_DAYS, timeZone);
  const set = (from: number, to: number) => void setQ({ start_date: toPlantIso(from, timeZone), end_date: toPlantIso(to, timeZone) });
  const isPreset = (d: number) => {
    const c = completeDays(Date.now(), d, timeZone);
    return c.from === p.from && c.to === p.to;
  };
  return (
    <form className="flex flex-wrap items-end gap-x-4 gap-y-2 text-sm" onSubmit={(e) => e.preventDefault()} aria-label={label}>
      <div role="group" aria-label="Quick periods (complete plant days)" className="flex flex-wrap gap-1">
        {PRESETS.map((d) => (
          <button key={d} type="button" className={button} aria-pressed={isPreset(d)} onClick={() => set(completeDays(Date.now(), d, timeZone).from, completeDays(Date.now(), d, timeZone).to)}>
            Last {d} days
          </button>
        ))}
      </div>
      <PlantDateRange from={p.from} to={p.to} timeZone={timeZone} onChange={set} names={{ from: "start_date", to: "end_date" }} />
      {children}
      {p.isDefault && urlPeriodNote(q.start_date, q.end_date, REPORT_DAYS, timeZone) ? (
        <p role="status" className="basis-full rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="period-url-note">
          {urlPeriodNote(q.start_date, q.end_date, REPORT_DAYS, timeZone)}
        </p>
      ) : null}
      <p className="text-xs text-slate-600" aria-live="polite" data-testid="period-pending" data-pending={pending}>
        {pending ? "Updating…" : `Times in ${timeZone}`}
      </p>
    </form>
  );
}

"use client";

import { addPlantDays, fromDateInput, plantDateInput } from "@/lib/time/plant-time";

/**
 * Two date inputs for a range of whole plant days: `from` is the first day's plant midnight, `to`
 * the plant midnight after the last (inclusive) day, both epoch ms. A change that would empty the
 * range is ignored. Labels and input names are the caller's (tests and forms find them by those).
 */
export function PlantDateRange({
  from,
  to,
  timeZone,
  onChange,
  fromLabel = "From (plant date)",
  toLabel = "To (plant date, inclusive)",
  names,
  inputClassName = "rounded border border-slate-300 px-2 py-1",
  labelClassName = "flex flex-col",
}: {
  from: number;
  to: number;
  timeZone: string;
  onChange: (from: number, to: number) => void;
  fromLabel?: string;
  toLabel?: string;
  names?: { from: string; to: string };
  inputClassName?: string;
  labelClassName?: string;
}) {
  return (
    <>
      <label className={labelClassName}>
        <span className="text-xs text-slate-500">{fromLabel}</span>
        <input
          type="date"
          name={names?.from}
          className={inputClassName}
          value={plantDateInput(from, timeZone)}
          onChange={(e) => {
            const f = fromDateInput(e.target.value, timeZone);
            if (f !== null && f < to) onChange(f, to);
          }}
        />
      </label>
      <label className={labelClassName}>
        <span className="text-xs text-slate-500">{toLabel}</span>
        <input
          type="date"
          name={names?.to}
          className={inputClassName}
          value={plantDateInput(to - 1, timeZone)}
          onChange={(e) => {
            const t = fromDateInput(e.target.value, timeZone);
            if (t !== null && addPlantDays(t, 1, timeZone) > from) onChange(from, addPlantDays(t, 1, timeZone));
          }}
        />
      </label>
    </>
  );
}

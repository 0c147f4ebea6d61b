"use client";

import { useId, useState } from "react";
import { dateRangeProblem } from "@/lib/dashboard/period";
import { addPlantDays, fromDateInput, plantDateInput } from "@/lib/time/plant-time";

/**
 * Two date inputs for a range of whole plant days: `from` is the first day's plant midnight, `to`
 * the plant midnight after the last (inclusive) day, both epoch ms. A change that would empty the
 * range is not applied: the field keeps what was typed and says why at the field (aria-invalid,
 * a message it is described by) until it is corrected or the range changes elsewhere. Labels and
 * input names are the caller's (tests and forms find them by those).
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
  const id = useId();
  const fromValue = plantDateInput(from, timeZone);
  const toValue = plantDateInput(to - 1, timeZone);
  // What was typed but not applied, for the range it was typed against (a range set elsewhere clears it).
  const [draft, setDraft] = useState<{ range: string; field: "from" | "to"; value: string; problem: string } | null>(null);
  const shown = draft && draft.range === `${from}-${to}` ? draft : null;
  const edit = (field: "from" | "to", value: string) => {
    const f = field === "from" ? value : fromValue;
    const t = field === "to" ? value : toValue;
    const problem = dateRangeProblem(f, t, field);
    const start = fromDateInput(f, timeZone);
    const end = fromDateInput(t, timeZone);
    if (problem || start === null || end === null) return setDraft({ range: `${from}-${to}`, field, value, problem: problem ?? `${field === "from" ? "From" : "To"} must be a date` });
    setDraft(null);
    onChange(start, addPlantDays(end, 1, timeZone));
  };
  const field = (which: "from" | "to", label: string, value: string, name: string | undefined) => {
    const bad = shown?.field === which;
    return (
      <label className={labelClassName}>
        <span className="text-xs text-slate-500">{label}</span>
        <input
          type="date"
          name={name}
          className={`${inputClassName}${bad ? " border-red-600" : ""}`}
          value={bad ? shown.value : value}
          aria-invalid={bad || undefined}
          aria-describedby={bad ? `${id}-problem` : undefined}
          onChange={(e) => edit(which, e.target.value)}
        />
        {bad ? (
          <span id={`${id}-problem`} role="alert" className="mt-0.5 text-xs text-red-700" data-testid="date-range-problem">
            {shown.problem}
          </span>
        ) : null}
      </label>
    );
  };
  return (
    <>
      {field("from", fromLabel, fromValue, names?.from)}
      {field("to", toLabel, toValue, names?.to)}
    </>
  );
}

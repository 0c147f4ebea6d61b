"use client";

import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useTransition } from "react";
import { reportGranularities } from "@/lib/dashboard/url-state";

const labels = { hourly: "1 hour", daily: "1 day", weekly: "1 week", monthly: "1 month" } as const;

/** The bucket width in the URL (`granularity`); "auto" (no parameter) where the page may choose by the period. */
export function GranularitySelect({ shallow, allowAuto, label = "Bucket width" }: { shallow: boolean; allowAuto: boolean; label?: string }) {
  const [, startTransition] = useTransition();
  const [g, setG] = useQueryState("granularity", parseAsStringLiteral(reportGranularities).withOptions({ history: "push", shallow, startTransition }));
  return (
    <label className="flex flex-col text-sm">
      <span className="text-xs text-slate-500">{label}</span>
      <select aria-label={label} name="granularity" className="rounded border border-slate-300 px-2 py-1" value={g ?? (allowAuto ? "" : "daily")} onChange={(e) => void setG(e.target.value === "" ? null : (e.target.value as (typeof reportGranularities)[number]))}>
        {allowAuto ? <option value="">auto (by period)</option> : null}
        {reportGranularities.map((x) => (
          <option key={x} value={x}>
            {labels[x]}
          </option>
        ))}
      </select>
    </label>
  );
}

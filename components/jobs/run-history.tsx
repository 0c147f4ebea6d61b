"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { jobRunsQuery } from "@/lib/api-client/jobs";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { ErrorBox } from "@/components/ui/error-box";
import { formatDuration, RunStatus } from "./run-status";

const PAGE = 10;

/** A job's recent runs, newest first, in plant time; "Show more" loads older ones. */
export function RunHistory({ name, timeZone }: { name: string; timeZone: string }) {
  const [limit, setLimit] = useState(PAGE);
  const q = useQuery(jobRunsQuery(name, limit));
  if (q.error) return <ErrorBox error={q.error} action="Could not load the runs" />;
  if (!q.data) return <p className="text-sm text-slate-500">Loading runs…</p>;
  if (q.data.runs.length === 0) return <p className="text-sm text-slate-600">No runs yet: press Run now, or wait for the next scheduled run.</p>;
  return (
    <div>
      <ol className="divide-y divide-slate-100 text-sm" aria-label={`Runs of ${name}`}>
        {q.data.runs.map((r) => (
          <li key={r.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5">
            <RunStatus status={r.status} />
            <span>{formatPlantDateTime(Date.parse(r.started_at), timeZone)}</span>
            <span className="text-slate-600">{r.trigger.replace("_", "-")}</span>
            <span className="text-slate-600">{formatDuration(r.duration_ms)}</span>
            <span className="text-slate-600">{r.items_processed === null ? "" : `${r.items_processed.toLocaleString()} items`}</span>
            {r.error ? <span className="w-full break-words text-red-800">{r.error}</span> : null}
          </li>
        ))}
      </ol>
      {q.data.next_before ? (
        <button type="button" className="mt-2 text-sm text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-700" onClick={() => setLimit((l) => l + PAGE)}>
          Show older runs
        </button>
      ) : null}
    </div>
  );
}

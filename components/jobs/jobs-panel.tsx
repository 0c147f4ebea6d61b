"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { jobsQuery, startJob, type Job } from "@/lib/api-client/jobs";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { useCan } from "@/components/auth/principal-context";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { RunHistory } from "./run-history";
import { formatDuration, RunStatus } from "./run-status";

/** Every scheduled job with its schedule, last and next run, and a button to run it now. */
export function JobsPanel({ timeZone }: { timeZone: string }) {
  const q = useQuery(jobsQuery());
  if (q.error) return <ErrorBox error={q.error} action="Could not load the jobs" />;
  if (!q.data) return <Skeleton className="h-64" label="Loading the jobs" />;
  if (q.data.jobs.length === 0) return <EmptyState title="No jobs">This server has no scheduled jobs.</EmptyState>;
  return (
    <div className="space-y-3">
      {q.data.scheduler === "off" ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          The scheduler is off (SCHEDULER=off): jobs run only when started here. Start the server without it to run them on their schedules.
        </p>
      ) : null}
      <ul className="space-y-3">
        {q.data.jobs.map((job) => (
          <li key={job.name}>
            <JobCard job={job} timeZone={timeZone} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function JobCard({ job, timeZone }: { job: Job; timeZone: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const canRun = useCan("operate");
  const run = useMutation({
    mutationFn: () => startJob(job.name),
    onSettled: () => client.invalidateQueries({ queryKey: ["jobs"] }),
  });
  // The badge and the button tell one state: a run started here is running until its request ends, even before the list is refetched.
  const running = job.status === "running" || run.isPending;
  const last = job.last_run;
  const historyId = `runs-${job.name}`;
  return (
    <section aria-labelledby={`job-${job.name}`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`job-${job.name}`} className="font-medium">
            {job.name} <RunStatus status={running ? "running" : job.status} />
          </h2>
          <p className="text-sm text-slate-600">{job.description}</p>
        </div>
        <button
          type="button"
          onClick={() => run.mutate()}
          disabled={running || !job.runnable || !canRun}
          // Six cards, six such buttons: the job's name tells them apart for a screen reader.
          aria-label={`${running ? "Running…" : "Run now"}: ${job.name}`}
          aria-describedby={`job-${job.name}-live`}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
        >
          {running ? "Running…" : "Run now"}
        </button>
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Schedule ({job.time_zone})</dt>
          <dd>{job.schedule ? <code>{job.schedule}</code> : "off"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Next run</dt>
          <dd>{job.next_run ? formatPlantDateTime(Date.parse(job.next_run), timeZone) : job.enabled ? "—" : "not scheduled"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last run</dt>
          <dd>
            {last
              ? `${formatPlantDateTime(Date.parse(last.started_at), timeZone)} · ${formatDuration(last.duration_ms)}${last.items_processed === null ? "" : ` · ${last.items_processed.toLocaleString()} items`}`
              : "never"}
          </dd>
        </div>
      </dl>
      {job.unavailable ? <p className="mt-2 text-sm text-slate-600">{job.unavailable}</p> : null}
      {last?.error ? <p className="mt-2 break-words text-sm text-red-800">Last error: {last.error}</p> : null}
      <p id={`job-${job.name}-live`} aria-live="polite" className="mt-2 text-sm">
        {run.error ? <span className="text-red-800">{run.error.message}</span> : running ? <span className="text-sky-900">Running; this page refreshes until it ends.</span> : null}
      </p>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={historyId}
        aria-label={`${open ? "Hide runs" : "Show runs"} of ${job.name}`}
        onClick={() => setOpen((o) => !o)}
        className="mt-1 text-sm text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-700"
      >
        {open ? "Hide runs" : "Show runs"}
      </button>
      <div id={historyId} hidden={!open} className="mt-2">
        {open ? <RunHistory name={job.name} timeZone={timeZone} /> : null}
      </div>
    </section>
  );
}

import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

// The jobs API: the job list, manual runs, the run history. Answers parsed with the routes' shapes.

export const jobRunSchema = z.object({
  id: z.string(),
  job: z.string(),
  trigger: z.string(),
  scheduled_for: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.enum(["running", "succeeded", "failed"]),
  duration_ms: z.number().nullable(),
  items_processed: z.number().nullable(),
  error: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  instance: z.string(),
});
export type JobRun = z.infer<typeof jobRunSchema>;

export const jobSchema = z.object({
  name: z.string(),
  description: z.string(),
  schedule: z.string().nullable(),
  time_zone: z.string(),
  enabled: z.boolean(),
  runnable: z.boolean(),
  unavailable: z.string().nullable(),
  last_run: jobRunSchema.nullable(),
  next_run: z.string().nullable(),
  status: z.enum(["running", "succeeded", "failed", "never_run"]),
});
export type Job = z.infer<typeof jobSchema>;

const jobsSchema = z.object({ scheduler: z.enum(["on", "off"]), jobs: z.array(jobSchema) });
const runsSchema = z.object({ job: z.string(), runs: z.array(jobRunSchema), next_before: z.string().nullable() });
const startedSchema = z.object({ run: jobRunSchema });

/** Refreshes every 2 s while a run is under way, every minute otherwise. */
export const jobsQuery = () =>
  queryOptions({
    queryKey: ["jobs"],
    queryFn: () => fetchJson("/api/v1/jobs", jobsSchema),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => j.status === "running") ? 2_000 : 60_000),
  });

export const jobRunsQuery = (name: string, limit: number) =>
  queryOptions({
    queryKey: ["jobs", name, "runs", limit],
    queryFn: () => fetchJson(`/api/v1/jobs/${encodeURIComponent(name)}/runs?limit=${limit}`, runsSchema),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "running") ? 2_000 : false),
  });

export function startJob(name: string): Promise<JobRun> {
  return fetchJson(`/api/v1/jobs/${encodeURIComponent(name)}/run`, startedSchema, { method: "POST" }).then((r) => r.run);
}

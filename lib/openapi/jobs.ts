import { z } from "zod";
import { jobNames } from "@/lib/jobs/names";
import { jobRunsQuerySchema } from "@/lib/validation/jobs";
import { operations } from "./registry";

// Job names are checked by parseJobName (a 400 for a malformed name, a 404 for an unknown one).
const jobName = z.enum(jobNames);

export const jobOperations = operations(
  { method: "get", path: "/api/v1/jobs", tag: "jobs", summary: "Every scheduled job: schedule, enabled, last run, next run, status", responses: { 200: "A list of jobs" } },
  {
    method: "post",
    path: "/api/v1/jobs/{name}/run",
    tag: "jobs",
    summary: "Starts a manual run of a job",
    params: { name: jobName },
    paramsValidatedIn: "lib/validation/jobs.ts (parseJobName)",
    example: { params: { name: "freshness-check" } },
    responses: { 202: "The run", 404: "No such job", 409: "A run of the job is in progress", 422: "The job cannot run here (the reason is named)" },
  },
  {
    method: "get",
    path: "/api/v1/jobs/{name}/runs",
    tag: "jobs",
    summary: "The job's runs, newest first, ties by id (next page: before=next_before, a cursor of the last run's start to the microsecond and its id)",
    params: { name: jobName },
    paramsValidatedIn: "lib/validation/jobs.ts (parseJobName)",
    query: jobRunsQuerySchema,
    example: { params: { name: "freshness-check" } },
    responses: { 200: "`{runs, next_before}`", 404: "No such job" },
  },
);

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isJobName, jobNames, type JobName } from "@/lib/jobs/names";

// Path and query parameters of the jobs API. Job names are looked up in the allow list
// (lib/jobs/names.ts); nothing a client sends is ever put into SQL.

const NAME_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A job name from a path: 400 when it cannot be a name, 404 when no job has it. */
export function parseJobName(raw: string): JobName {
  if (!NAME_SHAPE.test(raw)) {
    throw new AppError("bad_request", `"${raw.slice(0, 80)}" is not a job name (lower-case letters, digits and hyphens)`, {
      errors: [{ field: "name", message: `must be one of ${jobNames.join(", ")}` }],
    });
  }
  if (!isJobName(raw)) {
    throw new AppError("not_found", `No job named "${raw}"; jobs: ${jobNames.join(", ")}`, { errors: [{ field: "name", message: "unknown job" }] });
  }
  return raw;
}

export const jobRunsQuerySchema = z.object({
  limit: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(20),
  /** The next page: runs started before this instant (the previous page's `next_before`). */
  before: z.iso.datetime({ offset: true, message: "must be an ISO-8601 timestamp with an offset, as next_before gives it" }).transform((s) => new Date(s)).optional(),
});
export type JobRunsQuery = z.infer<typeof jobRunsQuerySchema>;

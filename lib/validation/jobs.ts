import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isJobName, jobNames, type JobName } from "@/lib/jobs/names";
import { inYearRange, YEAR_RANGE_MESSAGE } from "./dates";

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

const runCursor = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const isoInstant = z.iso.datetime({ offset: true });

export const jobRunsQuerySchema = z.object({
  limit: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(20),
  /**
   * The next page: the previous page's `next_before` (`<start to the µs>~<run id>`: the runs after
   * that one in the order), or an ISO-8601 instant with an offset (the runs started before it).
   */
  before: z
    .string()
    .max(100)
    .transform((s, ctx) => {
      const cursor = runCursor.exec(s);
      const at = cursor ? cursor[1]! : isoInstant.safeParse(s).success ? s : null;
      if (at !== null && !inYearRange(at)) {
        ctx.addIssue({ code: "custom", message: YEAR_RANGE_MESSAGE });
        return z.NEVER;
      }
      if (cursor) return { at: cursor[1]!, id: cursor[2]!.toLowerCase() };
      if (at !== null) return { at: new Date(s).toISOString(), id: null };
      ctx.addIssue({ code: "custom", message: "must be next_before from the previous page, or an ISO-8601 timestamp with an offset" });
      return z.NEVER;
    })
    .optional(),
});
export type JobRunsQuery = z.infer<typeof jobRunsQuerySchema>;

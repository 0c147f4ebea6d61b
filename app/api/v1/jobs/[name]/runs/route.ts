import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/api/handler";
import { listJobRuns } from "@/lib/jobs/service";
import { jobRunsQuerySchema, parseJobName } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

// GET /api/v1/jobs/{name}/runs?limit&before – the job's runs, newest first (next page: before=next_before)
export const GET = route(async (request: Request, ctx: { params: Promise<{ name: string }> }) => {
  const name = parseJobName((await ctx.params).name);
  const q = parseQuery(request, jobRunsQuerySchema);
  return Response.json(await listJobRuns(await getDb(), name, q));
});

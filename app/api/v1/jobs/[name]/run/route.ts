import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { jobsConfig, runJson, triggerJob } from "@/lib/jobs/service";
import { parseJobName } from "@/lib/validation/jobs";

export const dynamic = "force-dynamic";

// POST /api/v1/jobs/{name}/run – starts a manual run (202 with the run; 409 while one is running)
export const POST = route(async (_request: Request, ctx: { params: Promise<{ name: string }> }) => {
  const name = parseJobName((await ctx.params).name);
  const run = await triggerJob(await getDb(), name, jobsConfig());
  return Response.json({ run: runJson(run) }, { status: 202 });
});

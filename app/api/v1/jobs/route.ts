import { getDb } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { jobsConfig, listJobs } from "@/lib/jobs/service";

export const dynamic = "force-dynamic";

// GET /api/v1/jobs – every scheduled job: schedule, enabled, last run, next run, status
export const GET = route(async () => {
  const config = jobsConfig();
  return Response.json({ scheduler: config.scheduler ? "on" : "off", jobs: await listJobs(await getDb(), config) });
});

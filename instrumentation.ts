// Runs once when the Next.js server starts: validates the environment, opens and migrates the
// database, seeds the demo plant on the first start of the embedded database, and starts the job
// scheduler (unless SCHEDULER=off). Node.js runtime only: the Edge runtime has no database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { getDb } = await import("@/lib/db/client");
  const { seedIfEmpty } = await import("@/lib/startup");
  const { startScheduler } = await import("@/lib/jobs/service");
  const { isDatabaseUnavailable } = await import("@/lib/db/availability");
  const { logger } = await import("@/lib/log/logger");
  const start = async () => {
    const db = await getDb();
    await seedIfEmpty(db);
    await startScheduler(db);
  };
  // A database that is down at start is not fatal: requests answer 503 (and /api/health says so)
  // until it is back; start-up is tried again every 5 s so the scheduler starts then too.
  const attempt = async (first: boolean): Promise<void> => {
    try {
      await start();
      if (!first) logger().info("database reachable again; start-up completed");
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (first) logger().error({ err: error }, "database unreachable at start; the app answers 503 until it is back");
      setTimeout(() => void attempt(false).catch((e: unknown) => logger().error({ err: e }, "start-up failed")), 5_000).unref();
    }
  };
  await attempt(true);
}

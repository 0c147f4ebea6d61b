// Runs once when the Next.js server starts: validates the environment, refuses a production start
// in open mode without its confirmation, opens and migrates the database, creates the first admin
// from ADMIN_EMAIL/ADMIN_PASSWORD, seeds the demo plant on the first start of the embedded database, and starts the job
// scheduler (unless SCHEDULER=off). Node.js runtime only: the Edge runtime has no database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const { openModeRefusal } = await import("@/lib/auth/mode");
  const refusal = openModeRefusal(process.env);
  if (refusal) {
    // Plain stderr and exit: a thrown error here is logged by Next.js with a stack and the server may keep listening.
    console.error(refusal);
    process.exit(1);
  }
  const e = env();
  const { getDb } = await import("@/lib/db/client");
  const { seedIfEmpty } = await import("@/lib/startup");
  const { startScheduler } = await import("@/lib/jobs/service");
  const { isDatabaseUnavailable } = await import("@/lib/db/availability");
  const { logger } = await import("@/lib/log/logger");
  const { ensureFirstAdmin } = await import("@/lib/auth/users");
  const { purgeExpiredSessions, validateSession } = await import("@/lib/auth/sessions");
  if (e.AUTH === "off") logger().warn("AUTH=off: open mode, everyone acts as the admin \"anonymous\"");
  const start = async () => {
    const db = await getDb();
    if (await ensureFirstAdmin(db, e.ADMIN_EMAIL, e.ADMIN_PASSWORD)) logger().info({ login: e.ADMIN_EMAIL?.toLowerCase() }, "first admin created from ADMIN_EMAIL");
    await purgeExpiredSessions(db);
    // proxy.ts runs in this process: let it check a session for real instead of only seeing a cookie.
    globalThis.__enmsSessionValid = async (token) => (await validateSession(db, token)) !== null;
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

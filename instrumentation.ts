// Runs once when the Next.js server starts: validates the environment, opens and migrates the
// database, and seeds the demo plant on the first start of the embedded database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { getDb } = await import("@/lib/db/client");
  const { seedIfEmpty } = await import("@/lib/startup");
  const { isDatabaseUnavailable } = await import("@/lib/db/availability");
  const { logger } = await import("@/lib/log/logger");
  try {
    await seedIfEmpty(await getDb());
  } catch (error) {
    // A database that is down at start is not fatal: the server answers 503 (and /api/health says
    // so) until it is back, and the first request after that connects and migrates.
    if (!isDatabaseUnavailable(error)) throw error;
    logger().error({ err: error }, "database unreachable at start; the app will connect when it is back");
  }
}

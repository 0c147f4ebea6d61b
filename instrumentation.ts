// Runs once when the Next.js server starts: validates the environment, opens and migrates the
// database, seeds the demo plant on the first start of the embedded database, and starts the job
// scheduler (unless SCHEDULER=off). Node.js runtime only: the Edge runtime has no database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { getDb } = await import("@/lib/db/client");
  const { seedIfEmpty } = await import("@/lib/startup");
  const db = await getDb();
  await seedIfEmpty(db);
  const { startScheduler } = await import("@/lib/jobs/service");
  await startScheduler(db);
}

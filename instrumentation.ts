// Runs once when the Next.js server starts: validates the environment, opens and migrates the
// database, and seeds the demo plant on the first start of the embedded database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { getDb } = await import("@/lib/db/client");
  const { seedIfEmpty } = await import("@/lib/startup");
  await seedIfEmpty(await getDb());
}

import path from "node:path";
import { env } from "@/lib/env";
import { openPglite } from "./pglite";
import { openPostgres } from "./postgres";
import { migrateDatabase } from "./migrate";
import { refreshRollups } from "@/lib/timeseries/refresh";
import type { Database } from "./types";

// The only place that connects. One database per process, kept on globalThis: server actions
// and hot reloads load modules again, and two PGlite instances on one directory corrupt it.

declare global {
  var __enmsDb: Promise<Database> | undefined;
}

export async function openDatabase(url: string | undefined, pgliteDir: string | undefined): Promise<Database> {
  return url ? openPostgres(url) : openPglite(pgliteDir);
}

/**
 * Opens and migrates the database, then brings the rollups up to date with whatever ingestion
 * recorded and did not refresh (a process stopped between an import's commit and its refresh).
 */
export async function openMigrated(url: string | undefined, pgliteDir: string | undefined): Promise<Database> {
  const db = await openDatabase(url, pgliteDir);
  try {
    await migrateDatabase(db);
    await refreshRollups(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function connect(): Promise<Database> {
  const e = env();
  const pgliteDir = e.DATABASE_URL ? undefined : path.resolve(e.PGLITE_DIR);
  // MIGRATE_ON_START=off: migrations run as their own step (npm run db:migrate, a deploy job),
  // e.g. with several app instances; /api/health/ready then reports whether they were applied.
  const db = e.MIGRATE_ON_START === "on" ? await openMigrated(e.DATABASE_URL, pgliteDir) : await openDatabase(e.DATABASE_URL, pgliteDir);
  const close = () => {
    void db.close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
  return db;
}

/** The process's database, migrated. */
export function getDb(): Promise<Database> {
  globalThis.__enmsDb ??= connect().catch((error: unknown) => {
    globalThis.__enmsDb = undefined;
    throw error;
  });
  return globalThis.__enmsDb;
}

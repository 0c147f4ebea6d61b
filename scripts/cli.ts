import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";
import { EnvError, env } from "@/lib/env";

/** Opens and migrates the configured database for a command-line script. */
export async function openForScript(): Promise<Database> {
  let e;
  try {
    e = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const db = await openDatabase(e.DATABASE_URL, e.DATABASE_URL ? undefined : path.resolve(e.PGLITE_DIR));
  await migrateDatabase(db);
  return db;
}

export function fail(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { createRollupTables } from "@/lib/timeseries/ddl";
import { rebuildRollups } from "@/lib/timeseries/refresh";
import { enableTimescale, setupTimescale } from "@/lib/timeseries/timescale";
import { logger } from "@/lib/log/logger";
import type { Database } from "./types";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Brings a database to the current schema: drizzle-kit's migrations, then the rollups —
 * continuous aggregates where TimescaleDB is offered, tables elsewhere. Idempotent.
 */
export async function migrateDatabase(db: Database, folder = migrationsFolder): Promise<void> {
  if (db.kind !== "pglite" && (await enableTimescale(db))) db.kind = "timescaledb";
  if (db.kind === "pglite") await migratePglite(db.orm as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePostgres(db.orm as unknown as PostgresJsDatabase, { migrationsFolder: folder });
  // Rollups built or given new columns are filled by recomputing them from the raw data.
  const changed = db.kind === "timescaledb" ? await setupTimescale(db) : await createRollupTables(db);
  if (changed.length > 0) {
    logger().info({ rollups: changed }, `building the ${changed.join(", ")} rollups from the raw data`);
    await rebuildRollups(db, changed);
  }
}

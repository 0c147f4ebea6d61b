import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe } from "vitest";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";

export interface TestDatabase {
  name: string;
  db: Database;
  drop(): Promise<void>;
}

export type TestTarget = "pglite" | "postgresql" | "timescaledb";
export type ServerTarget = Exclude<TestTarget, "pglite">;

/**
 * The server each target reaches: PostgreSQL through TEST_DATABASE_URL, a PostgreSQL server with
 * TimescaleDB preloaded through TEST_TIMESCALE_URL (README "TimescaleDB" says how to run one).
 */
function serverUrl(target: ServerTarget): string | undefined {
  return target === "postgresql" ? process.env.TEST_DATABASE_URL : process.env.TEST_TIMESCALE_URL;
}

const variable: Record<ServerTarget, string> = { postgresql: "TEST_DATABASE_URL", timescaledb: "TEST_TIMESCALE_URL" };

/** Whether the suite can reach a target (PGlite always). */
export function hasTarget(target: TestTarget): boolean {
  return target === "pglite" || Boolean(serverUrl(target));
}

/**
 * Which databases the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set,
 * TimescaleDB when TEST_TIMESCALE_URL is set; TEST_ONLY=timescaledb (a comma list of targets)
 * keeps just those, to run a file on one server without the others.
 */
export function testTargets(): TestTarget[] {
  const only = process.env.TEST_ONLY?.split(",").map((s) => s.trim());
  return (["pglite", "postgresql", "timescaledb"] as const).filter((t) => hasTarget(t) && (!only || only.includes(t)));
}

/**
 * The targets whose rollups are tables, for tests that write synthetic rollup rows directly
 * (a fixture shortcut): on TimescaleDB the rollups are continuous aggregates, which only their
 * refreshes write.
 */
export function rollupTableTargets(): TestTarget[] {
  return testTargets().filter((t) => t !== "timescaledb");
}

/** The server targets set for this run (for tests that compare each with PGlite). */
export function serverTargets(): ServerTarget[] {
  return (["postgresql", "timescaledb"] as const).filter(hasTarget);
}

/**
 * A describe block for one server target: runs when its variable is set, and is skipped otherwise
 * with a title saying which variable would run it (so a run without TimescaleDB says what it left out).
 */
export function describeOn(target: ServerTarget, name: string, fn: () => void): void {
  const reachable = hasTarget(target);
  describe.skipIf(!reachable)(reachable ? name : `${name} (skipped: ${variable[target]} is not set)`, fn);
}

/** The URL of database `name` on a server target (a second connection pool to a test database). */
export function databaseUrl(target: ServerTarget, name: string): string {
  const url = serverUrl(target);
  if (!url) throw new Error(`${variable[target]} is not set`);
  return withDatabase(url, name);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of the given target; `drop()` removes it. */
export async function createTestDatabase(target: TestTarget): Promise<TestDatabase> {
  if (target === "pglite") {
    const db = await openPglite(undefined);
    await migrateDatabase(db);
    return { name: "pglite:memory", db, drop: () => db.close() };
  }
  const adminUrl = serverUrl(target);
  if (!adminUrl) throw new Error(`${variable[target]} is not set`);
  const name = `enms_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await openPostgres(withDatabase(adminUrl, name), { max: 4 });
  await migrateDatabase(db);
  if (target === "timescaledb" && db.kind !== "timescaledb") {
    await db.close();
    throw new Error(`${variable[target]} reaches a server without TimescaleDB preloaded (shared_preload_libraries = 'timescaledb')`);
  }
  return {
    name,
    db,
    async drop() {
      await db.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Database } from "@/lib/db/types";

export interface TestDatabase {
  name: string;
  db: Database;
  drop(): Promise<void>;
}

/** Which databases the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testTargets(): ("pglite" | "postgresql")[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of the given target; `drop()` removes it. */
export async function createTestDatabase(target: "pglite" | "postgresql"): Promise<TestDatabase> {
  if (target === "pglite") {
    const db = await openPglite(undefined);
    await migrateDatabase(db);
    return { name: "pglite:memory", db, drop: () => db.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `enms_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await openPostgres(withDatabase(adminUrl, name), { max: 4 });
  await migrateDatabase(db);
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

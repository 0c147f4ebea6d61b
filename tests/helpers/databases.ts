import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { describe } from "vitest";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import { migrateDatabase, migrationsFolder } from "@/lib/db/migrate";
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

/**
 * Where the migrated empty PGlite database of this schema is kept: named by a hash of the
 * migrations, the rollup DDL and the PGlite version, so a changed schema never loads an old one.
 */
function pgliteTemplatePath(): string {
  const hash = createHash("sha256");
  for (const f of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, f);
    if (f.endsWith(".sql") || f.endsWith(".json")) hash.update(f).update(readFileSync(full));
  }
  for (const f of ["lib/timeseries/ddl.ts", "lib/timeseries/definitions.ts", "lib/db/migrate.ts", "node_modules/@electric-sql/pglite/package.json"]) {
    hash.update(f).update(readFileSync(path.join(process.cwd(), f)));
  }
  return path.join(tmpdir(), `enms-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
}

let template: Promise<Blob> | undefined;

/**
 * The migrated empty PGlite database as a tarball. Opening from it skips initdb and the
 * migrations (about 0.3 s instead of 1.3–2 s a database, dozens of times a run). The first test
 * process to need it writes it (to a temporary name, then renamed: processes that race both
 * write a whole file and the last rename wins).
 */
export function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = pgliteTemplatePath();
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openPglite(undefined);
    await migrateDatabase(db);
    const blob = await db.dumpDataDir();
    await db.close();
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
    return blob;
  })();
  return template;
}

/**
 * A fresh, migrated database of the given target; `drop()` removes it. PGlite databases start
 * from a migrated template (`opts.fresh` runs initdb and the migrations instead, for the
 * migration tests themselves).
 */
export async function createTestDatabase(target: TestTarget, opts: { fresh?: boolean } = {}): Promise<TestDatabase> {
  if (target === "pglite") {
    const db = opts.fresh ? await openPglite(undefined) : await openPglite(undefined, { loadDataDir: await pgliteTemplate() });
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

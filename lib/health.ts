import { readFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/types";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { migrationsFolder } from "@/lib/db/migrate";
import { latestTimes } from "@/lib/timeseries/series";
import { timescaleStatus } from "@/lib/timeseries/timescale";
import { decideTimescale, probeTimescale } from "@/lib/timeseries/timescale-detect";

// Liveness (the process answers), readiness (it can serve: database reachable, schema migrated)
// and the informational health document. Readiness never throws: every failure is a check that
// says what is wrong, so a load balancer and a person read the same answer.

/** How long a readiness check waits for the database before calling it unreachable. */
export const HEALTH_TIMEOUT_MS = 3_000;

export async function getHealth(db: Database) {
  const version = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return {
    status: "ok" as const,
    database: db.kind,
    version: version[0]?.v ?? "unknown",
    latest: await latestTimes(db),
    ...(db.kind === "timescaledb" ? { timescaledb: await timescaleStatus(db) } : {}),
  };
}

/** Liveness: the process runs and answers; nothing outside it is consulted. */
export function getLiveness() {
  return { status: "ok" as const, uptime_s: Math.round(process.uptime()) };
}

export interface Check {
  ok: boolean;
  message?: string;
  [key: string]: unknown;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: { database: Check; migrations: Check; timescaledb: Check };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (isDatabaseUnavailable(error)) return "The database cannot be reached (connection refused, closed or timed out)";
  return error instanceof Error ? error.message : String(error);
}

/** The newest migration of the journal drizzle-kit keeps beside the SQL files (its `when`, ms). */
export function expectedMigrations(folder = migrationsFolder): { count: number; last: number } {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return { count: journal.entries.length, last: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

/**
 * Whether drizzle's migrations table records the journal's newest migration: drizzle applies
 * every migration newer than the last one it recorded, so that one being there means all are.
 */
export async function migrationCheck(db: Database, folder = migrationsFolder): Promise<Check> {
  const expected = expectedMigrations(folder);
  const rows = await db.query<{ n: number; last: string | null }>(
    `SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations`,
  ).catch((error: unknown) => {
    // 42P01 / 3F000: no migrations table or schema yet (a database never migrated).
    const code = (error as { code?: unknown }).code;
    if (code === "42P01" || code === "3F000") return [{ n: 0, last: null }];
    throw error;
  });
  const applied = rows[0]?.n ?? 0;
  const ok = Number(rows[0]?.last ?? 0) >= expected.last;
  return {
    ok,
    applied,
    expected: expected.count,
    ...(ok ? {} : { message: `${expected.count - applied} migration(s) not applied: run npm run db:migrate or start with MIGRATE_ON_START=on` }),
  };
}

async function timescaleCheck(db: Database): Promise<Check> {
  if (db.kind === "pglite") return { ok: true, enabled: false, message: "embedded database (PGlite): plain rollup tables" };
  if (db.kind === "timescaledb") return { ok: true, enabled: true, ...(await timescaleStatus(db)) };
  const decision = decideTimescale(await probeTimescale(db));
  if (decision.use) return { ok: true, enabled: false, message: "TimescaleDB is preloaded but not enabled in this database: restart the app to migrate" };
  return { ok: true, enabled: false, ...(decision.reason === "not_preloaded" ? { message: decision.message } : { message: "TimescaleDB is not installed on this server: plain rollup tables" }) };
}

/**
 * Readiness: the database answers within HEALTH_TIMEOUT_MS, its migrations are applied, and
 * what TimescaleDB does there (informational: plain PostgreSQL is a supported mode, not a fault).
 */
export async function getReadiness(open: () => Promise<Database>, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Readiness> {
  let db: Database;
  try {
    db = await withTimeout(open(), timeoutMs, "The database");
    await withTimeout(db.query("SELECT 1"), timeoutMs, "The database");
  } catch (error) {
    const skipped = { ok: false, message: "not checked: the database is unreachable" };
    return { status: "not_ready", checks: { database: { ok: false, message: describe(error) }, migrations: skipped, timescaledb: skipped } };
  }
  const [migrations, timescaledb] = await Promise.all([
    withTimeout(migrationCheck(db), timeoutMs, "The migrations check").catch((error: unknown): Check => ({ ok: false, message: describe(error) })),
    withTimeout(timescaleCheck(db), timeoutMs, "The TimescaleDB check").catch((error: unknown): Check => ({ ok: false, message: describe(error) })),
  ]);
  const database: Check = { ok: true, kind: db.kind };
  const ready = migrations.ok && timescaledb.ok;
  return { status: ready ? "ready" : "not_ready", checks: { database, migrations, timescaledb } };
}

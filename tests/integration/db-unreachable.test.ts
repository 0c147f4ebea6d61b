import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "@/lib/db/postgres";
import { openPglite } from "@/lib/db/pglite";
import { migrateDatabase } from "@/lib/db/migrate";
import { getReadiness } from "@/lib/health";
import type { Database } from "@/lib/db/types";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as readyRoute } from "@/app/api/health/ready/route";
import { GET as liveRoute } from "@/app/api/health/live/route";
import { GET as listMachines, POST as createMachineRoute } from "@/app/api/v1/machines/route";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";

// The database goes out of reach while the app runs, then comes back: /api/health says so (503
// with a message), routes answer 503 with Retry-After instead of a 500, and the same connection
// pool serves again once the server is back, with no restart. Needs a real PostgreSQL.

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)("database unreachable and back (PostgreSQL; skipped without TEST_DATABASE_URL)", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;

  beforeAll(async () => {
    t = await createTestDatabase("postgresql");
    const target = new URL(url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const through = new URL(url!);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    through.pathname = `/${t.name}`;
    db = await openPostgres(through.toString(), { max: 2 });
    db.kind = t.db.kind;
    useDatabase(db);
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await db?.close();
    await proxy?.close();
    await t?.drop();
  });

  it("is ready while the database answers", async () => {
    expect((await healthRoute()).status).toBe(200);
    const ready = await readyRoute();
    expect(ready.status).toBe(200);
    expect(await body(ready)).toMatchObject({ status: "ready", checks: { database: { ok: true }, migrations: { ok: true }, timescaledb: { ok: true } } });
  });

  it("answers 503 with a clear message while it is unreachable, and writes nothing", async () => {
    await proxy.down();
    const health = await healthRoute();
    expect(health.status).toBe(503);
    expect(await body(health)).toMatchObject({ status: "unavailable", database: "unreachable", message: "The database cannot be reached right now; try again shortly." });
    const ready = await readyRoute();
    expect(ready.status).toBe(503);
    expect(await body(ready)).toMatchObject({ status: "not_ready", checks: { database: { ok: false, message: expect.stringContaining("cannot be reached") as unknown } } });
    // Liveness does not depend on the database: the process is fine and must not be restarted.
    expect((await liveRoute()).status).toBe(200);
    const list = await listMachines();
    expect(list.status).toBe(503);
    expect(list.headers.get("retry-after")).toBe("5");
    expect(await body(list)).toMatchObject({ error: "unavailable" });
    const create = await createMachineRoute(jsonRequest("/api/v1/machines", { name: "During the outage" }));
    expect(create.status).toBe(503);
  });

  it("recovers by itself when the database is back", async () => {
    await proxy.up();
    expect((await healthRoute()).status).toBe(200);
    expect((await readyRoute()).status).toBe(200);
    const list = await listMachines();
    expect(list.status).toBe(200);
    expect(((await list.json()) as { name: string }[]).map((m) => m.name)).not.toContain("During the outage");
  });

  it("recovers after the server terminates the app's connections (pg_terminate_backend)", async () => {
    expect((await listMachines()).status).toBe(200);
    const killed = await t.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [t.name],
    );
    expect(killed[0]!.n).toBeGreaterThan(0);
    // A request may meet a connection the server just closed (503, never 500); the pool replaces
    // each dead connection, and within a few requests they succeed again.
    const statuses: number[] = [];
    for (let i = 0; i < 6 && statuses.at(-1) !== 200; i++) statuses.push((await listMachines()).status);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.length).toBeLessThanOrEqual(5);
  });
});

describe("readiness of a server that is not there", () => {
  it("reports the database unreachable within the timeout when nothing listens on the port", async () => {
    const started = Date.now();
    const readiness = await getReadiness(() => openPostgres("postgres://postgres@127.0.0.1:1/none"), 3_000);
    expect(readiness.status).toBe("not_ready");
    expect(readiness.checks.database).toEqual({ ok: false, message: "The database cannot be reached (connection refused, closed or timed out)" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("is not ready on a database whose migrations were not applied (MIGRATE_ON_START=off), and ready after", async () => {
    const db = await openPglite(undefined);
    try {
      const before = await getReadiness(() => Promise.resolve(db));
      expect(before.status).toBe("not_ready");
      expect(before.checks.migrations).toMatchObject({ ok: false, applied: 0, message: expect.stringContaining("npm run db:migrate") as unknown });
      await migrateDatabase(db);
      const after = await getReadiness(() => Promise.resolve(db));
      expect(after.status).toBe("ready");
      expect(after.checks.migrations.ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});

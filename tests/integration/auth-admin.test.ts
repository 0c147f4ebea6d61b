import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseUrl, testTargets, type TestDatabase } from "../helpers/databases";
import { jsonRequest, params, useDatabase } from "../helpers/routes";
import { bearer, enableAuth, signedIn } from "../helpers/auth";
import { addMachines, M1 } from "../helpers/fixtures";
import { LAST_USED_RESOLUTION_MS, validateApiToken } from "@/lib/auth/api-tokens";
import { createUser, ensureFirstAdmin, findCredentials, updateUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/lib/auth/password";
import { openPglite } from "@/lib/db/pglite";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Queryable } from "@/lib/db/types";
import { PATCH as patchEventRoute } from "@/app/api/v1/anomaly/[id]/route";

// With AUTH=on, on PGlite and PostgreSQL: who the anomaly workflow records (never a claimed
// x-user), how often a token's last use is written, the first admin from ADMIN_EMAIL and
// ADMIN_PASSWORD, and `npm run user:create` run as the script it is.

enableAuth();

const roleOf = async (db: Queryable, login: string) => (await db.query<{ role: string; disabled: boolean }>("SELECT role, disabled FROM users WHERE lower(login) = lower($1)", [login]))[0];
const passwordWorks = async (db: Queryable, login: string, password: string) => verifyPassword((await findCredentials(db, login))?.passwordHash ?? null, password);

describe.each(testTargets())("auth administration on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await t?.drop();
  });

  it("records the signed-in user in the anomaly workflow, whatever x-user or who claim", async () => {
    await addMachines(t.db, [M1]);
    const [event] = await t.db.query<{ id: string }>(
      `INSERT INTO anomaly_events (machine_id, detector, start_time, end_time, severity, peak_score, excess_kwh, status)
       VALUES ($1, 'profile', '2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z', 'high', 5, 3, 'open') RETURNING id::text AS id`,
      [M1],
    );
    const engineer = await signedIn(t.db, "engineer");
    const request = jsonRequest(`/api/v1/anomaly/${event!.id}`, { status: "acknowledged", who: "mallory (body)" }, "PATCH");
    request.headers.set("cookie", engineer.cookie);
    request.headers.set("x-user", "mallory (header)");
    const res = await patchEventRoute(request, params({ id: event!.id }));
    expect(res.status).toBe(200);
    const history = await t.db.query<{ who: string; to_status: string }>("SELECT who, to_status FROM anomaly_event_history WHERE event_id = $1", [event!.id]);
    expect(history).toEqual([{ who: engineer.user.login, to_status: "acknowledged" }]);
    // A token acts under its name.
    const tok = await bearer(t.db, ["admin"], "gateway");
    const byToken = jsonRequest(`/api/v1/anomaly/${event!.id}`, { status: "resolved" }, "PATCH");
    byToken.headers.set("authorization", tok.authorization);
    byToken.headers.set("x-user", "mallory (header)");
    expect((await patchEventRoute(byToken, params({ id: event!.id }))).status).toBe(200);
    const whoNow = await t.db.query<{ who: string }>("SELECT who FROM anomaly_event_history WHERE event_id = $1 ORDER BY at, id", [event!.id]);
    expect(whoNow.map((r) => r.who)).toEqual([engineer.user.login, "token:gateway"]);
  });

  it("writes a token's last use at most once a minute", async () => {
    const tok = await bearer(t.db, ["read"], "meter 7");
    const lastUsed = async () => {
      const [row] = await t.db.query<{ ms: number | null }>("SELECT (extract(epoch FROM last_used_at) * 1000)::float8 AS ms FROM api_tokens WHERE id = $1", [tok.info.id]);
      return row?.ms ?? null;
    };
    expect(await lastUsed()).toBeNull();
    const t0 = Date.UTC(2026, 0, 5, 10);
    expect(await validateApiToken(t.db, tok.token, new Date(t0))).not.toBeNull();
    expect(await lastUsed()).toBe(t0);
    // 59.999 s later: not written again.
    await validateApiToken(t.db, tok.token, new Date(t0 + LAST_USED_RESOLUTION_MS - 1));
    expect(await lastUsed()).toBe(t0);
    // A minute after the stored time: written.
    await validateApiToken(t.db, tok.token, new Date(t0 + LAST_USED_RESOLUTION_MS));
    expect(await lastUsed()).toBe(t0 + LAST_USED_RESOLUTION_MS);
    expect(LAST_USED_RESOLUTION_MS).toBe(60_000);
  });

  it("creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD once, and promotes an existing login when no admin exists", async () => {
    await t.db.execute("DELETE FROM users");
    expect(await ensureFirstAdmin(t.db, undefined, "a long enough password")).toBe(false);
    expect(await ensureFirstAdmin(t.db, "ops@plant.example", undefined)).toBe(false);
    expect(await t.db.query("SELECT 1 FROM users")).toHaveLength(0);

    expect(await ensureFirstAdmin(t.db, "Ops@Plant.example", "first admin password")).toBe(true);
    expect(await roleOf(t.db, "ops@plant.example")).toEqual({ role: "admin", disabled: false });
    expect(await passwordWorks(t.db, "ops@plant.example", "first admin password")).toBe(true);
    // Every later start: an admin exists, nothing changes (not even the password).
    expect(await ensureFirstAdmin(t.db, "ops@plant.example", "another password here")).toBe(false);
    expect(await passwordWorks(t.db, "ops@plant.example", "first admin password")).toBe(true);
    expect(await ensureFirstAdmin(t.db, "second@plant.example", "another password here")).toBe(false);
    expect(await roleOf(t.db, "second@plant.example")).toBeUndefined();

    // No admin left, the login exists as a disabled viewer: it becomes an enabled admin with the given password.
    await t.db.execute("UPDATE users SET role = 'viewer', disabled = true WHERE lower(login) = 'ops@plant.example'");
    expect(await ensureFirstAdmin(t.db, "ops@plant.example", "reset by the environment")).toBe(true);
    expect(await roleOf(t.db, "ops@plant.example")).toEqual({ role: "admin", disabled: false });
    expect(await passwordWorks(t.db, "ops@plant.example", "reset by the environment")).toBe(true);
  });

  it("two admins demoting each other at once leave one admin: the second gets the 409 (on PostgreSQL the two run side by side)", async () => {
    await t.db.execute("DELETE FROM users");
    const a = await createUser(t.db, { login: "a@plant.example", password: "a long enough password", role: "admin" });
    const b = await createUser(t.db, { login: "b@plant.example", password: "a long enough password", role: "admin" });
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([updateUser(t.db, a.id, { role: "engineer" }), updateUser(t.db, b.id, { disabled: true })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(refused.reason).toBeInstanceOf(AppError);
      expect((refused.reason as AppError).message).toContain("only enabled admin");
      expect(await t.db.query("SELECT login FROM users WHERE role = 'admin' AND NOT disabled")).toHaveLength(1);
      await t.db.execute("UPDATE users SET role = 'admin', disabled = false");
    }
  });
});

/** Runs `npm run user:create`'s script (tsx with the react-server condition, as package.json does). */
function userCreate(args: string[], env: Record<string, string | undefined>, stdin = ""): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "error" };
    delete childEnv.DATABASE_URL;
    delete childEnv.USER_PASSWORD;
    for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/user-create.ts", ...args], { env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

describe.each(testTargets())("npm run user:create on %s", (target) => {
  let dir = "";
  let t: TestDatabase | undefined;
  // PGlite: the script and the test take turns on one directory; PostgreSQL: a database of its own.
  let targetEnv: Record<string, string> = {};
  beforeAll(async () => {
    if (target === "pglite") {
      dir = mkdtempSync(path.join(tmpdir(), "enms-user-create-"));
      targetEnv = { PGLITE_DIR: dir };
    } else {
      t = await createTestDatabase(target);
      targetEnv = { DATABASE_URL: databaseUrl(target, t.name) };
    }
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  async function withDb<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    if (t) return fn(t.db);
    const db = await openPglite(dir);
    try {
      await migrateDatabase(db);
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  it("creates a user with the password from USER_PASSWORD, refuses a second without --update, updates from stdin", async () => {
    const created = await userCreate(["--login", "Maria@Plant.example", "--role", "engineer", "--name", "Maria K."], { ...targetEnv, USER_PASSWORD: "maria's first password" });
    // The login is kept as typed and compared without case.
    expect(created.out).toContain("Created engineer Maria@Plant.example (Maria K.)");
    expect(created.code).toBe(0);
    expect(await withDb((db) => roleOf(db, "maria@plant.example"))).toEqual({ role: "engineer", disabled: false });
    expect(await withDb((db) => passwordWorks(db, "maria@plant.example", "maria's first password"))).toBe(true);

    const again = await userCreate(["--login", "maria@plant.example", "--role", "admin"], { ...targetEnv, USER_PASSWORD: "maria's second password" });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/exists; add --update/);
    expect(await withDb((db) => roleOf(db, "maria@plant.example"))).toEqual({ role: "engineer", disabled: false });

    const updated = await userCreate(["--login", "maria@plant.example", "--role", "admin", "--update"], targetEnv, "maria's second password\n");
    expect(updated.code).toBe(0);
    expect(updated.out).toContain("Updated admin Maria@Plant.example");
    expect(await withDb((db) => roleOf(db, "maria@plant.example"))).toEqual({ role: "admin", disabled: false });
    expect(await withDb((db) => passwordWorks(db, "maria@plant.example", "maria's second password"))).toBe(true);
    expect(await withDb((db) => passwordWorks(db, "maria@plant.example", "maria's first password"))).toBe(false);
  }, 180_000);

  it("refuses a bad role and a short password, naming them, and writes nothing", async () => {
    const role = await userCreate(["--login", "bob@plant.example", "--role", "superuser"], { ...targetEnv, USER_PASSWORD: "a long enough password" });
    expect(role.code).not.toBe(0);
    expect(role.out).toMatch(/--role/);
    const short = await userCreate(["--login", "bob@plant.example", "--role", "viewer"], { ...targetEnv, USER_PASSWORD: "short" });
    expect(short.code).not.toBe(0);
    expect(short.out).toMatch(/password/);
    expect(await withDb((db) => roleOf(db, "bob@plant.example"))).toBeUndefined();
  }, 120_000);
});

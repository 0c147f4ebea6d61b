import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { useDatabase } from "../helpers/routes";
import { bearer, enableAuth, signedIn } from "../helpers/auth";
import { GET as listMachinesRoute } from "@/app/api/v1/machines/route";
import { GET as listUsersRoute } from "@/app/api/v1/users/route";
import { POST as detectRoute } from "@/app/api/v1/anomaly/detect/route";
import { POST as signinRoute } from "@/app/api/auth/signin/route";
import { DELETE as revoke } from "@/app/api/v1/tokens/[id]/route";

// Sign-in and access through the real route handlers with AUTH=on, on PGlite and PostgreSQL.

// Next.js calls every handler with (request, context); some are typed with fewer parameters.
type Handler = (request: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const listMachines = listMachinesRoute as unknown as Handler;
const listUsers = listUsersRoute as unknown as Handler;
const detect = detectRoute;
const signin = signinRoute;

enableAuth();
const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://localhost${url}`, { headers });
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${url}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe.each(testTargets())("auth on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await t?.drop();
  });

  it("answers 401 with WWW-Authenticate: Bearer and a message without credentials", async () => {
    const res = await listMachines(get("/api/v1/machines"));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await res.json()) as { message: string }).message).toMatch(/Sign in/);
  });

  it("lets each role and token scope do what the policy grants and answers 403 naming the permission otherwise", async () => {
    const viewer = await signedIn(t.db, "viewer");
    const engineer = await signedIn(t.db, "engineer");
    const admin = await signedIn(t.db, "admin");
    const read = await bearer(t.db, ["read"]);
    const ingest = await bearer(t.db, ["ingest"]);
    const all = await bearer(t.db, ["admin"]);
    const who: Record<string, Record<string, string>> = {
      viewer: { cookie: viewer.cookie },
      engineer: { cookie: engineer.cookie },
      admin: { cookie: admin.cookie },
      read: { authorization: read.authorization },
      ingest: { authorization: ingest.authorization },
      tokenAdmin: { authorization: all.authorization },
    };
    const cases: [string, (h: Record<string, string>) => Promise<Response>, string[]][] = [
      ["read", (h) => listMachines(get("/api/v1/machines", h)), ["viewer", "engineer", "admin", "read", "tokenAdmin"]],
      ["operate", (h) => detect(post("/api/v1/anomaly/detect", {}, h)), ["engineer", "admin", "tokenAdmin"]],
      ["admin", (h) => listUsers(get("/api/v1/users", h)), ["admin", "tokenAdmin"]],
    ];
    for (const [permission, call, allowed] of cases) {
      for (const [name, headers] of Object.entries(who)) {
        const res = await call(headers);
        if (allowed.includes(name)) expect([401, 403], `${name} on ${permission}`).not.toContain(res.status);
        else {
          expect(res.status, `${name} on ${permission}`).toBe(403);
          expect(((await res.json()) as { message: string }).message).toContain(`"${permission}"`);
        }
      }
    }
  });

  it("refuses a revoked token with 401 and records last use", async () => {
    const admin = await signedIn(t.db, "admin");
    const tok = await bearer(t.db, ["read"], "revoked one");
    expect((await listMachines(get("/api/v1/machines", { authorization: tok.authorization }))).status).toBe(200);
    const [row] = await t.db.query<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_tokens WHERE id = $1", [tok.info.id]);
    expect(row?.last_used_at).not.toBeNull();
    expect((await revoke(new Request(`http://localhost/api/v1/tokens/${tok.info.id}`, { method: "DELETE", headers: { cookie: admin.cookie } }), { params: Promise.resolve({ id: tok.info.id }) })).status).toBe(200);
    expect((await listMachines(get("/api/v1/machines", { authorization: tok.authorization }))).status).toBe(401);
  });

  it("refuses an expired session and deletes it", async () => {
    const s = await signedIn(t.db, "viewer");
    await t.db.execute("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [s.user.id]);
    expect((await listMachines(get("/api/v1/machines", { cookie: s.cookie }))).status).toBe(401);
    expect(await t.db.query("SELECT 1 FROM sessions WHERE user_id = $1", [s.user.id])).toHaveLength(0);
  });

  it("refuses a cookie-authenticated write from another origin; a bearer write is exempt", async () => {
    const s = await signedIn(t.db, "engineer");
    const evil = await detect(post("/api/v1/anomaly/detect", {}, { cookie: s.cookie, origin: "http://evil.example" }));
    expect(evil.status).toBe(403);
    const site = await detect(post("/api/v1/anomaly/detect", {}, { cookie: s.cookie, "sec-fetch-site": "cross-site" }));
    expect(site.status).toBe(403);
    const tok = await bearer(t.db, ["admin"]);
    const viaToken = await detect(post("/api/v1/anomaly/detect", {}, { authorization: tok.authorization, origin: "http://evil.example" }));
    expect([401, 403]).not.toContain(viaToken.status);
  });

  it("stores argon2id password hashes and only the SHA-256 of session tokens", async () => {
    const s = await signedIn(t.db, "viewer");
    const [u] = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE id = $1", [s.user.id]);
    expect(u?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await t.db.query("SELECT 1 FROM sessions WHERE id = $1", [s.token])).toHaveLength(0);
  });

  it("signs in with the right password, answers one message for unknown logins and wrong passwords, and rate-limits with 429 and Retry-After", async () => {
    const s = await signedIn(t.db, "viewer", `limit-${target}`);
    const ip = { "x-forwarded-for": `10.0.0.${target === "pglite" ? 1 : 2}` };
    const ok = await signin(post("/api/auth/signin", { login: s.user.login.toUpperCase(), password: "correct horse battery" }, ip));
    expect(ok.status).toBe(204);
    expect(ok.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);
    expect(ok.headers.get("set-cookie")).not.toMatch(/Secure/);
    const unknown = (await (await signin(post("/api/auth/signin", { login: `nobody-${target}`, password: "whatever it is" }, ip))).json()) as { message: string };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await signin(post("/api/auth/signin", { login: s.user.login, password: "wrong password" }, ip));
      statuses.push(last.status);
      if (i === 0) expect(((await last.json()) as { message: string }).message).toBe(unknown.message);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

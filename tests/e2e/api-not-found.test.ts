import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

// The built app with sign-in on: a path under /api/ that no route serves answers a JSON 404 for
// every method (it was a 307 to /signin, or the HTML not-found page once signed in), while the
// routes that exist still win over the catch-all.

describe("unknown API paths under next start (AUTH=on)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ AUTH: "on", AUTH_OFF_CONFIRM: "", ADMIN_EMAIL: "admin-404@example.com", ADMIN_PASSWORD: "a long enough password", DEMO_DAYS: "2", SCHEDULER: "off" });
  }, 240_000);
  afterAll(async () => server?.stop());

  it("answers 404 JSON naming the method and path, without a redirect", async () => {
    for (const [method, p] of [["GET", "/api/v1/openapi.json"], ["GET", "/api/v1/machine"], ["POST", "/api/v1/ingest/energy/extra"], ["PUT", "/api/nothing"], ["PATCH", "/api/v1/machines/x/y/z"], ["DELETE", "/api/v1"]] as const) {
      const res = await fetch(`${server.url}${p}`, { method, redirect: "manual", ...(method === "GET" ? {} : { body: "{}", headers: { "content-type": "application/json" } }) });
      expect(res.status, `${method} ${p}`).toBe(404);
      expect(res.headers.get("content-type"), `${method} ${p}`).toContain("application/json");
      expect(await res.json()).toMatchObject({ error: "not_found", message: `No API route ${method} ${p}; see /api/openapi.json` });
    }
  });

  it("leaves existing routes to their handlers", async () => {
    expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(200);
    // A real route still asks for credentials.
    expect((await fetch(`${server.url}/api/v1/machines`, { redirect: "manual" })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/ingest/energy`, { method: "POST", body: "[]", redirect: "manual" })).status).toBe(401);
  });
});

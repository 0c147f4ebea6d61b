import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";

// The built app under its security headers in Chromium: the dashboard and the API reference load
// with no Content-Security-Policy violation and no script error; and with PostgreSQL behind a
// proxy taken down and brought back, a page says the database cannot be reached and comes back
// by itself.

/** Records CSP violations and uncaught errors of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

describe("security headers in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sends the CSP, frame, referrer, content-type and permissions headers on pages and API answers", async () => {
    for (const p of ["/", "/api/health", "/api/v1/machines"]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.headers.get("content-security-policy"), p).toContain("frame-ancestors 'none'");
      expect(res.headers.get("content-security-policy"), p).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("permissions-policy"), p).toContain("camera=()");
      expect(res.headers.get("x-frame-options"), p).toBe("DENY");
      expect(res.headers.get("x-powered-by"), p).toBeNull();
      // Plain HTTP: no HSTS (it is for the HTTPS deployment, README "Deployment").
      expect(res.headers.get("strict-transport-security"), p).toBeNull();
    }
    const traced = await fetch(`${server.url}/api/health`, { headers: { "x-request-id": "e2e-trace-1" } });
    expect(traced.headers.get("x-request-id")).toBe("e2e-trace-1");
    // The server's stdout is a pipe: its line may arrive just after the answer.
    await expect.poll(() => server.log()).toMatch(/"request_id":"e2e-trace-1"[^\n]*"path":"\/api\/health"[^\n]*"status":200/);
  });

  it("renders the dashboard pages without a CSP violation or script error", async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="kpi-cards"]');
    for (const path of ["/anomalies", "/reports", "/compare", "/data", "/jobs"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
    }
    await page.goto(`${server.url}/machines`);
    await page.waitForSelector('[data-testid="machine-row"]');
    await page.goto(`${server.url}/baselines`);
    await page.waitForLoadState("networkidle");
    await page.goto(`${server.url}/machines/c0000000-0000-0000-0000-000000000001`);
    await page.waitForSelector("svg.recharts-surface");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("serves the API reference from the app, listing every operation, under the same CSP", async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector(".opblock");
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(spec.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    await expect.poll(() => page.locator(".opblock").count()).toBe(operations);
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)("a page while the database is out of reach (PostgreSQL; skipped without TEST_DATABASE_URL)", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestDatabase("postgresql");
    const target = new URL(pgUrl!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const through = new URL(pgUrl!);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    through.pathname = `/${t.name}`;
    server = await startServer({ DATABASE_URL: through.toString() }, { ready: () => true });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await proxy?.close();
    await t?.drop();
  });

  it("shows that the database cannot be reached, then reloads by itself when it is back", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/machines`);
    await page.getByRole("heading", { name: "Machines" }).waitFor();
    await proxy.down();
    await page.goto(`${server.url}/machines`);
    await page.getByText("The database cannot be reached.").waitFor({ timeout: 20_000 });
    expect(await page.getByText("This page checks again every 5 seconds").count()).toBe(1);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);
    // Back: the page notices within its 5 s retry and reloads itself into the real page.
    const reloaded = page.waitForEvent("framenavigated", { timeout: 30_000 });
    await proxy.up();
    await reloaded;
    await page.getByRole("heading", { name: "Machines" }).waitFor({ timeout: 30_000 });
    // (Next.js keeps a route announcer with role alert on every page: look for the message itself.)
    expect(await page.getByText("The database cannot be reached").count()).toBe(0);
    await page.close();
  }, 120_000);
});

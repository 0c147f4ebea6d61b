import { startServer } from "../helpers/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { appEnv, hasPgBinaries, startPgCluster, type PgCluster } from "../helpers/pg-cluster";

// The database out of reach, on a private PostgreSQL cluster stopped and started for real (the
// proxy case of a running app is in security.test.ts): the app started while the server is down
// answers liveness, says so on /api/health, /api/health/ready and the API (503, Retry-After, a
// message), shows it on a page, and, once the server is up, connects, migrates, starts its
// scheduler and reloads the page by itself; a crash of the server later (immediate stop) is the
// same 503 and the same recovery, with no restart of the app.


/** `next start` whose database is down: ready once liveness answers (/api/health cannot pass here). */
const startWithoutDatabase = (env: Record<string, string>) => startServer(env, { healthPath: "/api/health/live", ready: () => true });

const statusOf = async (url: string) => (await fetch(url).catch(() => null))?.status ?? 0;

describe.skipIf(!hasPgBinaries())("the database unreachable (private PostgreSQL cluster stopped and started)", () => {
  let cluster: PgCluster;
  let app: Awaited<ReturnType<typeof startWithoutDatabase>>;
  let browser: Browser;

  beforeAll(async () => {
    cluster = await startPgCluster();
    await cluster.createDatabase("enms_fault");
    cluster.stop();
    app = await startWithoutDatabase(appEnv(cluster.url("enms_fault"), { SCHEDULER: "on" }));
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    cluster?.destroy();
  });

  it("says so on health, readiness, the API and a page while down at start, and comes up by itself", async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { status: string; database: string; message: string };
    expect([body.status, body.database]).toEqual(["unavailable", "unreachable"]);
    expect(body.message).toMatch(/database/i);
    const ready = await fetch(`${app.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "not_ready", checks: { database: { ok: false } } });
    const api = await fetch(`${app.url}/api/v1/machines`);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("5");
    expect(((await api.json()) as { message: string }).message).toMatch(/database cannot be reached/i);

    const page = await browser.newPage();
    // The document's HTTP status is Next.js's for a server component that threw (500); what the
    // reader sees is the app's error page with the reason and a retry, not a blank or generic page.
    await page.goto(`${app.url}/machines`);
    await page.getByText("The database cannot be reached.").waitFor({ timeout: 30_000 });
    expect(await page.getByText(/Internal Server Error|Application error/i).count()).toBe(0);

    // The server comes up: the app connects and migrates on its own, the page reloads into itself.
    const reloaded = page.waitForEvent("framenavigated", { timeout: 60_000 });
    cluster.start();
    await expect.poll(() => statusOf(`${app.url}/api/health`), { timeout: 60_000, interval: 1_000 }).toBe(200);
    await reloaded;
    await page.getByRole("heading", { name: "Machines" }).waitFor({ timeout: 30_000 });
    expect(await page.getByText("The database cannot be reached").count()).toBe(0);
    await page.close();
    const readyNow = await fetch(`${app.url}/api/health/ready`);
    expect(readyNow.status).toBe(200);
    expect(await readyNow.json()).toMatchObject({ status: "ready", checks: { database: { ok: true }, migrations: { ok: true } } });
    // Start-up finished in the background too: the scheduler runs (instrumentation.ts retries every 5 s).
    await expect.poll(() => app.log(), { timeout: 30_000 }).toMatch(/database reachable again; start-up completed/);
  }, 240_000);

  it("answers 503 while the server is crashed and recovers without a restart of the app", async () => {
    expect(await statusOf(`${app.url}/api/v1/machines`)).toBe(200);
    cluster.stop("immediate");
    await expect.poll(() => statusOf(`${app.url}/api/health`), { timeout: 30_000, interval: 500 }).toBe(503);
    expect(await statusOf(`${app.url}/api/health/ready`)).toBe(503);
    const api = await fetch(`${app.url}/api/v1/machines`);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("5");
    cluster.start();
    await expect.poll(() => statusOf(`${app.url}/api/health`), { timeout: 60_000, interval: 1_000 }).toBe(200);
    expect(await statusOf(`${app.url}/api/health/ready`)).toBe(200);
    expect(await statusOf(`${app.url}/api/v1/machines`)).toBe(200);
    // No request ended in a raw 500 on the way.
    expect(app.log()).not.toMatch(/"status":500/);
  }, 180_000);
});

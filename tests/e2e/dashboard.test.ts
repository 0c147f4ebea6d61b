import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";

describe("the built app on a fresh embedded database", () => {
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

  it("seeds the demo plant on first start and reports it in /api/health", async () => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { database: string; latest: { energy: string } };
    expect(health.database).toBe("pglite");
    expect(Date.now() - Date.parse(health.latest.energy)).toBeLessThan(3_600_000);
    const machines = (await (await fetch(`${server.url}/api/v1/machines`)).json()) as { id: string; name: string }[];
    expect(machines.length).toBeGreaterThanOrEqual(8);
    expect(machines.find((m) => m.id === COMPRESSOR)?.name).toBe("Compressor-1");
  });

  it("shows the plant overview with KPI cards and every machine's energy in Chromium", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="stacked-energy-chart"] .recharts-bar-rectangle');
    expect(await page.locator('[data-testid="kpi-card"]').count()).toBe(7);
    expect(Number(await page.locator('[data-testid="kpi-card"][data-kpi="energy"]').getAttribute("data-value"))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="freshness-row"]').count()).toBeGreaterThanOrEqual(8);
    mkdirSync("tests/e2e/screenshots", { recursive: true });
    await page.screenshot({ path: "tests/e2e/screenshots/overview.png", fullPage: true });
    await page.close();
  });

  it("ingests over HTTP and exports the series as CSV through the real server", async () => {
    // A one-minute reading at the start of a minute (one at :30 would overrun its minute bucket).
    const time = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
    const res = await fetch(`${server.url}/api/v1/ingest/energy`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // A plausible minute for the 90 kW compressor (ingestion refuses more than 3 × its rating).
      body: JSON.stringify([{ time, machine_id: COMPRESSOR, power_kw: 80, energy_kwh: 1.25 }]),
    });
    expect(res.status).toBe(200);
    const from = time;
    const to = new Date(Date.parse(time) + 60_000).toISOString();
    const csv = await (await fetch(`${server.url}/api/v1/machines/${COMPRESSOR}/series?metrics=energy&bucket=1min&from=${from}&to=${to}&format=csv`)).text();
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toBe("time,total_energy_kwh,coverage");
    expect(row?.split(",")[0]).toBe(time);
    expect(Number(row?.split(",")[1])).toBeGreaterThanOrEqual(1.25);
    // The demo's one-minute readings: the interval is taken from the machine's stored readings.
    expect(Number(row?.split(",")[2])).toBeGreaterThanOrEqual(1);
  });
});

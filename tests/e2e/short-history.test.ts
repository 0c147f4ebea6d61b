import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { failedCheckText, type StoredCheck } from "@/lib/analytics/baseline/standing";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

// A machine with 8 days of readings (DEMO_DAYS=8), under the 16 a forecast needs: its page's
// forecast panel says what is needed and what the machine has, in plant dates, without asking the
// API for a forecast it would refuse: no request fails and the console stays empty. The browser
// runs in Los Angeles so a date in the browser's zone would show.

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";

describe("a machine with under two weeks of history", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ PLANT_TZ: "Europe/Berlin", DEMO_DAYS: "8" });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows an empty forecast panel in plant dates, with no failing request and no console error", async () => {
    const page = await (await browser.newContext({ timezoneId: "America/Los_Angeles" })).newPage();
    const problems: string[] = [];
    const forecastCalls: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/forecast")) forecastCalls.push(r.url());
    });
    await page.goto(`${server.url}/machines/${COMPRESSOR}`, { waitUntil: "networkidle" });
    const panel = page.getByTestId("machine-forecast");
    await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(1);
    const text = await panel.innerText();
    expect(text).toContain("Not enough history to forecast yet");
    const m = text.match(/Forecasts need 16 days of hourly readings .*; this machine has (\d+) days, since (\d{1,2} [A-Z][a-z]{2})\. The forecast appears here from (\d{1,2} [A-Z][a-z]{2}) /);
    expect(m, text).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(7);
    expect(Number(m![1])).toBeLessThanOrEqual(8);
    // The first reading's plant day, and 16 days later: both as Berlin shows them.
    const plantDay = (ms: number) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", day: "numeric", month: "short" }).format(ms);
    const since = [8, 9].map((d) => plantDay(Date.now() - d * 86_400_000));
    expect(since).toContain(m![2]);
    const sinceMs = Date.now() - (since.indexOf(m![2]!) + 8) * 86_400_000;
    expect([plantDay(sinceMs + 16 * 86_400_000), plantDay(sinceMs + 17 * 86_400_000)]).toContain(m![3]);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await panel.locator('a[href="/data"]').count()).toBe(1);
    expect(forecastCalls).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it("a first baseline that fails a check is active but never reads healthy, on the machine page and in the studio", async () => {
    // Humidity explains a compressor's energy poorly: R² and the driver's p-value fail; stored and active all the same.
    const end = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const res = await fetch(`${server.url}/api/v1/baseline/train`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ machine_id: COMPRESSOR, drivers: ["avg_humidity_pct"], start_date: new Date(end - 6 * 86_400_000).toISOString(), end_date: new Date(end).toISOString() }),
    });
    const model = (await res.json()) as { model_id: string; is_active: boolean; quality_checks: StoredCheck[] };
    expect(res.status, JSON.stringify(model).slice(0, 300)).toBe(201);
    expect(model.is_active).toBe(true);
    const failed = model.quality_checks.filter((c) => !c.passed);
    expect(failed.length).toBeGreaterThan(0);
    const label = `Active — fails ${failed.map(failedCheckText).join(", ")}`;
    const health = (await (await fetch(`${server.url}/api/v1/baseline/models/${model.model_id}/health`)).json()) as { status: string; label: string };
    // A fit this poor also misses the thresholds over the last 30 days: drifting, and failing its checks.
    expect(["fails_checks", "drift"]).toContain(health.status);
    expect(health.label).toContain(label);

    const page = await (await browser.newContext({ timezoneId: "America/Los_Angeles" })).newPage();
    await page.goto(`${server.url}/machines/${COMPRESSOR}`);
    const baselines = page.getByTestId("machine-baselines");
    await expect.poll(() => baselines.getByTestId("model-standing").count(), { timeout: 30_000 }).toBe(1);
    expect(await baselines.getByTestId("model-standing").innerText()).toBe(label);
    expect(await baselines.innerText()).not.toMatch(/healthy/i);

    await page.goto(`${server.url}/baselines?machine_id=${COMPRESSOR}`);
    const history = page.getByTestId("version-history");
    await expect.poll(() => history.getByTestId("model-health").count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => history.getByTestId("model-health").getAttribute("data-status"), { timeout: 30_000 }).toBe(health.status);
    expect(await history.getByTestId("model-standing").innerText()).toBe(label);
    expect(await history.innerText()).not.toMatch(/healthy/i);
  }, 120_000);
});

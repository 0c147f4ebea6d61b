import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

// The machine explorer's forecast panel in Chromium against `next start`: bands, the method used,
// the backtest table, the URL state, and no horizontal scroll at 820 px. 22 days of demo data:
// two weeks are needed before the forecast origin to measure a method's errors.

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";

describe("forecast panel on the machine explorer", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ PLANT_TZ: "Europe/Berlin", DEMO_DAYS: "22" });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 820, height: 1000 }, timezoneId: "America/Los_Angeles" })).newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the next 24 hours with bands, the method and every method's backtest accuracy", async () => {
    await page.goto(`${server.url}/machines/${COMPRESSOR}?forecast_hours=24&forecast_method=seasonal`);
    const panel = page.getByTestId("machine-forecast");
    await expect.poll(() => panel.innerText(), { timeout: 60_000 }).toMatch(/Seasonal from .* kWh expected over 24 h/);
    expect(await panel.getByRole("button", { name: "24 h" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => panel.locator(".recharts-area").count()).toBe(2); // the 80 % and 95 % bands
    expect(await panel.innerText()).toContain("kWh per hour");
    await expect.poll(() => panel.locator("tbody tr").count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
    expect(await panel.locator("tbody").innerText()).toContain("Persistence (reference)");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(820);
    mkdirSync("test-results/screenshots", { recursive: true });
    await panel.screenshot({ path: "test-results/screenshots/forecast-panel.png" });
  }, 180_000);

  it("keeps the method in the URL and says what to do when a method cannot forecast", async () => {
    await page.getByTestId("machine-forecast").getByLabel("Forecast method").selectOption("baseline");
    await expect.poll(() => new URL(page.url()).searchParams.get("forecast_method")).toBe("baseline");
    // The demo seeds no baselines: the panel says why and what to do, in the server's words.
    await expect.poll(() => page.getByTestId("machine-forecast").innerText(), { timeout: 60_000 }).toMatch(/No forecast with this method yet[\s\S]*no active baseline model: train one/);
  }, 120_000);
});

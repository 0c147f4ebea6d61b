import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

// The jobs page in Chromium against `next start` on a freshly seeded embedded (living) demo:
// reached from the navigation bar, every job listed with its schedule, a manual run followed to
// its end, the runs listed, no horizontal scroll at 820 px.

const SHOTS = "test-results/screenshots";

describe("the jobs page", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ PLANT_TZ: "Europe/Berlin" });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: "America/Los_Angeles" })).newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists the jobs from the nav bar and runs one to its end", async () => {
    await page.goto(server.url);
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" });
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/jobs$/);
    await page.getByRole("heading", { name: /refresh-rollups/ }).waitFor();
    for (const name of ["refresh-rollups", "living-demo", "detect-anomalies", "freshness-check", "kpi-snapshots", "retrain-baselines"]) {
      expect(await page.getByRole("heading", { name: new RegExp(name) }).count()).toBe(1);
    }
    // Each card's buttons are named after its job (six "Run now" buttons were indistinguishable
    // when tabbing through the page with a screen reader).
    for (const name of ["refresh-rollups", "kpi-snapshots", "retrain-baselines"]) {
      expect(await page.getByRole("button", { name: `Run now: ${name}`, exact: true }).count()).toBe(1);
      expect(await page.getByRole("button", { name: `Show runs of ${name}`, exact: true }).count()).toBe(1);
    }
    const card = page.locator("li > section", { has: page.getByRole("heading", { name: /kpi-snapshots/ }) });
    expect(await card.getByText("20 0 * * *").count()).toBe(1);
    // The anomaly jobs run lib/anomaly's detection: they can be run by hand like the others.
    const detect = page.locator("li > section", { has: page.getByRole("heading", { name: /detect-anomalies/ }) });
    expect(await detect.getByRole("button", { name: "Run now" }).isDisabled()).toBe(false);

    await card.getByRole("button", { name: "Run now" }).click();
    // Badge and button tell one state: never "Succeeded" beside "Running…".
    const samples: string[][] = [];
    for (let i = 0; i < 600; i++) {
      const state = await card.evaluate((c) => [c.querySelector("button")?.textContent ?? "", c.querySelector("h2 span")?.textContent ?? ""]);
      samples.push(state);
      if (state[0] === "Run now" && state[1] === "Succeeded") break;
      await page.waitForTimeout(100);
    }
    expect(samples.filter(([button, badge]) => (button === "Running…") !== (badge === "Running"))).toEqual([]);
    await expect.poll(() => card.getByRole("heading").innerText(), { timeout: 60_000 }).toMatch(/Succeeded/);
    await card.getByRole("button", { name: "Show runs" }).click();
    await card.getByRole("list", { name: "Runs of kpi-snapshots" }).waitFor();
    expect(await card.getByRole("list", { name: "Runs of kpi-snapshots" }).innerText()).toMatch(/manual/);
    await page.screenshot({ path: `${SHOTS}/jobs.png`, fullPage: true });

    // The embedded demo is living: its job is enabled; the run history is behind the API too.
    const jobs = (await (await fetch(`${server.url}/api/v1/jobs`)).json()) as { jobs: { name: string; enabled: boolean; status: string }[] };
    expect(jobs.jobs.find((j) => j.name === "living-demo")?.enabled).toBe(true);
    expect(jobs.jobs.find((j) => j.name === "kpi-snapshots")?.status).toBe("succeeded");
  });

  it("has no horizontal scroll at 820 px", async () => {
    await page.setViewportSize({ width: 820, height: 1000 });
    await page.goto(`${server.url}/jobs`);
    await page.getByRole("heading", { name: /retrain-baselines/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  });
});

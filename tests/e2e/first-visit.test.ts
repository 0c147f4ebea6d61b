import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

// A first visit to a plant with no machines yet (DEMO_SEED_ON_START=off): every page that needs a
// machine says so and links to the data page where machines are added, none shows an error, and
// the browser's console stays empty (no 404 for a missing icon, no unknown Permissions-Policy feature).

describe("first visit to an empty plant", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ DEMO_SEED_ON_START: "off" }, { ready: () => true });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("points every page to the data page and logs nothing in the console", async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") console.push(`${page.url()}: ${m.text()}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) console.push(`${r.status()} ${r.url()}`);
    });
    for (const path of ["/", "/machines", "/baselines", "/anomalies", "/reports", "/compare"]) {
      await page.goto(`${server.url}${path}`, { waitUntil: "load" });
      await page.getByText("No machines yet").waitFor();
      expect(await page.locator('main a[href="/data"]').count(), path).toBe(1);
      expect(await page.getByText(/Could not/).count(), path).toBe(0);
    }
    expect(console).toEqual([]);
  });
});

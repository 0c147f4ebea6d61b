import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../tests/helpers/browser";
import { startServer } from "../tests/helpers/server";
import { median, round } from "./util";

// The dashboard in Chromium against `next start` on the 90-day demo plant (embedded database,
// seeded on first start; `next build` must have run): the overview's largest contentful paint,
// the machine explorer's range change (a quick-range click to the new chart painted), and the
// compressed JavaScript the overview loads. Measured with the browser's Performance API.

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 7);

async function overviewLcp(browser: Browser, url: string): Promise<{ lcpMs: number; jsBytes: number }> {
  // A fresh context each time: no cached scripts, as a first visit.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('[data-testid="freshness-row"]');
  const out = await page.evaluate<{ lcpMs: number; jsBytes: number }>(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const lcp = list.getEntries().at(-1).startTime;
      const js = performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script" || r.name.endsWith(".js")).reduce((s, r) => s + r.encodedBodySize, 0);
      resolve({ lcpMs: lcp, jsBytes: js });
    }).observe({ type: "largest-contentful-paint", buffered: true });
  })`);
  await context.close();
  return out;
}

/**
 * Click a quick range and wait for the chart at the new bucket width to be drawn; ms from click to
 * the frame after. The page script is a string: tsx names functions with a helper the page lacks.
 */
async function rangeChange(page: Page, button: string, bucket: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const b = [...document.querySelectorAll("button")].find((x) => x.textContent.trim() === ${JSON.stringify(button)});
    if (!b) return reject(new Error("no button"));
    const t0 = performance.now();
    b.click();
    function check() {
      const shown = document.querySelector('[data-testid="bucket-width"]')?.getAttribute("data-bucket");
      const chart = document.querySelector('[data-testid="series-chart"]');
      const drawn = chart && !chart.className.includes("opacity-60") && chart.querySelector(".recharts-area-area");
      if (shown === ${JSON.stringify(bucket)} && drawn) requestAnimationFrame(() => resolve(performance.now() - t0));
      else if (performance.now() - t0 > 30000) reject(new Error("range change timed out"));
      else requestAnimationFrame(check);
    }
    requestAnimationFrame(check);
  })`);
}

export async function uiBenches(results: Record<string, number>): Promise<void> {
  const server = await startServer({ DEMO_DAYS: "90" }, { timeoutMs: 600_000 });
  const browser = await launchBrowser();
  try {
    await overviewLcp(browser, server.url); // warm the server (first render compiles nothing, but fills caches)
    const runs: { lcpMs: number; jsBytes: number }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await overviewLcp(browser, server.url));
    results.ui_overview_lcp_ms = round(median(runs.map((r) => r.lcpMs)));
    results.ui_overview_js_gzip_kb = round(median(runs.map((r) => r.jsBytes)) / 1024);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/machines/${COMPRESSOR}`);
    await page.waitForSelector('[data-testid="series-chart"] .recharts-area-area');
    const times: number[] = [];
    // 7 days (15-minute buckets) ↔ 30 days (hourly): each click fetches and redraws at another width.
    await rangeChange(page, "30 days", "hourly");
    await rangeChange(page, "7 days", "15min");
    for (let i = 0; i < RUNS; i++) {
      times.push(await rangeChange(page, "30 days", "hourly"));
      times.push(await rangeChange(page, "7 days", "15min"));
    }
    results.ui_explorer_range_change_ms = round(median(times));
    await page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`ui: overview LCP ${results.ui_overview_lcp_ms} ms (target ≤ 1500), range change ${results.ui_explorer_range_change_ms} ms (target ≤ 300), overview JS ${results.ui_overview_js_gzip_kb} kB compressed`);
}

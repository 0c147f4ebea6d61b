import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { defaultRange, plantDateInput, toPlantIso } from "@/lib/time/plant-time";

// The anomaly viewer as a plant manager uses it, in Chromium against `next start` on a freshly
// seeded embedded database (three weeks of the demo plant, whose last third holds labelled
// faults; browser in Los Angeles, plant in Berlin): run detection, read the events ranked as the
// API ranks them, open one, acknowledge it with a note, filter through the URL, download the CSV.

const PLANT_TZ = "Europe/Berlin";
const SHOTS = "test-results/screenshots";

interface Ev {
  id: string;
  status: string;
  history?: { to_status: string; note: string | null }[];
  allowed_transitions?: string[];
  series?: { points: unknown[] };
}

describe("anomaly viewer", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let eventId = "";
  const shot = (name: string, p: Page = page) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const api = async <T>(path: string, init?: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, init);
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as T;
  };
  // The page's default period: the last 30 plant days up to and including today.
  const window = () => {
    const r = defaultRange(Date.now(), 30, PLANT_TZ);
    return { r, from: toPlantIso(r.from, PLANT_TZ), to: toPlantIso(r.to, PLANT_TZ) };
  };
  const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const shownIds = () => page.locator('[data-testid="anomaly-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event-id")));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The scheduler off: detection here is the person pressing "Detect now", not the hourly job.
    server = await startServer({ PLANT_TZ, DEMO_DAYS: "21", SCHEDULER: "off" }, { timeoutMs: 300_000 });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: "America/Los_Angeles", acceptDownloads: true });
    page = await context.newPage();
  }, 320_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("says what to do before detection ran, then detects and ranks events by cost as the API does", async () => {
    await page.goto(`${server.url}/anomalies`);
    await page.getByText("No anomalies in this period").waitFor();
    expect(await page.getByRole("link", { name: "train a baseline" }).getAttribute("href")).toBe("/baselines");
    await shot("anomalies-empty");
    // The detect form starts on the page's period: the whole demo (21 days) lies inside it.
    const { r, from, to } = window();
    expect(await page.locator('input[name="detect_from"]').inputValue()).toBe(plantDateInput(r.from, PLANT_TZ));
    await page.getByRole("button", { name: "Detect now" }).click();
    const counts = page.getByTestId("detect-counts");
    await counts.waitFor({ timeout: 180_000 });
    const created = Number(await counts.getAttribute("data-created"));
    expect(created).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="anomaly-row"]');
    const ranked = await api<{ items: { id: string; excess_cost: number | null; excess_kwh: number }[]; next_cursor: string | null }>(`/api/v1/anomaly?${qs({ from, to, order: "cost", limit: "25" })}`);
    expect(ranked.items.length).toBeGreaterThan(0);
    expect(await shownIds()).toEqual(ranked.items.map((e) => e.id));
    // Ranked: excess cost (no tariff in the demo: null for all), then excess kWh, descending.
    const kwh = ranked.items.map((e) => e.excess_kwh);
    expect([...kwh].sort((a, b) => b - a)).toEqual(kwh);
    // The same events as bars on the timeline.
    const all = await api<{ items: { id: string }[] }>(`/api/v1/anomaly?${qs({ from, to, order: "time", limit: "500" })}`);
    expect(created).toBeLessThanOrEqual(all.items.length);
    await expect.poll(() => page.locator('[data-testid="timeline-bar"]').count()).toBe(all.items.length);
    if (ranked.next_cursor) {
      await page.getByRole("button", { name: "Load more" }).click();
      const next = await api<{ items: { id: string }[] }>(`/api/v1/anomaly?${qs({ from, to, order: "cost", limit: "25", cursor: ranked.next_cursor })}`);
      await expect.poll(shownIds).toEqual([...ranked.items, ...next.items].map((e) => e.id));
    }
    eventId = ranked.items[0]!.id;
    await shot("anomalies-list");
  }, 240_000);

  it("opens the costliest event with its series, evidence and history", async () => {
    // By keyboard: the row is a button; Enter opens the event and focus moves to its detail.
    await page.locator(`[data-testid="anomaly-row"][data-event-id="${eventId}"]`).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`id=${eventId}`));
    const detail = page.getByTestId("anomaly-detail");
    await detail.waitFor();
    expect(await page.evaluate(() => document.activeElement?.contains(document.querySelector('[data-testid="anomaly-detail"]')) ?? false)).toBe(true);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Close/);
    const ev = await api<Ev>(`/api/v1/anomaly/${eventId}`);
    const chart = page.getByTestId("anomaly-series-chart");
    // Every hour of the API's series up to now (a recent event's context reaches into the future).
    const past = (ev.series!.points as { time: string }[]).filter((p) => Date.parse(p.time) < Date.now()).length;
    expect(past).toBeGreaterThan(24);
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThanOrEqual(past - 1);
    expect(Number(await chart.getAttribute("data-points"))).toBeLessThanOrEqual(past);
    await chart.locator(".recharts-line-curve").first().waitFor({ state: "attached" });
    await expect.poll(() => chart.locator(".recharts-area-area").count()).toBeGreaterThan(0);
    expect(await chart.innerText()).toMatch(/kWh per hour/);
    await page.getByTestId("anomaly-evidence").getByText(/Actual .* kWh against .* kWh expected/).waitFor();
    expect(await page.getByTestId("history-entry").count()).toBe(ev.history!.length);
    expect(await detail.getByTestId("detail-status").getAttribute("data-status")).toBe("open");
    for (const [name, to] of [["Acknowledge", "acknowledged"], ["Resolve", "resolved"], ["Mark false positive", "false_positive"], ["Reopen", "open"]] as const) {
      expect(await detail.getByRole("button", { name, exact: true }).isEnabled(), name).toBe(ev.allowed_transitions!.includes(to));
    }
    await shot("anomaly-detail");
  });

  it("acknowledges it with a note; the status, the history and the API agree", async () => {
    const detail = page.getByTestId("anomaly-detail");
    const note = "Checked on site: drain valve of the dryer stuck open";
    await detail.getByLabel(/Note/).fill(note);
    await detail.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await expect.poll(() => detail.getByTestId("detail-status").getAttribute("data-status")).toBe("acknowledged");
    await expect.poll(() => page.getByTestId("history-entry").count()).toBe(2);
    expect(await page.getByTestId("history-entry").last().innerText()).toContain(note);
    const ev = await api<Ev>(`/api/v1/anomaly/${eventId}`);
    expect(ev.status).toBe("acknowledged");
    expect(ev.history!.at(-1)).toMatchObject({ to_status: "acknowledged", note });
    expect(await detail.getByRole("button", { name: "Acknowledge", exact: true }).isDisabled()).toBe(true);
    expect(await page.locator(`[data-testid="anomaly-row"][data-event-id="${eventId}"] [data-testid="row-status"]`).innerText()).toBe("Acknowledged");

    // Someone else resolves it meanwhile: the page still offers "Resolve", and the server's 409 is shown.
    await api(`/api/v1/anomaly/${eventId}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "resolved", note: "closed by the night shift", who: "night-shift" }) });
    await detail.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect.poll(() => detail.getByTestId("error-message").innerText()).toMatch(/cannot become resolved; allowed: open/);
    await expect.poll(() => detail.getByTestId("detail-status").getAttribute("data-status")).toBe("resolved");
    await shot("anomaly-acknowledged");
  });

  it("keeps filters and order in the URL, with back and forward", async () => {
    const { from, to } = window();
    await page.getByLabel("Status", { exact: true }).selectOption("open");
    await page.waitForURL(/status=open/);
    const open = await api<{ items: { id: string }[] }>(`/api/v1/anomaly?${qs({ status: "open", from, to, order: "cost", limit: "25" })}`);
    await expect.poll(shownIds).toEqual(open.items.map((e) => e.id));
    expect(open.items.map((e) => e.id)).not.toContain(eventId);
    await page.getByRole("button", { name: "Time", exact: true }).click();
    await page.waitForURL(/order=time/);
    const byTime = await api<{ items: { id: string }[] }>(`/api/v1/anomaly?${qs({ status: "open", from, to, order: "time", limit: "25" })}`);
    await expect.poll(shownIds).toEqual(byTime.items.map((e) => e.id));
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has("order") || u.searchParams.get("order") === "cost");
    await expect.poll(shownIds).toEqual(open.items.map((e) => e.id));
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has("status"));
    expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("");
    await page.goForward();
    await page.waitForURL(/status=open/);
    expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("open");
    await expect.poll(shownIds).toEqual(open.items.map((e) => e.id));
    // A link reproduces the view: the open event survives a reload.
    expect(new URL(page.url()).searchParams.get("id")).toBe(eventId);
  });

  it("downloads the list as the API's CSV, named with the period", async () => {
    const { r, from, to } = window();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("anomaly-list-card").getByRole("button", { name: /Download .* as CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`anomalies_${plantDateInput(r.from, PLANT_TZ)}_${plantDateInput(r.to - 1, PLANT_TZ)}_by-cost.csv`);
    const lines = readFileSync(await download.path(), "utf8").trim().split("\r\n");
    const res = await fetch(`${server.url}/api/v1/anomaly?${qs({ status: "open", from, to, order: "cost", limit: "500", format: "csv" })}`);
    const apiLines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(apiLines[0]);
    expect(lines[0]).toMatch(/excess_kwh \(kWh\)/);
    expect(lines).toHaveLength(apiLines.length);
    expect(lines).toEqual(apiLines);
  });

  it("lists the open anomalies ranked by cost on the overview, each linking to its detail", async () => {
    const top = await api<{ items: { id: string }[] }>(`/api/v1/anomaly?${qs({ status: "open", order: "cost", limit: "5" })}`);
    await page.goto(server.url);
    const slot = page.getByTestId("anomalies-slot");
    await slot.locator('[data-testid="overview-anomaly"]').first().waitFor();
    expect(await slot.locator('[data-testid="overview-anomaly"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event-id")))).toEqual(top.items.map((e) => e.id));
    await shot("overview-anomalies");
    await slot.locator('[data-testid="overview-anomaly"] a').first().click();
    await page.waitForURL(new RegExp(`/anomalies\\?.*id=${top.items[0]!.id}`));
    await page.getByTestId("anomaly-detail").waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Anomalies" }).getAttribute("aria-current")).toBe("page");
  });

  it("fits 820 px and 390 px without horizontal scrolling", async () => {
    for (const width of [820, 390]) {
      const p = await context.newPage();
      await p.setViewportSize({ width, height: 900 });
      await p.goto(`${server.url}/anomalies?id=${eventId}`);
      await p.getByTestId("anomaly-detail").locator(".recharts-line-curve").first().waitFor({ state: "attached" });
      await p.waitForTimeout(300);
      const { scrollWidth, clientWidth } = await p.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, `anomalies at ${width} px`).toBeLessThanOrEqual(clientWidth);
      await shot(`anomalies-${width}`, p);
      await p.close();
    }
  }, 60_000);
});

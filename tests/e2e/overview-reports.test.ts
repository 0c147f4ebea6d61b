import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { completeDays, previousPeriod } from "@/lib/dashboard/period";
import { addPlantDays, plantDateInput, toPlantIso } from "@/lib/time/plant-time";

// The overview, reports and compare pages as a plant manager uses them, in Chromium against
// `next start` on a freshly seeded embedded database (browser in Los Angeles, plant in Berlin).
// Every figure on screen is checked against the API's answer for the same period.

const PLANT_TZ = "Europe/Berlin";
const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const COMPRESSOR_2 = "c0000000-0000-0000-0000-000000000002";
const SHOTS = "test-results/screenshots";

interface Summary {
  total_energy_kwh: number | null;
  sec_kwh_per_unit: number | null;
  peak_demand_kw: number | null;
  load_factor: number | null;
  ratio_enpi_kwh_per_unit: number | null;
}

describe("overview, reports and compare", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const api = async <T>(path: string, init?: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, init);
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const week = () => {
    const p = completeDays(Date.now(), 7, PLANT_TZ);
    return { p, start_date: toPlantIso(p.from, PLANT_TZ), end_date: toPlantIso(p.to, PLANT_TZ) };
  };
  const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const cardValue = async (kpi: string) => {
    const v = await page.locator(`[data-testid="kpi-card"][data-kpi="${kpi}"]`).getAttribute("data-value");
    return v === "" || v === null ? null : Number(v);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ PLANT_TZ });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: "America/Los_Angeles", acceptDownloads: true });
    page = await context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the plant's KPI cards as the summary API gives them, with the change against the previous week", async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="kpi-card"]');
    const { p, start_date, end_date } = week();
    const cur = await api<Summary>(`/api/v1/kpi/summary?${qs({ start_date, end_date })}`);
    const prevP = previousPeriod(p, PLANT_TZ);
    const prev = await api<Summary>(`/api/v1/kpi/summary?${qs({ start_date: toPlantIso(prevP.from, PLANT_TZ), end_date: toPlantIso(prevP.to, PLANT_TZ) })}`);
    expect(cur.total_energy_kwh).toBeGreaterThan(0);
    expect(await cardValue("energy")).toBe(cur.total_energy_kwh);
    expect(await cardValue("sec")).toBe(cur.sec_kwh_per_unit);
    expect(await cardValue("peak_demand")).toBe(cur.peak_demand_kw);
    expect(await cardValue("load_factor")).toBe(cur.load_factor);
    // The demo plant has no tariff or grid factor: the cards say why instead of showing 0.
    expect(await cardValue("cost")).toBeNull();
    expect(await page.locator('[data-kpi="cost"] [data-testid="kpi-absent"]').innerText()).toMatch(/no tariff is set/);
    // Eight days of demo data: the week before holds about one day, so a change can be stated.
    const pct = await page.locator('[data-kpi="energy"] [data-testid="kpi-change"]').getAttribute("data-pct");
    expect(Number(pct)).toBeCloseTo((100 * (cur.total_energy_kwh! - prev.total_energy_kwh!)) / prev.total_energy_kwh!, 6);
    await page.waitForSelector('[data-testid="stacked-energy-chart"] .recharts-bar-rectangle');
    await page.waitForSelector('[data-testid="pareto-chart"] .recharts-line-curve');
    expect(await page.getByTestId("anomalies-slot").getByRole("link", { name: /anomaly viewer/ }).getAttribute("href")).toBe("/anomalies");
    // The KPI cards' CSV is named like the page's other exports: plant dates as 2026-11-24_2026-11-30.
    const [kpiCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download plant KPIs as CSV/ }).click()]);
    expect(kpiCsv.suggestedFilename()).toBe(`plant_kpis_${start_date.slice(0, 10)}_${plantDateInput(p.to - 1, PLANT_TZ)}.csv`);
    await shot("overview-full");
  });

  it("ranks consumers in the Pareto in the order of the API's per-machine energy", async () => {
    const { start_date, end_date } = week();
    const carbon = await api<{ by_machine: { machine_id: string; machine_name: string; energy_kwh: number | null }[] }>(`/api/v1/kpi/carbon?${qs({ start_date, end_date, granularity: "daily" })}`);
    const expected = carbon.by_machine
      .filter((m) => m.energy_kwh !== null)
      .sort((a, b) => b.energy_kwh! - a.energy_kwh! || a.machine_name.localeCompare(b.machine_name))
      .map((m) => m.machine_id);
    const shown = await page.locator('[data-testid="pareto-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-machine-id")));
    expect(shown).toEqual(expected);
    expect(shown.length).toBeGreaterThanOrEqual(8);
  });

  it("follows a new period through the URL and back", async () => {
    await page.getByRole("button", { name: "Last 30 days" }).click();
    await page.waitForURL(/start_date=/);
    const p = completeDays(Date.now(), 30, PLANT_TZ);
    const url = new URL(page.url());
    expect(Date.parse(url.searchParams.get("start_date")!)).toBe(p.from);
    const cur = await api<Summary>(`/api/v1/kpi/summary?${qs({ start_date: toPlantIso(p.from, PLANT_TZ), end_date: toPlantIso(p.to, PLANT_TZ) })}`);
    await expect.poll(() => cardValue("energy"), { timeout: 20_000 }).toBe(cur.total_energy_kwh);
    await page.goBack();
    const { start_date, end_date } = week();
    const weekly = await api<Summary>(`/api/v1/kpi/summary?${qs({ start_date, end_date })}`);
    await expect.poll(() => cardValue("energy"), { timeout: 20_000 }).toBe(weekly.total_energy_kwh);
  });

  it("downloads the report's per-bucket table with the API's rows, units in the header and the plant's time zone", async () => {
    const { p, start_date, end_date } = week();
    await page.goto(`${server.url}/reports?${qs({ area: "Utilities", granularity: "daily", start_date, end_date })}`);
    await page.waitForSelector('[data-testid="bucket-table-row"]');
    const sec = await api<{ series: { time: string }[]; machines: unknown[] }>(`/api/v1/kpi/sec?${qs({ area: "Utilities", granularity: "daily", start_date, end_date })}`);
    expect(sec.series).toHaveLength(7);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("bucket-table").getByRole("button", { name: /Download .* as CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Area-Utilities_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_daily_kpis-per-bucket\.csv$/);
    const lines = readFileSync(await download.path(), "utf8").trim().split("\r\n");
    expect(lines[0]).toBe(`bucket start (${PLANT_TZ}),machine,energy (kWh),production (units),SEC (kWh per unit),cost (no tariff),CO2 (kg),coverage (%)`);
    expect(lines).toHaveLength(1 + sec.series.length);
    expect(lines[1]!.split(",")[0]).toBe(toPlantIso(p.from, PLANT_TZ));
    expect(lines[1]!.split(",")[1]).toBe("Area Utilities");

    // KPIs by machine: one row per machine of the area and the area's total, names in the rows.
    const [kpiDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("kpi-table").getByRole("button", { name: /Download .* as CSV/ }).click()]);
    const kpiLines = readFileSync(await kpiDownload.path(), "utf8").trim().split("\r\n");
    expect(kpiLines).toHaveLength(1 + sec.machines.length + 1);
    expect(kpiLines.slice(1).map((l) => l.split(",")[0])).toContain("Compressor-1");
    const compressor = await api<Summary>(`/api/v1/kpi/summary?${qs({ machine_id: COMPRESSOR, start_date, end_date })}`);
    const row = kpiLines.find((l) => l.startsWith("Compressor-1,"))!.split(",");
    expect(Number(row[2])).toBe(Math.round(compressor.total_energy_kwh!));
    await shot("reports");
  });

  it("prints the report on A4 with the plant, period, time zone and generation time, without the navigation", async () => {
    await page.emulateMedia({ media: "print" });
    const header = page.getByTestId("print-header");
    await expect.poll(() => header.isVisible()).toBe(true);
    const text = await header.innerText();
    expect(text).toContain(PLANT_TZ);
    expect(text).toMatch(/Period \d{1,2} [A-Z][a-z]{2} \d{4} – \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(text).toMatch(/Generated \w{3},? \d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}:\d{2} \(Europe\/Berlin\)/);
    expect(text).toContain(await page.getByTestId("plant-name").innerText());
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
    await shot("reports-print");
    // "KPIs by machine" fits A4's 186 mm between the 12 mm margins (703 px at 96 px per inch), so
    // no browser has to shrink the page or cut its right-hand columns.
    await page.setViewportSize({ width: 703, height: 1000 });
    const kpiTable = page.getByTestId("kpi-table").locator("table");
    expect(await kpiTable.evaluate((t) => [t.scrollWidth, t.parentElement!.clientWidth])).toSatisfy(([table, box]: number[]) => table! <= box!);
    await page.setViewportSize({ width: 1400, height: 1000 });
    // Printing lays the page out at A4's width without a resize event: the chart must follow its
    // box by CSS alone. The page is narrowed and measured in one task, before the chart could redraw.
    const surface = page.getByTestId("report-chart").locator(".recharts-wrapper > svg.recharts-surface").first();
    await expect.poll(() => surface.evaluate((svg) => Number(svg.getAttribute("width")))).toBeGreaterThan(1000);
    const [svgRight, boxRight] = await page.getByTestId("report-chart").evaluate((card) => {
      const main = document.querySelector("main")!;
      main.style.width = "703px";
      const right = [card.querySelector(".recharts-wrapper > svg.recharts-surface")!.getBoundingClientRect().right, card.getBoundingClientRect().right];
      main.style.width = "";
      return right;
    });
    expect(svgRight).toBeLessThanOrEqual(boxRight!);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await page.emulateMedia({ media: "screen" });
  });

  it("labels the energy axis of a small machine with the ticks' own values, evenly spaced (not 0, 0, 0, 1, 1 kWh)", async () => {
    // The conveyor on a Sunday: under 1 kWh an hour, ticks 0.2 or 0.25 apart.
    const { p } = week();
    let sunday = p.from;
    while (new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: PLANT_TZ }).format(sunday) !== "Sun") sunday = addPlantDays(sunday, 1, PLANT_TZ);
    await page.goto(`${server.url}/reports?${qs({ machine_id: "c0000000-0000-0000-0000-000000000009", granularity: "hourly", start_date: toPlantIso(sunday, PLANT_TZ), end_date: toPlantIso(addPlantDays(sunday, 1, PLANT_TZ), PLANT_TZ) })}`);
    const labels = page.getByTestId("report-chart").locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
    await expect.poll(() => labels.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const values = (await labels.allTextContents()).map((t) => Number(t.replace(/,/g, "")));
    const steps = values.slice(1).map((v, i) => v - values[i]!);
    expect(steps[0]).toBeGreaterThan(0);
    for (const d of steps) expect(d).toBeCloseTo(steps[0]!, 9);
  });

  it("keeps the whole-period KPIs when the period holds no whole bucket of the granularity, and says why in the buckets' place", async () => {
    // Tuesday to Thursday of the last week with readings: no whole ISO week.
    const { p } = week();
    let tuesday = addPlantDays(p.to, -2, PLANT_TZ);
    while (new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: PLANT_TZ }).format(tuesday) !== "Tue") tuesday = addPlantDays(tuesday, -1, PLANT_TZ);
    await page.goto(`${server.url}/reports?${qs({ granularity: "weekly", start_date: toPlantIso(tuesday, PLANT_TZ), end_date: toPlantIso(addPlantDays(tuesday, 2, PLANT_TZ), PLANT_TZ) })}`);
    const chart = page.getByTestId("report-chart");
    await expect.poll(() => chart.getByRole("alert").count(), { timeout: 30_000 }).toBe(1);
    expect(await chart.getByRole("alert").textContent()).toContain("weekly");
    await expect.poll(() => page.getByRole("table").first().locator("tbody tr").count(), { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await page.getByText("Compressor-1", { exact: true }).count()).toBeGreaterThan(0);
  });

  it("compares two machines side by side on energy, SEC and load profile", async () => {
    await page.goto(`${server.url}/compare`);
    await page.getByText("Choose 2 to 6 machines").waitFor();
    await page.getByRole("checkbox", { name: "Compressor-1" }).check();
    await page.getByRole("checkbox", { name: "Compressor-2" }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("machine_id")).toBe(`${COMPRESSOR},${COMPRESSOR_2}`);
    await page.waitForSelector('[data-testid="compare-row"]');
    const { start_date, end_date } = week();
    for (const id of [COMPRESSOR, COMPRESSOR_2]) {
      const s = await api<Summary>(`/api/v1/kpi/summary?${qs({ machine_id: id, start_date, end_date })}`);
      expect(Number(await page.locator(`[data-testid="compare-row"][data-machine-id="${id}"] [data-testid="compare-energy"]`).getAttribute("data-value"))).toBe(s.total_energy_kwh);
    }
    await page.waitForSelector('[data-testid="profile-chart"] .recharts-line-curve');
    await expect.poll(() => page.locator('[data-testid="profile-chart"] .recharts-line-curve').count()).toBe(2);
    const ticks = await page.locator('[data-testid="profile-chart"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks[0]).toBe("00:00");
    await shot("compare");

    await page.getByRole("radio", { name: /one machine over two periods/ }).check();
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(2);
    expect(await page.locator('[data-testid="compare-row"]').first().innerText()).toMatch(/^Compressor-1, /);
    await shot("compare-periods");
  });

  it("cleans a compare link of repeated and extra machine ids and says so; periods mode names the machine it uses", async () => {
    const machines = await api<{ id: string; name: string }[]>("/api/v1/machines");
    const ids = () => new URL(page.url()).searchParams.get("machine_id");
    const note = () => page.getByTestId("compare-link-note").innerText();
    await page.goto(`${server.url}/compare?machine_id=${COMPRESSOR},${COMPRESSOR}`);
    await expect.poll(note).toContain("Compressor-1 was named more than once and is compared once");
    await expect.poll(ids).toBe(COMPRESSOR);
    expect(await page.getByText("Machines (1 of at most 6)").count()).toBe(1);
    const seven = machines.slice(0, 7);
    await page.goto(`${server.url}/compare?machine_id=${seven.map((m) => m.id).join(",")}`);
    await expect.poll(note).toContain(`at most 6 machines are compared: the first 6 named are kept, ${seven[6]!.name} left out`);
    await expect.poll(ids).toBe(seven.slice(0, 6).map((m) => m.id).join(","));
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(6);
    await page.goto(`${server.url}/compare?mode=periods&machine_id=${COMPRESSOR},${COMPRESSOR_2}`);
    await expect.poll(note).toContain("one machine is compared over two periods: Compressor-1 (the first named); Compressor-2 left out");
    await expect.poll(ids).toBe(COMPRESSOR);
  });

  it("says when a link's period is empty, and names a To date before From at the field instead of snapping back", async () => {
    await page.goto(`${server.url}/compare?${qs({ machine_id: `${COMPRESSOR},${COMPRESSOR_2}`, start_date: "2026-10-26", end_date: "2026-10-20" })}`);
    await expect.poll(() => page.getByTestId("period-url-note").innerText()).toBe("The link's period starts on or after its end (start_date 2026-10-26, end_date 2026-10-20): showing the default period, the last 7 complete days.");
    const fromField = page.getByLabel("From (plant date)");
    const toField = page.getByLabel("To (plant date, inclusive)");
    const before = page.url();
    const fromValue = await fromField.inputValue();
    await toField.fill("2020-01-01");
    await expect.poll(() => page.getByTestId("date-range-problem").innerText()).toBe(`To must be on or after From (${fromValue})`);
    expect(await toField.getAttribute("aria-invalid")).toBe("true");
    expect(await toField.inputValue()).toBe("2020-01-01");
    expect(page.url()).toBe(before);
  });

  it("shows a meter that went silent at the top of the freshness table", async () => {
    const created = await api<{ id: string }>("/api/v1/machines", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Silent-Meter", type: "pump", area: "Utilities" }) });
    const time = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000).toISOString();
    await api("/api/v1/ingest/energy", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ time, machine_id: created.id, energy_kwh: 1, interval_s: 900 }]) });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="freshness-row"]');
    const first = page.locator('[data-testid="freshness-row"]').first();
    expect(await first.getAttribute("data-machine-id")).toBe(created.id);
    expect(await first.getAttribute("data-status")).toBe("silent");
    expect(await first.innerText()).toMatch(/silent/);
    expect(await page.getByTestId("freshness-summary").innerText()).toMatch(/1 of \d+ meters is late or silent/);
    await shot("overview-silent-meter");
  });

  it("leaves a billed machine out of the overview's stacked chart by name, keeps /compare's table, and gives its page one message", async () => {
    const created = await api<{ id: string }>("/api/v1/machines", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Billed-1", type: "pump", area: "Utilities" }) });
    const { p, start_date, end_date } = week();
    // One bill over the whole week: longer than a day, an hour, a quarter hour.
    await api("/api/v1/ingest/bill", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ machine_id: created.id, period_start: plantDateInput(p.from, PLANT_TZ), period_end: plantDateInput(p.to, PLANT_TZ), energy_kwh: 700, cost: 140 }]) });
    await page.goto(`${server.url}/?${qs({ start_date, end_date })}`);
    const absent = page.getByTestId("stacked-energy-absent");
    await absent.waitFor();
    expect(await absent.innerText()).toMatch(/Billed-1 has readings longer than a daily bucket \(the one starting [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2,3} \d{4}, 00:00, Europe\/Berlin\)/);
    expect(await absent.innerText()).not.toContain(created.id);
    // The other machines are still stacked.
    // Recharts draws the bars a frame after the note appears: poll, do not read once.
    await expect.poll(() => page.locator('[data-testid="stacked-energy-chart"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await shot("overview-billed");

    await page.goto(`${server.url}/compare?${qs({ machine_id: `${created.id},${COMPRESSOR}`, start_date, end_date })}`);
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(2);
    await expect.poll(() => page.getByTestId("compare-profile-absent").innerText()).toContain("No load profile: Billed-1 has readings longer than an hourly bucket");
    await expect.poll(() => page.locator('[data-testid="profile-chart"] .recharts-line-curve').count()).toBe(1);
    await shot("compare-billed");

    await page.goto(`${server.url}/machines/${created.id}?${qs({ start_date, end_date, granularity: "hourly" })}`);
    await expect.poll(() => page.getByTestId("series-too-long").innerText()).toContain("Billed-1 has readings longer than an hourly bucket");
    await expect.poll(() => page.getByTestId("heatmap-card").innerText()).toContain("No hourly load profile for this range");
    expect(await page.getByTestId("machine-forecast").innerText()).toContain("No hourly forecast for billed readings");
    // No error box (the empty alert is Next's route announcer).
    expect((await page.locator('[role="alert"]').allInnerTexts()).filter((t) => t.trim() !== "")).toEqual([]);
    await shot("machine-billed");
  });
});

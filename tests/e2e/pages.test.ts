import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { TRAINING_DAYS } from "@/lib/dashboard/defaults";
import { defaultRange, formatPlantRange, formatTick, plantTicks, toPlantIso, zonedParts } from "@/lib/time/plant-time";
import { completeDays } from "@/lib/dashboard/period";

// A plant manager's walk through the dashboard, in Chromium against `next start` on a freshly
// seeded embedded database. The browser runs in Los Angeles time and the plant in Berlin, so
// anything drawn in the browser's zone shows up as wrong ticks.

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const PLANT_TZ = "Europe/Berlin";
const SHOTS = "test-results/screenshots";

describe("dashboard pages, as a plant manager uses them", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const api = async <T>(path: string, init?: RequestInit) => (await (await fetch(`${server.url}${path}`, init)).json()) as T;
  const param = (name: string) => new URL(page.url()).searchParams.get(name);
  /** Every drawn chart's role, focusability and accessible name (aria-label): recharts' default is a nameless role="application" tab stop. */
  const charts = () =>
    page.locator(".recharts-wrapper > svg.recharts-surface").evaluateAll((svgs) => svgs.map((s) => ({ role: s.getAttribute("role"), tabindex: s.getAttribute("tabindex"), name: (s.getAttribute("aria-label") ?? "").trim() })));
  const expectNamedCharts = async (atLeast: number) => {
    const found = await charts();
    expect(found.length).toBeGreaterThanOrEqual(atLeast);
    // A chart that is a tab stop or an application has a name; the rest are named images.
    for (const c of found) {
      expect(c.name, JSON.stringify(c)).not.toBe("");
      if (c.role !== "application") expect(c.tabindex === null || Number(c.tabindex) < 0, JSON.stringify(c)).toBe(true);
    }
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

  it("shows the plant, its time zone and the period in the navigation bar, and reaches Machines by keyboard", async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="kpi-card"]');
    await expect.poll(() => page.getByTestId("plant-time-zone").innerText()).toBe(PLANT_TZ);
    expect((await page.getByTestId("plant-name").innerText()).length).toBeGreaterThan(0);
    // The overview's default: the last 7 complete plant days (today, still filling, left out).
    const week = completeDays(Date.now(), 7, PLANT_TZ);
    expect(await page.getByTestId("period").innerText()).toBe(formatPlantRange(week.from, week.to, PLANT_TZ));
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).getAttribute("aria-current")).toBe("page");
    // The stacked energy, Pareto and EnPI charts: each named after its card.
    await page.waitForSelector('[data-testid="stacked-energy-chart"] svg.recharts-surface');
    await page.waitForSelector('[data-testid="pareto-chart"] svg.recharts-surface');
    await expectNamedCharts(2);
    expect(await page.locator('[data-testid="stacked-energy-chart"] .recharts-wrapper > svg.recharts-surface').first().getAttribute("aria-label")).toMatch(/^Energy by machine, (hourly|daily|weekly) \(kWh\)$/);
    expect(await page.locator('[data-testid="pareto-chart"] .recharts-wrapper > svg.recharts-surface').first().getAttribute("role")).toBe("img");
    await shot("overview");
    // Open mode (these servers run AUTH=off): /signin says so instead of offering a form that does nothing.
    await page.goto(`${server.url}/signin?next=%2Fmachines`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign-in is off on this server");
    expect(await page.getByLabel(/password/i).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Continue to the dashboard" }).getAttribute("href")).toBe("/machines");
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="kpi-card"]');
    const machinesLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Machines" });
    await machinesLink.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/machines$/);
    await page.waitForSelector('[data-testid="machine-row"]');
    expect(await page.locator('[data-testid="machine-row"]').count()).toBeGreaterThanOrEqual(8);
    // Its energy column covers the overview's window, the last 7 complete plant days, and says so.
    expect(await page.getByTestId("machine-list-period").innerText()).toContain(formatPlantRange(week.from, week.to, PLANT_TZ));
    const row = page.locator('[data-testid="machine-row"]', { hasText: "Compressor-1" });
    expect(Number((await row.locator("td").nth(4).innerText()).replace(/,/g, ""))).toBeGreaterThan(0);
    // Sorting by the energy column: the rows follow the direction the header announces.
    const energyHeader = page.getByRole("columnheader", { name: /Last 7 days/ });
    await energyHeader.getByRole("button").click();
    const direction = await energyHeader.getAttribute("aria-sort");
    expect(["ascending", "descending"]).toContain(direction);
    const energies = await page.locator('[data-testid="machine-row"] td:nth-child(5)').evaluateAll((tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ""))));
    const sorted = [...energies].sort((a, b) => (direction === "ascending" ? a - b : b - a));
    expect(energies).toEqual(sorted);
    await shot("machines");
  });

  it("opens Compressor-1, zooms with the brush to finer buckets, and goes back and forward", async () => {
    await page.getByRole("link", { name: "Compressor-1" }).click();
    await page.waitForURL(new RegExp(`/machines/${COMPRESSOR}`));
    await page.getByRole("button", { name: "7 days" }).click();
    await page.waitForURL(/start_date=/);
    await page.waitForSelector('[data-testid="series-chart"] .recharts-area-area');
    await expect.poll(() => page.getByTestId("bucket-width").getAttribute("data-bucket")).toBe("15min");
    const from = Date.parse(param("start_date")!);
    const to = Date.parse(param("end_date")!);
    expect(zonedParts(from, PLANT_TZ)).toMatchObject({ hour: 0, minute: 0 });
    expect(await page.getByTestId("period").innerText()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} – \d{1,2} [A-Z][a-z]{2} \d{4}$/);

    // Time-axis ticks: plant-local midnights, placed where those instants fall on the axis.
    const expected = plantTicks(from, to, PLANT_TZ);
    expect(expected.unit).toBe("day");
    // Recharts 3 draws tick labels and lines in layers of their own, outside the axis group.
    const chart = page.locator('[data-testid="series-chart"]');
    await expect.poll(() => chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).toEqual(expected.values.map((t) => formatTick(t, "day", PLANT_TZ)));
    const line = await chart.locator(".recharts-xAxis .recharts-cartesian-axis-line").evaluate((l) => [Number(l.getAttribute("x1")), Number(l.getAttribute("x2"))]);
    const xs = await chart.locator(".recharts-xAxis-tick-lines .recharts-cartesian-axis-tick-line").evaluateAll((ls) => ls.map((l) => Number(l.getAttribute("x1"))));
    expected.values.forEach((t, i) => expect(Math.abs(xs[i]! - (line[0]! + ((t - from) / (to - from)) * (line[1]! - line[0]!)))).toBeLessThan(1.5));
    // The tooltip names the bucket in plant time and each series with its unit ("Energy: 12.3 kWh").
    const plot = await chart.locator(".recharts-cartesian-grid").boundingBox();
    await page.mouse.move(plot!.x + plot!.width / 2, plot!.y + plot!.height / 2);
    await expect.poll(() => chart.locator(".recharts-tooltip-wrapper").textContent()).toMatch(new RegExp(`\\(${PLANT_TZ}\\).*Energy: [\\d.,]+ kWh`));
    await shot("machine-explorer");
    await expectNamedCharts(1);
    // The brush handles are named in plant time, the left one "From …", the right one "To …" (recharts: "Min value: <epoch ms>").
    const handles = await page.locator('[data-testid="series-chart"] .recharts-brush-traveller').evaluateAll((hs) => hs.map((h) => ({ x: h.getBoundingClientRect().x, name: h.getAttribute("aria-label") ?? "" })).sort((a, b) => a.x - b.x).map((h) => h.name));
    const when = "[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2,3} \\d{4}, \\d\\d:\\d\\d \\(Europe/Berlin\\)";
    expect(handles[0]).toMatch(new RegExp(`^From ${when}$`));
    expect(handles[1]).toMatch(new RegExp(`^To ${when}$`));
    expect(handles[0]).toContain(formatTick(from, "day", PLANT_TZ).split(" ").slice(1).join(" "));

    // Drag the brush's left handle to 93 % of the way: about half a day, which the API serves in minutes.
    // (Once the chart has its data: a drag during a re-render is lost.)
    await page.waitForLoadState("networkidle");
    const brush = (await page.locator('[data-testid="series-chart"] .recharts-brush > rect').first().boundingBox())!;
    const handle = (await page.locator('[data-testid="series-chart"] .recharts-brush-traveller').first().boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(brush.x + brush.width * 0.93, handle.y + handle.height / 2, { steps: 20 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId("bucket-width").getAttribute("data-bucket"), { timeout: 15_000 }).toBe("1min");
    const zoomedFrom = Date.parse(param("start_date")!);
    expect(zoomedFrom).toBeGreaterThan(from);
    expect(Date.parse(param("end_date")!) - zoomedFrom).toBeLessThan(25 * 3_600_000);
    await page.waitForSelector('[data-testid="series-chart"] .recharts-area-area');
    await shot("machine-explorer-zoomed");

    await page.goBack();
    await expect.poll(() => page.getByTestId("bucket-width").getAttribute("data-bucket")).toBe("15min");
    expect(Date.parse(param("start_date")!)).toBe(from);
    await page.goForward();
    await expect.poll(() => page.getByTestId("bucket-width").getAttribute("data-bucket")).toBe("1min");
    expect(Date.parse(param("start_date")!)).toBe(zoomedFrom);

    // By keyboard: the arrow keys move the focused handle; after the zoom the focus stays on a handle
    // (the chart is redrawn for the new range), so the next arrow key zooms on instead of being lost.
    await page.waitForLoadState("networkidle");
    const onHandle = () => page.evaluate(() => document.activeElement?.classList.contains("recharts-brush-traveller") ?? false);
    await page.locator('[data-testid="series-chart"] .recharts-brush-traveller').first().focus();
    for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
    await expect.poll(() => Date.parse(param("start_date")!), { timeout: 15_000 }).toBeGreaterThan(zoomedFrom);
    await page.waitForLoadState("networkidle");
    await expect.poll(onHandle, { timeout: 10_000 }).toBe(true);
  });

  it("draws the load profile in plant hours and downloads the series CSV the API would give", async () => {
    // The machine's KPIs over the chart's range are the summary API's.
    const summary = await api<{ total_energy_kwh: number }>(`/api/v1/kpi/summary?machine_id=${COMPRESSOR}&start_date=${encodeURIComponent(param("start_date")!)}&end_date=${encodeURIComponent(param("end_date")!)}`);
    await expect.poll(() => page.getByTestId("machine-kpi-energy").innerText(), { timeout: 20_000 }).toBe(`${summary.total_energy_kwh.toLocaleString("en-GB", { maximumFractionDigits: 0 })} kWh`);
    await page.getByTestId("machine-anomalies").waitFor();
    await page.waitForSelector('[data-testid="load-heatmap"] rect');
    expect(await page.locator('[data-testid="load-heatmap"] rect').count()).toBe(24 * (await page.locator('[data-testid="load-heatmap"] g').count()));
    expect(await page.locator('[data-testid="load-heatmap"] rect title').first().textContent()).toContain(PLANT_TZ);
    // Day rows are labelled as dates are everywhere else in the app: "Mon 23 Nov".
    expect(await page.locator('[data-testid="load-heatmap"] g text').first().textContent()).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}$/);
    const bucket = await page.getByTestId("bucket-width").getAttribute("data-bucket");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("series-card").getByRole("button", { name: /Download .* as CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Compressor-1_series_1min_.*\.csv$/);
    const file = readFileSync((await download.path()), "utf8").trim().split("\r\n");
    const q = new URLSearchParams({ metrics: "energy,production,outdoor_temp", from: param("start_date")!, to: param("end_date")!, bucket: bucket!, format: "csv" });
    const fromApi = (await (await fetch(`${server.url}/api/v1/machines/${COMPRESSOR}/series?${q.toString()}`)).text()).trim().split("\r\n");
    expect(file[0]).toBe("time,total_energy_kwh,coverage,total_production_count,avg_throughput,running_minutes,avg_outdoor_temp_c,min_outdoor_temp_c,max_outdoor_temp_c");
    expect(file[0]).toBe(fromApi[0]);
    expect(file.length).toBe(fromApi.length);
    expect(file.length).toBeGreaterThan(100);
    expect(await page.getByTestId("meter-settings").innerText()).toContain("Compressor-1");
  });

  it("fits baselines live in the studio without storing them, suggests drivers, saves versions and activates one", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Baselines" }).click();
    await page.waitForURL(/\/baselines/);
    await page.getByLabel("Machine", { exact: true }).selectOption({ label: "Compressor-1" });
    await page.waitForURL(new RegExp(`machine_id=${COMPRESSOR}`));
    await page.waitForSelector('[data-testid="driver-picker"] input[type="checkbox"]');
    expect(await page.locator('[data-testid="driver-picker"] tbody tr').count()).toBe(13);
    expect(await page.getByText("No drivers chosen").count()).toBe(1);

    const rSquared = () => page.getByTestId("r-squared").innerText();
    await page.getByRole("checkbox", { name: /^total_production_count/ }).check();
    await expect.poll(() => param("drivers")).toBe("total_production_count");
    await expect.poll(rSquared, { timeout: 20_000 }).toMatch(/^0\.\d+$/);
    const r1 = await rSquared();
    await page.getByRole("checkbox", { name: /^avg_pressure_bar/ }).check();
    await expect.poll(() => param("drivers")).toBe("total_production_count,avg_pressure_bar");
    await expect.poll(rSquared, { timeout: 20_000 }).not.toBe(r1);
    expect(await page.locator('[data-testid="driver-picker"] tr[data-driver="avg_pressure_bar"] td[data-field="p_value"]').innerText()).toMatch(/^(<0\.001|\d\.\d{3})$/);
    // The picker's r and ΔR² are the screen API's for this selection.
    const screened = await api<{ candidates: { name: string; correlation: number | null; delta_r_squared: number | null }[] }>("/api/v1/baseline/screen", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ machine_id: COMPRESSOR, start_date: param("start_date") ?? toPlantIso(defaultRange(Date.now(), TRAINING_DAYS, PLANT_TZ).from, PLANT_TZ), end_date: param("end_date") ?? toPlantIso(defaultRange(Date.now(), TRAINING_DAYS, PLANT_TZ).to, PLANT_TZ), granularity: "hourly", drivers: ["total_production_count", "avg_pressure_bar"] }),
    });
    const production = screened.candidates.find((c) => c.name === "total_production_count")!;
    const cell = (d: string, f: string) => page.locator(`[data-testid="driver-picker"] tr[data-driver="${d}"] td[data-field="${f}"]`).innerText();
    await expect.poll(() => cell("total_production_count", "correlation"), { timeout: 20_000 }).toBe(production.correlation!.toFixed(2));
    // Removing a selected driver can only lower R².
    expect(production.delta_r_squared).toBeLessThanOrEqual(0);
    expect(await cell("total_production_count", "delta_r_squared")).toBe(`−${Math.abs(production.delta_r_squared!).toFixed(3)}`);
    expect(await page.getByTestId("model-reading-text").innerText()).toMatch(/^(Base load|The intercept).*; each .* units? produced/);
    // Eight checks and physical_signs.
    expect(await page.locator('[data-testid="quality-checks"] tbody tr').count()).toBe(9);
    expect(await page.locator('[data-testid="coefficients"] tbody tr').count()).toBe(3);
    await page.waitForSelector('[data-testid="fit-charts"] .recharts-line-curve');
    // Actual/predicted, residuals (keyboard tooltips), the 1:1 scatter and histogram (images): all named.
    await expectNamedCharts(4);
    expect(await page.locator('[data-testid="fit-charts"] .recharts-reference-line').count()).toBeGreaterThanOrEqual(2);
    // The scatters draw every bucket of the fit (dot clouds: the 1:1 scatter, and actual and predicted
    // against each of the two drivers), once the charts have caught up with the fit.
    const buckets = await page.locator('[data-testid="fit-charts-body"]').getAttribute("data-points");
    expect(Number(buckets)).toBeGreaterThan(100);
    await expect.poll(() => page.locator(`[data-testid="fit-charts-body"][aria-busy="false"] .dot-cloud[data-points="${buckets}"]`).count(), { timeout: 20_000 }).toBe(5);
    // No driver scatter's legend sits on its x-axis label (the driver's name and unit).
    const overlapping = await page.locator('[data-testid^="driver-scatter-"]').evaluateAll((figures) =>
      figures.filter((f) => {
        const a = f.querySelector(".recharts-legend-wrapper")!.getBoundingClientRect();
        const b = Array.from(f.querySelectorAll("text.recharts-label")).find((t) => t.textContent !== "kWh")!.getBoundingClientRect();
        return a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right;
      }).length,
    );
    expect(overlapping).toBe(0);

    await page.getByRole("button", { name: "Suggest drivers" }).click();
    await page.waitForSelector('[data-testid="suggestion"]');
    const window = defaultRange(Date.now(), TRAINING_DAYS, PLANT_TZ);
    const suggested = await api<{ suggested_drivers: string[] }>("/api/v1/baseline/suggest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ machine_id: COMPRESSOR, start_date: param("start_date") ?? toPlantIso(window.from, PLANT_TZ), end_date: param("end_date") ?? toPlantIso(window.to, PLANT_TZ), granularity: "hourly" }),
    });
    await expect.poll(() => param("drivers")).toBe(suggested.suggested_drivers.join(","));
    const applied = suggested.suggested_drivers;
    expect(applied.length).toBeGreaterThan(0);
    for (const d of applied) expect(await page.getByRole("checkbox", { name: new RegExp(`^${d}`) }).isChecked()).toBe(true);
    expect(await page.locator('[data-testid="suggestion"] tbody tr').count()).toBe(13);
    expect(await page.locator('[data-testid="suggestion"] tbody').innerText()).toMatch(/kept/);
    await expect.poll(rSquared, { timeout: 20_000 }).toMatch(/^0\.\d+$/);
    expect(await api<unknown[]>(`/api/v1/baseline/models?machine_id=${COMPRESSOR}`)).toHaveLength(0);

    await page.getByRole("button", { name: "Save as new version" }).click();
    await expect.poll(() => page.getByTestId("saved-message").innerText().catch(() => "")).toMatch(/Saved as version 1/);
    await page.waitForSelector('[data-testid="version-history"] tr[data-version="1"][data-active="true"]');
    await page.getByRole("checkbox", { name: /^shift_early/ }).click();
    await page.waitForTimeout(400);
    await expect.poll(() => page.locator('[data-testid="fit-results"][aria-busy="false"]').count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.waitForSelector('[data-testid="version-history"] tr[data-version="2"][data-active="false"]');
    await page.getByRole("button", { name: "Activate version 2" }).click();
    await page.waitForSelector('[data-testid="version-history"] tr[data-version="2"][data-active="true"]');
    const stored = await api<{ model_id: string; model_version: number; is_active: boolean }[]>(`/api/v1/baseline/models?machine_id=${COMPRESSOR}`);
    expect(stored.map((m) => [m.model_version, m.is_active])).toEqual([
      [2, true],
      [1, false],
    ]);
    // The active version's health badge is the health API's verdict.
    const health = await api<{ status: string }>(`/api/v1/baseline/models/${stored[0]!.model_id}/health`);
    await expect.poll(() => page.getByTestId("model-health").getAttribute("data-status"), { timeout: 20_000 }).toBe(health.status);

    await page.getByRole("button", { name: "Show the charts of version 1" }).click();
    await expect.poll(() => page.getByTestId("fit-charts").locator("h2").innerText()).toBe("Version 1 over its training window");
    await page.waitForSelector('[data-testid="fit-charts"] .recharts-scatter-symbol');

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("coefficients").getByRole("button", { name: /Download/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Compressor-1_.*_hourly_coefficients\.csv$/);
    const csv = readFileSync((await download.path()), "utf8").trim().split("\r\n");
    expect(csv[0]).toBe("term,unit,coefficient,std_error,p_value,vif");
    expect(csv.length).toBe(1 + 1 + (param("drivers") ?? "").split(",").length);
    // Version 1 against a reporting period (its own window: it was trained up to today), its CUSUM and a stretch of it.
    await page.waitForSelector('[data-testid="cusum-chart"] .recharts-line-curve', { timeout: 30_000 });
    const v1 = stored.find((m) => m.model_version === 1) as unknown as { model_id: string; training_start_date: string; training_end_date: string };
    const deviation = await api<{ totals: { actual_kwh: number; savings_kwh: number }; buckets: { time: string }[] }>("/api/v1/baseline/deviation", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model_id: v1.model_id, start_date: v1.training_start_date, end_date: v1.training_end_date }),
    });
    expect(await page.getByTestId("period-actual").innerText()).toBe(`${deviation.totals.actual_kwh.toLocaleString("en-GB", { maximumFractionDigits: 0 })} kWh`);
    // Days counted from the first bucket with data (the e2e plant holds only the last days of the window).
    const firstBucket = Date.parse(deviation.buckets[0]!.time);
    const dayInput = (offset: number) => {
      const p = zonedParts(firstBucket + offset * 86_400_000, PLANT_TZ);
      return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
    };
    await page.getByLabel("Stretch from").fill(dayInput(1));
    await page.getByLabel("Stretch to (inclusive)").fill(dayInput(4));
    await expect.poll(() => page.getByTestId("stretch-summary").innerText()).toMatch(/\(\d{2,} buckets\)/);
    await expect.poll(() => page.getByTestId("stretch-savings").innerText().catch(() => "")).toMatch(/^(saved|cost) [\d,]+ kWh/);
    await shot("baseline-studio-reporting-period");
    await page.getByRole("button", { name: /^Start a new baseline from/ }).click();
    await expect.poll(() => param("model_id")).toBeNull();
    // The new window: whole plant days within the stretch (from where its performance changed).
    expect(Date.parse(param("start_date")!)).toBeGreaterThanOrEqual(firstBucket);
    expect(Date.parse(param("end_date")!)).toBeLessThanOrEqual(firstBucket + 6 * 86_400_000);
    expect(Date.parse(param("end_date")!) - Date.parse(param("start_date")!)).toBeGreaterThanOrEqual(86_400_000);

    await page.getByRole("checkbox", { name: "Compare version 1" }).check();
    await page.getByRole("checkbox", { name: "Compare version 2" }).check();
    await page.waitForSelector('[data-testid="version-compare"]');
    expect(await page.locator('[data-testid="version-compare"] thead th').allTextContents()).toEqual(["Figure", "v2 (active)", "v1"]);
    // The new window settles: a fit, or the server's reason it cannot be fitted (a weekday stretch
    // leaves is_weekend identically zero). Counted, not awaited: a locator read waits for its element.
    const settledFit = async () => (await page.locator('[data-testid="fit-results"][aria-busy="false"]').count()) + (await page.getByTestId("error-message").count());
    await expect.poll(settledFit, { timeout: 20_000 }).toBeGreaterThan(0);

    await shot("baseline-studio");
  }, 180_000);

  it("says what to do when a range has no readings, and shows the server's message when a fit is impossible", async () => {
    const p = await context.newPage();
    await p.goto(`${server.url}/machines/${COMPRESSOR}?start_date=2020-01-01T00:00:00%2B01:00&end_date=2020-01-08T00:00:00%2B01:00`);
    await p.getByText("No readings in this range").waitFor();
    expect(await p.getByTestId("series-card").innerText()).toMatch(/Pick an earlier range|quick ranges/);
    await p.goto(`${server.url}/baselines?machine_id=${COMPRESSOR}&start_date=2020-01-01T00:00:00%2B01:00&end_date=2020-01-08T00:00:00%2B01:00&drivers=total_production_count`);
    const message = p.getByTestId("error-message");
    await message.waitFor({ timeout: 20_000 });
    expect(await message.innerText()).toMatch(/No complete hourly buckets for Compressor-1/);
    await shot("studio-error", p);
    await p.close();
  });

  it("fits 820 px and 390 px without horizontal scrolling on every page", async () => {
    const studio = page.url();
    const pages = { overview: "/", reports: "/reports", compare: `/compare?machine_id=${COMPRESSOR},c0000000-0000-0000-0000-000000000002`, machines: "/machines", explorer: `/machines/${COMPRESSOR}`, studio: studio.slice(server.url.length) };
    for (const width of [820, 390]) {
      const p = await context.newPage();
      await p.setViewportSize({ width, height: 900 });
      for (const [name, path] of Object.entries(pages)) {
        await p.goto(`${server.url}${path}`);
        await p.waitForLoadState("networkidle");
        await p.waitForTimeout(300);
        const { scrollWidth, clientWidth } = await p.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        expect(scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(clientWidth);
        await shot(`${name}-${width}`, p);
      }
      await p.close();
    }
  }, 120_000);
});

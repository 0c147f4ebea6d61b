import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addPlantDays, startOfPlantDay, zonedParts, zonedToUtc } from "@/lib/time/plant-time";

// The data page as a plant manager uses it: register a meter, drop a utility portal's export
// (semicolons, decimal commas, day-first dates with the time in its own column, quarter hours
// stamped at their end) onto the page, map its columns, check them on the preview, save the
// mapping as a profile and import; the machine's series API then holds exactly those readings.

const PLANT_TZ = "Europe/Berlin";
const SHOTS = "test-results/screenshots";

describe("data page: import a foreign CSV through a mapping", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const api = async <T>(p: string) => (await (await fetch(`${server.url}${p}`)).json()) as T;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), "enms-data-e2e-"));
    server = await startServer({ PLANT_TZ, DEMO_DAYS: "2" });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: "America/Los_Angeles" });
    page = await context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("adds a meter, maps and checks an export, imports it with its rejected line listed, and the series API shows the rows", async () => {
    await page.goto(`${server.url}/data`);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" }).getAttribute("aria-current")).toBe("page");

    // A new meter, 15-minute readings.
    await page.getByRole("button", { name: "Add a machine" }).click();
    const form = page.getByRole("form", { name: "Add a machine" });
    await form.getByLabel("Name").fill("Press-7");
    await form.getByLabel("Meter interval").selectOption("15min");
    // A negative rated power: the API's message at its field, once, in words without the API's field name.
    const rated = form.getByLabel("Rated power (kW)");
    await rated.fill("-5");
    await form.getByRole("button", { name: "Add machine" }).click();
    await expect.poll(() => rated.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await rated.getAttribute("aria-describedby"))!;
    expect(await form.locator(`[id="${describedBy}"]`).innerText()).toBe("must not be negative");
    expect(await form.getByText("rated_power_kw").count()).toBe(0);
    await rated.fill("");
    await form.getByRole("button", { name: "Add machine" }).click();
    const meterRow = page.getByTestId("meters-table").locator("tr", { hasText: "Press-7" });
    await expect.poll(() => meterRow.getByTestId("last-reading").innerText()).toContain("no readings yet");
    const machines = await api<{ id: string; name: string }[]>("/api/v1/machines");
    const press = machines.find((m) => m.name === "Press-7")!;
    expect(press).toBeDefined();

    // Three days ago in the plant, 08:15 … 10:00 local, each stamp ending its quarter hour; line 5 has a date that does not exist.
    const day = addPlantDays(startOfPlantDay(Date.now(), PLANT_TZ), -3, PLANT_TZ);
    const p = zonedParts(day, PLANT_TZ);
    const date = `${String(p.day).padStart(2, "0")}.${String(p.month).padStart(2, "0")}.${p.year}`;
    const kwh = [1.25, 2.5, 0.75, 3, 1.5, 2.25, 1, 0.5];
    const lines = ["Datum;Uhrzeit;Verbrauch kWh;Leistung kW"];
    kwh.forEach((e, i) => {
      const end = 8 * 60 + 15 * (i + 1);
      lines.push(`${date};${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")};${String(e).replace(".", ",")};${String(e * 4).replace(".", ",")}`);
    });
    lines.splice(4, 0, `31.02.${p.year};09:00;9,9;39,6`);
    const file = path.join(dir, "portal-export.csv");
    writeFileSync(file, lines.join("\r\n") + "\r\n");

    await page.getByTestId("file-input").setInputFiles(file);
    await page.getByTestId("mapping-table").waitFor();
    await page.getByLabel("Column Datum holds").selectOption("time");
    await page.getByLabel("Column Uhrzeit holds").selectOption("time_of_day");
    await page.getByLabel("Column Verbrauch kWh holds").selectOption("energy_kwh");
    await page.getByLabel("Column Leistung kW holds").selectOption("power_kw");
    // No machine column: none is preselected (the plant has several), and nothing can be checked until one is chosen.
    const machineSelect = page.getByRole("combobox", { name: /^Machine/ });
    expect(await machineSelect.inputValue()).toBe("");
    const checkButton = page.getByRole("button", { name: "Check the first rows" });
    expect(await checkButton.isDisabled()).toBe(true);
    expect(await page.locator("#machine-missing").innerText()).toContain("The file has no machine column: choose the machine");
    expect(await checkButton.getAttribute("aria-describedby")).toBe("machine-missing");
    await machineSelect.selectOption(press.id);
    expect(await checkButton.isDisabled()).toBe(false);
    expect(await page.locator("#machine-missing").count()).toBe(0);
    await page.getByLabel("Dates are written").selectOption("day_first");
    await page.getByLabel("A timestamp marks its interval's").selectOption("end");
    await page.getByRole("button", { name: "Check the first rows" }).click();

    const check = page.getByTestId("check-result");
    await expect.poll(() => check.innerText()).toContain("Of the first 9 rows, 8 would be stored and 1 rejected. Nothing has been written yet.");
    expect(await check.getByTestId("stored-rows").locator("tbody tr").count()).toBe(8);
    // Stored at the interval's start, shown in the plant's zone (not the browser's Los Angeles time).
    expect(await check.getByTestId("stored-rows").locator("tbody tr").first().innerText()).toContain("08:00");
    const rejected = check.getByTestId("rejected-lines");
    expect(await rejected.innerText()).toMatch(/5\s+Datum\s+"31\.02\.\d{4}" is not a valid day-first date: that day does not exist in its month/);
    const from = new Date(day).toISOString();
    const to = new Date(addPlantDays(day, 1, PLANT_TZ)).toISOString();
    const series = () => api<{ points: { time: string; total_energy_kwh: number | null }[] }>(`/api/v1/machines/${press.id}/series?metrics=energy&bucket=15min&from=${from}&to=${to}`);
    expect((await series()).points.filter((s) => s.total_energy_kwh !== null)).toHaveLength(0);
    await shot("data-mapping");

    await page.getByLabel("Import the good lines when some are rejected").check();
    await page.getByRole("button", { name: "Save profile and import" }).click();
    const result = page.getByTestId("upload-result");
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain("8 rows stored from 9 lines; 1 rejected.");
    expect(await result.getByTestId("rejected-lines").innerText()).toContain("31.02.");

    // The series API holds the readings: 08:00–10:00 local, each quarter hour its kWh.
    const points = (await series()).points.filter((s) => s.total_energy_kwh !== null);
    expect(points.map((s) => s.total_energy_kwh)).toEqual(kwh);
    expect(new Date(points[0]!.time).getTime()).toBe(zonedToUtc(p.year, p.month, p.day, 8, PLANT_TZ));
    await expect.poll(() => meterRow.getByTestId("last-reading").innerText()).toContain("10:00");
    const profiles = await api<{ name: string; kind: string; machine_id: string; date_format: string }[]>(`/api/v1/import-profiles?machine_id=${press.id}`);
    expect(profiles).toEqual([expect.objectContaining({ name: "portal-export (energy)", kind: "energy", machine_id: press.id, date_format: "day_first" })]);
    await shot("data-imported");

    // A register export (cumulative kWh, date and time of day apart) across the autumn change: the
    // check lists the 24 readings and the 23 consumption rows derived from them.
    const reg = ["Datum;Uhrzeit;Zählerstand (kWh)"];
    for (let i = 0; i < 24; i++) reg.push(`25.10.2026;${String(Math.floor((15 * i) / 60)).padStart(2, "0")}:${String((15 * i) % 60).padStart(2, "0")};${String(5000 + 2.5 * i).replace(".", ",")}`);
    const regFile = path.join(dir, "register-export.csv");
    writeFileSync(regFile, reg.join("\r\n") + "\r\n");
    await page.getByLabel("Saved import profile").selectOption("");
    await page.getByLabel("What the file holds").selectOption("register");
    await page.getByTestId("file-input").setInputFiles(regFile);
    // (The first file had a Uhrzeit column too: wait for this file's own columns.)
    await expect.poll(() => page.getByLabel("Column Zählerstand (kWh) holds").count()).toBe(1);
    await page.getByLabel("Column Datum holds").selectOption("time");
    await page.getByLabel("Column Uhrzeit holds").selectOption("time_of_day");
    await page.getByLabel("Column Zählerstand (kWh) holds").selectOption("energy_register_kwh");
    await page.getByRole("combobox", { name: /^Machine/ }).selectOption(press.id);
    await page.getByLabel("Dates are written").selectOption("day_first");
    await page.getByRole("button", { name: "Check the first rows" }).click();
    await expect.poll(() => page.getByTestId("check-sentence").innerText()).toBe("Of the first 24 rows, 24 register readings would be stored and 23 consumption rows derived from them. Nothing has been written yet.");
    expect(await page.getByTestId("stored-readings").locator("tbody tr").count()).toBe(24);
    expect(await page.getByTestId("stored-rows").locator("tbody tr").count()).toBe(23);
    expect(await page.getByText("No row of the checked lines would be stored").count()).toBe(0);
    await shot("data-register-check");

    // A tablet: nothing scrolls sideways.
    await page.setViewportSize({ width: 820, height: 1100 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shot("data-820");
  }, 120_000);
});

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { formatPlantDateTime } from "@/lib/time/plant-time";

const ADMIN = { login: "admin@plant.example", password: "correct horse battery staple" };

describe("sign-in with AUTH=on against next start", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ AUTH: "on", AUTH_OFF_CONFIRM: "", ADMIN_EMAIL: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, DEMO_DAYS: "2", SCHEDULER: "off" });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("answers 401 to the API and sends pages to /signin without a session; health stays open", async () => {
    expect((await fetch(`${server.url}/api/v1/machines`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
    const page = await fetch(`${server.url}/machines`, { redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(page.status);
    expect(page.headers.get("location")).toContain("/signin?next=%2Fmachines");
  });

  it("signs the first admin in through the form, shows who is signed in, and signs out", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/machines`);
    await page.waitForURL(/\/signin/);
    await page.getByLabel(/login|e-mail|email|user/i).fill(ADMIN.login);
    await page.getByLabel(/password/i).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/machines/);
    await page.getByText(ADMIN.login).first().waitFor();
    expect(await page.getByText(/access is open|open mode/i).count()).toBe(0);
    await page.getByRole("button", { name: /sign out/i }).click();
    await page.waitForURL(/\/signin/);
    await page.close();
  }, 120_000);

  it("gives a read-scoped token reads but not writes, and refuses a cross-site write by cookie", async () => {
    const signin = await fetch(`${server.url}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(ADMIN) });
    expect(signin.status).toBe(204);
    const cookie = (signin.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const crossSite = await fetch(`${server.url}/api/v1/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: "http://evil.example" }, body: JSON.stringify({ name: "x", scopes: ["read"] }) });
    expect(crossSite.status).toBe(403);
    const created = await fetch(`${server.url}/api/v1/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: server.url }, body: JSON.stringify({ name: "meter", scopes: ["read"] }) });
    expect(created.status).toBeLessThan(300);
    const { token } = (await created.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${server.url}/api/v1/machines`, { headers: auth })).status).toBe(200);
    const write = await fetch(`${server.url}/api/v1/ingest/energy`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{}" });
    expect(write.status).toBe(403);
  });

  it("lists the tokens on /admin with times in the plant's zone, not the browser's", async () => {
    // The page printed toLocaleString(): a browser in Los Angeles saw the token created at 22:00
    // the day before what the plant's clock (Europe/Berlin) said.
    const signin = await fetch(`${server.url}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(ADMIN) });
    const cookie = (signin.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const created = await fetch(`${server.url}/api/v1/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: server.url }, body: JSON.stringify({ name: "zone-check", scopes: ["read"] }) });
    const { created_at } = (await created.json()) as { created_at: string };
    const context = await browser.newContext({ timezoneId: "America/Los_Angeles" });
    const page = await context.newPage();
    await page.goto(`${server.url}/signin?next=%2Fadmin`);
    await page.getByLabel(/login|e-mail|email|user/i).fill(ADMIN.login);
    await page.getByLabel(/password/i).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin/);
    const row = page.getByRole("row", { name: /zone-check/ });
    await row.waitFor();
    expect(await page.getByRole("columnheader", { name: "Created (Europe/Berlin)" }).count()).toBe(1);
    expect(await row.innerText()).toContain(formatPlantDateTime(Date.parse(created_at), "Europe/Berlin"));
    await context.close();
  }, 120_000);

  it("offers a viewer no import or machine buttons on the data page, and an admin both", async () => {
    const signin = await fetch(`${server.url}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(ADMIN) });
    const cookie = (signin.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const viewer = { login: "viewer@plant.example", password: "a viewer's long passphrase" };
    const created = await fetch(`${server.url}/api/v1/users`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: server.url }, body: JSON.stringify({ ...viewer, role: "viewer" }) });
    expect(created.status).toBeLessThan(300);
    const signInAs = async (who: { login: string; password: string }) => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/signin?next=%2Fdata`);
      await page.getByLabel(/login|e-mail|email|user/i).fill(who.login);
      await page.getByLabel(/password/i).fill(who.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/data/);
      await page.getByTestId("meters-table").waitFor();
      return page;
    };
    const asViewer = await signInAs(viewer);
    await asViewer.getByTestId("import-not-allowed").waitFor();
    expect(await asViewer.getByRole("button", { name: "Add a machine" }).count()).toBe(0);
    expect(await asViewer.getByRole("button", { name: /^Edit / }).count()).toBe(0);
    await asViewer.close();
    // The same page for the admin: the buttons are there (so the checks above can fail).
    const asAdmin = await signInAs(ADMIN);
    await asAdmin.getByRole("button", { name: "Add a machine" }).waitFor();
    expect(await asAdmin.getByRole("button", { name: /^Edit / }).count()).toBeGreaterThan(0);
    expect(await asAdmin.getByTestId("import-not-allowed").count()).toBe(0);
    await asAdmin.close();
  }, 120_000);
});

describe("a production start in open mode", () => {
  it("refuses to start without the confirmation phrase, naming AUTH_OFF_CONFIRM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "enms-refuse-"));
    const child = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", "0"], {
      env: { ...process.env, NODE_ENV: "production", AUTH: "off", AUTH_OFF_CONFIRM: "", DATABASE_URL: "", PGLITE_DIR: dir, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 90_000);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("AUTH_OFF_CONFIRM");
  }, 120_000);
});

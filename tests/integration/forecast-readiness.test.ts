/**
 * The history a forecast needs, both sides of the line: a machine with exactly
 * MIN_FORECAST_HISTORY_DAYS of hourly readings is ready and the forecast and backtest the machine
 * page asks for answer 200; one hour less and it is not, the API refusing with 422 in plant time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, rollupTableTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { POST as forecastRoute } from "@/app/api/v1/forecast/route";
import { POST as backtestRoute } from "@/app/api/v1/forecast/backtest/route";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { forecastReadiness, MIN_FORECAST_HISTORY_DAYS } from "@/lib/forecast/readiness";
import { hourlyRollups, type HourRow } from "./synthetic-rollups";

const ENOUGH = "f1000000-0000-0000-0000-000000000001";
const SHORT = "f1000000-0000-0000-0000-000000000002";
const SILENT = "f1000000-0000-0000-0000-000000000003";
const BILLED = "f1000000-0000-0000-0000-000000000004";
const H = 3_600_000;
const DAY = 24 * H;
/** The last reading ends here (Tuesday 1 April 2025, 02:00 in Berlin, CEST). */
const END = Date.UTC(2025, 3, 1);

describe.each(rollupTableTargets())("forecast readiness (%s)", (target) => {
  let t: TestDatabase;
  const rows = (hours: number): HourRow[] =>
    Array.from({ length: hours }, (_, i) => {
      const ms = END - (hours - i) * H;
      return { ms, energy: 10 + ((ms / H) % 24), temp: 10, production: 0, runningMinutes: 0 };
    });

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    for (const [id, name] of [[ENOUGH, "Enough"], [SHORT, "Short"], [SILENT, "Silent"], [BILLED, "Billed"]] as const) {
      await t.db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'compressor')`, [id, DEFAULT_SITE_ID, name]);
    }
    await hourlyRollups(t.db, ENOUGH, rows(MIN_FORECAST_HISTORY_DAYS * 24));
    await hourlyRollups(t.db, SHORT, rows(MIN_FORECAST_HISTORY_DAYS * 24 - 1));
    // Enough hours, and one raw 30-day bill starting 20 days before the end (so ending inside the 16 days).
    await hourlyRollups(t.db, BILLED, rows(MIN_FORECAST_HISTORY_DAYS * 24));
    await t.db.query(`INSERT INTO energy_readings (time, machine_id, energy_kwh, interval_s) VALUES ($1, $2, 5000, $3)`, [new Date(END - 20 * DAY).toISOString(), BILLED, 30 * 86_400]);
  }, 120_000);
  afterAll(async () => t?.drop());

  it("16 days of hourly readings are enough for the page's forecast and backtest", async () => {
    expect(MIN_FORECAST_HISTORY_DAYS).toBe(16);
    expect(await forecastReadiness(t.db, ENOUGH)).toEqual({ ready: true, firstReading: END - 16 * DAY, lastReadingEnd: END, historyDays: 16, neededDays: 16, readyAt: END, longReading: null });
    const f = await forecastRoute(jsonRequest("/api/v1/forecast", { machine_id: ENOUGH, horizon_hours: 168, method: "auto" }));
    expect(f.status, JSON.stringify(await body(f.clone())).slice(0, 300)).toBe(200);
    const b = await backtestRoute(jsonRequest("/api/v1/forecast/backtest", { machine_id: ENOUGH, weeks: 4 }));
    expect(b.status, JSON.stringify(await body(b.clone())).slice(0, 300)).toBe(200);
  }, 120_000);

  it("an hour less is not ready, and the API's 422 gives the time in the plant's zone", async () => {
    const r = await forecastReadiness(t.db, SHORT);
    expect(r).toEqual({ ready: false, firstReading: END - 16 * DAY + H, lastReadingEnd: END, historyDays: 16 - 1 / 24, neededDays: 16, readyAt: END + H, longReading: null });
    for (const res of [
      await forecastRoute(jsonRequest("/api/v1/forecast", { machine_id: SHORT, horizon_hours: 168, method: "auto" })),
      await backtestRoute(jsonRequest("/api/v1/forecast/backtest", { machine_id: SHORT, weeks: 4 })),
    ]) {
      expect(res.status).toBe(422);
      const message = (await body(res)).message as string;
      // The first origin tried, in Berlin winter time (CET, +01:00), never as UTC with a Z.
      expect(message).toMatch(/Too little hourly history before \d{4}-\d\d-\d\dT\d\d:00:00\+01:00 \(Europe\/Berlin\)/);
      expect(message).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?Z/);
    }
    const auto = await body(await forecastRoute(jsonRequest("/api/v1/forecast", { machine_id: SHORT, horizon_hours: 24, method: "auto" })));
    // auto scores from 2 weeks back: 18 March 2025 00:00 UTC = 01:00 in Berlin.
    expect(auto.message).toContain("before 2025-03-18T01:00:00+01:00 (Europe/Berlin)");
  }, 120_000);

  it("a reading longer than an hour in the span makes it not ready and names the reading's start (machine page: one message, no refused requests)", async () => {
    const r = await forecastReadiness(t.db, BILLED);
    expect(r.ready).toBe(false);
    expect(r.longReading).toBe(END - 20 * DAY);
    expect(r.historyDays).toBe(16);
  });

  it("a machine without readings is not ready and has no dates", async () => {
    expect(await forecastReadiness(t.db, SILENT)).toEqual({ ready: false, firstReading: null, lastReadingEnd: null, historyDays: 0, neededDays: 16, readyAt: null, longReading: null });
  });
});

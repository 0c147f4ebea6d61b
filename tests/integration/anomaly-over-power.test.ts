/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- the test reads nested JSON answers field by field */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { writeEnergy } from "../helpers/readings";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { POST as detectRoute } from "@/app/api/v1/anomaly/detect/route";
import { GET as listRoute } from "@/app/api/v1/anomaly/route";

// An over-power event's excess is the energy drawn above the limit, from the readings: a machine
// rated 75 kW runs at 50 kW (hourly readings) for five weeks but one hour, metered per minute,
// when a fault draws 500 kW for 3 minutes. That hour holds 57/60 × 50 + 3/60 × 500 = 72.5 kWh,
// under 75 kW × 1 h; above 75 kW the three minutes drew 3 × (500 − 75)/60 = 21.25 kWh, which at a
// flat 0.25 EUR/kWh costs 5.3125 EUR. Before, the event read 0 kWh (or the bucket's energy against
// the hour-of-week profile) and ranked last.

const M = "a2000000-0000-0000-0000-000000000001";
const H = 3_600_000;
const T0 = Date.parse("2025-01-05T23:00:00Z"); // Monday 6 January 2025, 00:00 Berlin
const WEEK = 168 * H;
const DETECT_START = T0 + 4 * WEEK;
const DETECT_END = T0 + 5 * WEEK;
const PEAK_HOUR = DETECT_START + 2 * 24 * H + 10 * H; // Wednesday 10:00 Berlin
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(testTargets())("over-power excess (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await t.db.query(`INSERT INTO machines (id, site_id, name, type, rated_power_kw) VALUES ($1, $2, 'Press-7', 'motor', 75)`, [M, DEFAULT_SITE_ID]);
    await t.db.query(`INSERT INTO site_tariffs (site_id, currency, flat_price_per_kwh) VALUES ($1, 'EUR', 0.25)`, [DEFAULT_SITE_ID]);
    const rows: [number, number, number, number][] = [];
    for (let ms = T0; ms < DETECT_END; ms += H) {
      if (ms !== PEAK_HOUR) rows.push([ms, 50, 3600, 50]);
      else for (let k = 0; k < 60; k++) rows.push([ms + k * 60_000, (k >= 20 && k < 23 ? 500 : 50) / 60, 60, k >= 20 && k < 23 ? 500 : 50]);
    }
    await writeEnergy(t.db, M, rows);
  }, 120_000);
  afterAll(async () => t?.drop());

  it("stores the energy above the rated power and its cost, and ranks the event by them", async () => {
    const res = await detectRoute(jsonRequest("/api/v1/anomaly/detect", { machine_id: M, start_date: iso(DETECT_START), end_date: iso(DETECT_END) }));
    const r = (await body(res)) as Record<string, any>;
    expect(res.status, JSON.stringify(r).slice(0, 300)).toBe(200);
    const over = r.events.filter((e: any) => e.detector === "over_power");
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ start: iso(PEAK_HOUR), end: iso(PEAK_HOUR + H), severity: "high", currency: "EUR" });
    expect(over[0].excess_kwh).toBeCloseTo(21.25, 9);
    expect(over[0].excess_cost).toBeCloseTo(5.3125, 9);
    // Ranked by cost, the event stands with its cost, not after every other event.
    const listed = await listRoute(new Request(`http://localhost/api/v1/anomaly?machine_id=${M}&order=cost`));
    const events = ((await body(listed)) as Record<string, any>).items as any[];
    const mine = events.find((e) => e.detector === "over_power");
    expect(mine.excess_kwh).toBeCloseTo(21.25, 9);
    const cheaper = events.filter((e) => (e.excess_cost ?? 0) < 5.3125);
    expect(events.indexOf(mine)).toBe(events.length - cheaper.length - 1);
  });
});

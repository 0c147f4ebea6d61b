import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { writeEnergy, writeTemperatures } from "../helpers/readings";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { GET as seriesRoute } from "@/app/api/v1/machines/[id]/series/route";

// The example: a daily baseline over 2025-01-06 … 2025-01-19 on a Berlin site used to get
// a 23-hour first day and a one-hour last "day" (UTC midnights read as dates). Dates are local
// midnights now, buckets whole, and a day has one total in every API.

const M = "e0000000-0000-0000-0000-000000000001";
const H = 3_600_000;
const FROM = Date.parse("2024-12-31T23:00:00Z");
const TO = Date.parse("2025-02-01T00:00:00Z");
const temperature = (t: number) => 4 + 5 * Math.sin((2 * Math.PI * t) / (9 * 86_400_000)) + 3 * Math.sin((2 * Math.PI * ((t / H) % 24)) / 24);
/** The hour's energy: 10 kWh plus 15/24 kWh per degree below 15 °C (15 kWh per °C·d). */
const kwh = (t: number) => 10 + (15 / 24) * Math.max(0, 15 - temperature(t));

describe.each(testTargets())("whole buckets at a window's edges (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'Edges')`, [M, DEFAULT_SITE_ID]);
    const hours: number[] = [];
    for (let x = FROM; x < TO; x += H) hours.push(x);
    await writeEnergy(t.db, M, hours.map((x) => [x, kwh(x), 3600]));
    await writeTemperatures(t.db, M, hours.map((x) => [x, temperature(x)]));
  }, 120_000);
  afterAll(async () => t?.drop());

  it("a daily baseline over 2025-01-06 … 2025-01-19 fits 13 whole Berlin days and recovers the truth exactly", async () => {
    const res = await trainRoute(jsonRequest("/api/v1/baseline/train", { machine_id: M, start_date: "2025-01-06", end_date: "2025-01-19", drivers: ["hdd"], hdd_base_c: 15, granularity: "daily" }));
    expect(res.status).toBe(201);
    const m = (await body(res)) as { model_id: string; r_squared: number; intercept: number; coefficients: Record<string, number>; training_samples: number; statistics: { window: { start: string; end: string } } };
    expect(m.training_samples).toBe(13);
    expect(m.statistics.window).toEqual({ start: "2025-01-05T23:00:00.000Z", end: "2025-01-18T23:00:00.000Z" });
    expect(m.r_squared).toBeCloseTo(1, 12);
    expect(m.intercept).toBeCloseTo(240, 8);
    expect(m.coefficients.hdd).toBeCloseTo(15, 9);

    // The deviation over a window that starts and ends inside days reports only whole days.
    const dev = await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { model_id: m.model_id, start_date: "2025-01-20T12:00:00", end_date: "2025-01-24T06:00:00" }));
    const d = (await body(dev)) as { window: { start: string; end: string }; buckets: { time: string; actual: number; deviation_pct: number }[] };
    expect(d.window).toEqual({ start: "2025-01-20T23:00:00.000Z", end: "2025-01-23T23:00:00.000Z" });
    expect(d.buckets.map((b) => b.time)).toEqual(["2025-01-20T23:00:00.000Z", "2025-01-21T23:00:00.000Z", "2025-01-22T23:00:00.000Z"]);
    for (const b of d.buckets) expect(Math.abs(b.deviation_pct)).toBeLessThan(1e-9);

    // One total per day in every API: the series' local days and the deviation's actuals agree.
    const url = `http://l/api/v1/machines/${M}/series?metrics=energy&bucket=daily&from=2025-01-21&to=2025-01-24`;
    const s = (await body(await seriesRoute(new Request(url), { params: Promise.resolve({ id: M }) }))) as { points: { time: string; total_energy_kwh: number; coverage: number }[] };
    expect(s.points.map((p) => p.time)).toEqual(d.buckets.map((b) => b.time));
    s.points.forEach((p, i) => {
      expect(p.total_energy_kwh).toBeCloseTo(d.buckets[i]!.actual, 9);
      expect(p.coverage).toBe(1);
    });
  });
});

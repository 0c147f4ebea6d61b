import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { AppError } from "@/lib/errors";
import { getSeries, type SeriesQuery } from "@/lib/timeseries/series";
import { rebuildLocalDays } from "@/lib/timeseries/refresh";
import { writeEnergy } from "../helpers/readings";
import { jsonRequest, useDatabase } from "../helpers/routes";
import { PATCH as machinePATCH } from "@/app/api/v1/machines/[id]/route";
import { localStarts } from "@/lib/timeseries/local";

// Days, weeks and months are the site's local calendar in the series API; buckets know how much
// of them their readings cover; readings longer than the bucket asked for are a 400.

const BERLIN = "b0000000-0000-0000-0000-000000000001";
const KOLKATA = "b0000000-0000-0000-0000-000000000002";
const DAILY = "b0000000-0000-0000-0000-000000000003";
const SPARSE = "b0000000-0000-0000-0000-000000000004";
const INDIA_SITE = "5e000000-0000-0000-0000-0000000000a1";
const H = 3_600_000;

const write = writeEnergy;

const energy = (q: Partial<SeriesQuery> & Pick<SeriesQuery, "machineIds" | "from" | "to" | "bucket">) => ({ metrics: ["energy" as const], ...q });

describe.each(testTargets())("the plant's local calendar (%s)", (target) => {
  let t: TestDatabase;
  // Hourly readings 2025-10-20 … 2025-11-10 UTC, energy = 1 + hour index mod 7 (so days differ).
  const start = Date.UTC(2025, 9, 20);
  const hours = 21 * 24;
  const kwh = (i: number) => 1 + (i % 7);
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await t.db.query(`INSERT INTO sites (id, name, time_zone, country) VALUES ($1, 'Pune', 'Asia/Kolkata', 'IN')`, [INDIA_SITE]);
    for (const [id, site, name] of [[BERLIN, DEFAULT_SITE_ID, "Berlin"], [KOLKATA, INDIA_SITE, "Pune"], [DAILY, DEFAULT_SITE_ID, "Daily"], [SPARSE, DEFAULT_SITE_ID, "Sparse"]] as const) {
      await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, $3)`, [id, site, name]);
    }
    const hourly = Array.from({ length: hours }, (_, i) => [start + i * H, kwh(i), 3600] as [number, number, number]);
    await write(t.db, BERLIN, hourly);
    // Indian meters read on local hours, which are half past UTC hours.
    await write(t.db, KOLKATA, hourly.map(([x, e, d]) => [x + H / 2, e, d]));
  }, 120_000);
  afterAll(async () => t?.drop());

  /** The expected total of a local bucket [a, b): the hourly readings starting in it. */
  const expectedTotal = (a: number, b: number, shift = 0) => {
    let sum = 0;
    for (let i = 0; i < hours; i++) if (start + shift + i * H >= a && start + shift + i * H < b) sum += kwh(i);
    return sum;
  };

  it("daily buckets are Berlin days: the 25-hour day of the autumn change holds 25 hours, each day whole", async () => {
    const from = new Date("2025-10-24T22:00:00Z"); // local midnight, Saturday 25 October
    const to = new Date("2025-10-28T23:00:00Z");
    const r = await getSeries(t.db, energy({ machineIds: [BERLIN], from, to, bucket: "daily" }));
    const s = r.series[0]!;
    expect(s.times.map((x) => new Date(x).toISOString())).toEqual(["2025-10-24T22:00:00.000Z", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z", "2025-10-27T23:00:00.000Z"]);
    const bounds = [...s.times, Date.parse("2025-10-28T23:00:00Z")];
    expect(s.values.total_energy_kwh).toEqual(s.times.map((a, i) => expectedTotal(a, bounds[i + 1]!)));
    // Every day covered whole, the 25-hour one included (25 h of readings ÷ 25 h).
    expect(s.values.coverage).toEqual([1, 1, 1, 1]);
  });

  it("a Kolkata site gets its own days (starting 18:30 UTC), beside a Berlin machine in one request", async () => {
    const from = new Date("2025-10-21T00:00:00Z");
    const to = new Date("2025-10-24T00:00:00Z");
    const r = await getSeries(t.db, energy({ machineIds: [KOLKATA, BERLIN], from, to, bucket: "daily" }));
    const india = r.series[0]!;
    expect(india.times.map((x) => new Date(x).toISOString())).toEqual(["2025-10-21T18:30:00.000Z", "2025-10-22T18:30:00.000Z", "2025-10-23T18:30:00.000Z"]);
    expect(india.values.total_energy_kwh).toEqual(india.times.map((a) => expectedTotal(a, a + 24 * H, H / 2)));
    expect(india.values.coverage).toEqual([1, 1, 1]);
    expect(r.series[1]!.times[0]).toBe(Date.parse("2025-10-21T22:00:00Z"));
  });

  it.each(["daily", "weekly", "monthly"] as const)("%s buckets grouped at query time (as on TimescaleDB) equal those read from the local-day rollup", async (bucket) => {
    const q = energy({ machineIds: [BERLIN, KOLKATA], from: new Date(start), to: new Date(start + hours * H), bucket });
    const tables = await getSeries(t.db, q);
    const grouped = await getSeries(t.db, { ...q, groupAtQueryTime: true });
    expect(grouped).toEqual(tables);
    for (const s of tables.series) {
      const tz = s.machineId === KOLKATA ? "Asia/Kolkata" : "Europe/Berlin";
      const unit = bucket === "daily" ? "day" : bucket === "weekly" ? "week" : "month";
      // Buckets that start in [from, to), each whole, at the zone's local boundaries.
      expect(s.times).toEqual(localStarts(start, start + hours * H, unit, tz).filter((x) => s.times.includes(x)));
      expect(s.times.length).toBeGreaterThan(0);
    }
  });

  it("weeks are ISO weeks from local Monday midnight; their coverage is readings' time ÷ the week's 169 hours", async () => {
    const r = await getSeries(t.db, energy({ machineIds: [BERLIN], from: new Date("2025-10-19T22:00:00Z"), to: new Date("2025-10-26T23:00:00Z"), bucket: "weekly" }));
    const s = r.series[0]!;
    expect(s.times).toEqual([Date.parse("2025-10-19T22:00:00Z")]);
    // Week of 20 October: Monday 00:00 CEST to Monday 00:00 CET is 169 hours; readings start 2025-10-20T00:00Z (02:00 local).
    expect(s.values.total_energy_kwh).toEqual([expectedTotal(Date.parse("2025-10-19T22:00:00Z"), Date.parse("2025-10-26T23:00:00Z"))]);
    expect(s.values.coverage![0]).toBeCloseTo(167 / 169, 12);
  });

  it("a day whose hours kept one of their four 15-minute readings is 25 % covered, not complete", async () => {
    const day = Date.parse("2025-11-02T23:00:00Z"); // Monday 3 November, Berlin
    await write(t.db, SPARSE, Array.from({ length: 24 }, (_, h) => [day + h * H, 10, 900] as [number, number, number]));
    const s = (await getSeries(t.db, energy({ machineIds: [SPARSE], from: new Date(day), to: new Date(day + 24 * H), bucket: "daily" }))).series[0]!;
    expect(s.values.total_energy_kwh).toEqual([240]);
    expect(s.values.coverage).toEqual([0.25]);
  });

  it("daily meter reads: whole days at the daily granularity, a 400 naming what works at hourly", async () => {
    // One read per local day, each covering that day (23 hours on 30 March 2025).
    const days = localStarts(Date.parse("2025-03-27T00:00:00Z"), Date.parse("2025-04-02T00:00:00Z"), "day", "Europe/Berlin");
    const bounds = [...days, Date.parse("2025-04-01T22:00:00Z")];
    await write(t.db, DAILY, days.slice(0, -1).map((d, i) => [d, 100 + i, (bounds[i + 1]! - d) / 1000] as [number, number, number]));
    const from = new Date(days[0]!);
    const to = new Date(days.at(-1)!);
    const daily = (await getSeries(t.db, energy({ machineIds: [DAILY], from, to, bucket: "daily" }))).series[0]!;
    expect(daily.values.total_energy_kwh).toEqual([100, 101, 102, 103, 104]);
    expect(daily.values.coverage).toEqual([1, 1, 1, 1, 1]);
    const error = await getSeries(t.db, energy({ machineIds: [DAILY], from, to, bucket: "hourly" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toContain("granularities that hold them: daily, weekly, monthly");
    expect((error as AppError).details.supported_granularities).toEqual(["daily", "weekly", "monthly"]);
  });

  it("changing a site's time zone rebuilds its machines' local days", async () => {
    // Tehran (+03:30, no DST since 2022): days from 20:30 UTC.
    await t.db.query(`UPDATE sites SET time_zone = 'Asia/Tehran' WHERE id = $1`, [INDIA_SITE]);
    await rebuildLocalDays(t.db, INDIA_SITE);
    const s = (await getSeries(t.db, energy({ machineIds: [KOLKATA], from: new Date("2025-10-21T00:00:00Z"), to: new Date("2025-10-22T00:00:00Z"), bucket: "daily" }))).series[0]!;
    expect(s.times).toEqual([Date.parse("2025-10-21T20:30:00Z")]);
    expect(s.values.total_energy_kwh).toEqual([expectedTotal(Date.parse("2025-10-21T20:30:00Z"), Date.parse("2025-10-22T20:30:00Z"), H / 2)]);
    await t.db.query(`UPDATE sites SET time_zone = 'Asia/Kolkata' WHERE id = $1`, [INDIA_SITE]);
    await rebuildLocalDays(t.db, INDIA_SITE);
  });

  it("moving a machine to a site in another zone through PATCH /api/v1/machines/{id} rebuilds its local days", async () => {
    useDatabase(t.db);
    const NEW_YORK = "5e000000-0000-0000-0000-0000000000a2";
    await t.db.query(`INSERT INTO sites (id, name, time_zone, country) VALUES ($1, 'Albany', 'America/New_York', 'US')`, [NEW_YORK]);
    const move = (site: string) => machinePATCH(jsonRequest(`/api/v1/machines/${BERLIN}`, { site_id: site }, "PATCH"), { params: Promise.resolve({ id: BERLIN }) });
    expect((await move(NEW_YORK)).status).toBe(200);
    const day = { machineIds: [BERLIN], from: new Date("2025-10-21T00:00:00Z"), to: new Date("2025-10-22T00:00:00Z"), bucket: "daily" as const };
    const tables = await getSeries(t.db, energy(day));
    expect(tables.series[0]!.times).toEqual([Date.parse("2025-10-21T04:00:00Z")]);
    expect(tables.series[0]!.values.total_energy_kwh).toEqual([expectedTotal(Date.parse("2025-10-21T04:00:00Z"), Date.parse("2025-10-22T04:00:00Z"))]);
    expect(tables).toEqual(await getSeries(t.db, energy({ ...day, groupAtQueryTime: true })));
    expect((await move(DEFAULT_SITE_ID)).status).toBe(200);
    expect((await getSeries(t.db, energy(day))).series[0]!.times).toEqual([Date.parse("2025-10-21T22:00:00Z")]);
    // An unknown site is a 400 naming the field.
    const bad = await move("5e000000-0000-0000-0000-0000000000ff");
    expect(bad.status).toBe(400);
  });
});

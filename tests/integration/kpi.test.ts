/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the tests read nested JSON answers field by field */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { writeEnergy } from "../helpers/readings";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import type { Database } from "@/lib/db/types";
import { refreshRollups } from "@/lib/timeseries/refresh";
import { localStarts } from "@/lib/timeseries/local";
import { GET as kpiRoute } from "@/app/api/v1/kpi/[kpi]/route";
import { GET as summaryRoute } from "@/app/api/v1/kpi/summary/route";
import { GET as getTariffRoute, PUT as putTariffRoute } from "@/app/api/v1/settings/tariff/route";
import { PUT as putEmissionsRoute } from "@/app/api/v1/settings/emissions/route";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { PATCH as patchMachineRoute } from "@/app/api/v1/machines/[id]/route";

// KPIs checked against figures computed by hand on small fixtures (Berlin site, CET = UTC+1 in
// January, CEST = UTC+2 from 30 March): a time-of-use tariff across midnight and the weekend, a
// clock-change day, a month with a missing day, daily meter reads beside 15-minute meters.

const A = "c1000000-0000-0000-0000-00000000000a"; // 15-min meter, area Line
const B = "c1000000-0000-0000-0000-00000000000b"; // 15-min meter with production, area Line
const C = "c1000000-0000-0000-0000-00000000000c"; // daily reads, area Utilities
const D = "c1000000-0000-0000-0000-00000000000d"; // hourly meter, February without the 10th, area Hall
const E = "c1000000-0000-0000-0000-00000000000e"; // 15-min meter over the spring clock change, area Hall
const F = "c1000000-0000-0000-0000-00000000000f"; // hourly meter with production and a baseline (added late)
const G = "c1000000-0000-0000-0000-000000000010"; // monthly bills (added late)
const Q = 900_000;
const H = 3_600_000;
const FRI = Date.parse("2025-01-16T23:00:00Z"); // Friday 17 January 2025, 00:00 Berlin
const SUN = FRI + 48 * H; // Sunday 19 January, 00:00 Berlin

const TOU = {
  currency: "EUR",
  periods: [
    { name: "night", days: "weekday", start: "22:00", end: "06:00", price_per_kwh: 0.1 },
    { name: "day", days: "weekday", start: "06:00", end: "22:00", price_per_kwh: 0.3 },
    { name: "weekend", days: "weekend", start: "00:00", end: "24:00", price_per_kwh: 0.15 },
  ],
  demand_charge_per_kw_month: 10,
};

async function writeProduction(db: Database, id: string, rows: [number, number, string | null, string][]) {
  await db.query(
    `INSERT INTO production_data (time, machine_id, production_count, product_id, machine_state)
     SELECT t, $1::uuid, c, p, s::machine_state FROM jsonb_to_recordset($2::jsonb) AS r(t timestamptz, c float8, p text, s text)`,
    [id, JSON.stringify(rows.map(([t, c, p, s]) => ({ t: new Date(t).toISOString(), c, p, s })))],
  );
  await db.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) VALUES ('production', $1, $2, $3)`, [id, new Date(rows[0]![0]).toISOString(), new Date(rows.at(-1)![0]).toISOString()]);
  await refreshRollups(db);
}

const get = async (path: string, query: Record<string, string>) => {
  const url = `http://localhost/api/v1/kpi/${path}?${new URLSearchParams(query)}`;
  return path === "summary" ? summaryRoute(new Request(url)) : kpiRoute(new Request(url), params({ kpi: path }));
};
const json = async (path: string, query: Record<string, string>) => {
  const res = await get(path, query);
  const b = await body(res);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(b)}`);
  return b as Record<string, any>;
};
const put = (route: typeof putTariffRoute, b: unknown) => route(jsonRequest("/api/v1/settings", b, "PUT"));

describe.each(testTargets())("KPIs against hand-computed figures (%s)", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    for (const [id, name, area] of [[A, "A", "Line"], [B, "B", "Line"], [C, "C", "Utilities"], [D, "D", "Hall"], [E, "E", "Hall"]]) {
      await t.db.query(`INSERT INTO machines (id, site_id, name, area) VALUES ($1, $2, $3, $4)`, [id, DEFAULT_SITE_ID, name, area]);
    }
    // A: 1 kWh per quarter hour Friday and Saturday, 2 kWh from Friday 22:00 to midnight (local).
    const fri22 = FRI + 22 * H;
    await writeEnergy(t.db, A, Array.from({ length: 192 }, (_, i) => [FRI + i * Q, FRI + i * Q >= fri22 && FRI + i * Q < SUN - 24 * H ? 2 : 1, 900]));
    // B: 0.5 kWh per quarter hour; 1/6 unit a minute Friday 08:00–16:00 (P1 until 12:00, then P2),
    // idle Saturday 10:00–12:00, off otherwise.
    await writeEnergy(t.db, B, Array.from({ length: 192 }, (_, i) => [FRI + i * Q, 0.5, 900]));
    await writeProduction(
      t.db,
      B,
      Array.from({ length: 48 * 60 }, (_, m) => {
        const at = FRI + m * 60_000;
        const h = Math.floor(m / 60);
        if (h >= 8 && h < 16) return [at, 1 / 6, h < 12 ? "P1" : "P2", "running"];
        return [at, 0, null, h >= 34 && h < 36 ? "idle" : "off"];
      }),
    );
    // C: one read a local day, 50 kWh Friday, 60 kWh Saturday.
    await writeEnergy(t.db, C, [[FRI, 50, 86_400], [FRI + 24 * H, 60, 86_400]]);
    // D: 1 kWh an hour through February 2025 (Berlin), 10 February missing.
    const feb = Date.parse("2025-01-31T23:00:00Z");
    const feb10 = Date.parse("2025-02-09T23:00:00Z");
    await writeEnergy(t.db, D, Array.from({ length: 28 * 24 }, (_, i) => [feb + i * H, 1, 3600] as [number, number, number]).filter(([x]) => x < feb10 || x >= feb10 + 24 * H));
    // E: 1 kWh per quarter hour from Saturday 29 March to Tuesday 1 April 2025 (Berlin; Sunday has 23 hours).
    const e0 = Date.parse("2025-03-28T23:00:00Z");
    const e1 = Date.parse("2025-03-31T22:00:00Z");
    await writeEnergy(t.db, E, Array.from({ length: (e1 - e0) / Q }, (_, i) => [e0 + i * Q, 1, 900] as [number, number, number]));
  }, 120_000);
  afterAll(async () => t?.drop());

  it("PUT /api/v1/settings/tariff stores a time-of-use tariff; overlapping and gapped periods are a 400 naming them", async () => {
    const ok = await put(putTariffRoute, TOU);
    expect(ok.status).toBe(200);
    expect(await body(ok)).toMatchObject({ configured: true, kind: "time_of_use", currency: "EUR", demand_charge_per_kw_month: 10 });
    const overlap = await put(putTariffRoute, { ...TOU, periods: [...TOU.periods.slice(0, 2), { name: "peak", days: "weekday", start: "17:00", end: "19:00", price_per_kwh: 0.5 }, TOU.periods[2]] });
    expect(overlap.status).toBe(400);
    const o = await body(overlap);
    expect(String(o.message)).toContain('periods "day" and "peak" overlap at Monday 17:00–19:00');
    const gap = await put(putTariffRoute, { ...TOU, periods: TOU.periods.slice(0, 2) });
    expect(gap.status).toBe(400);
    expect(String((await body(gap)).message)).toContain("no period covers Saturday 00:00–24:00, Sunday 00:00–24:00");
    const both = await put(putTariffRoute, { ...TOU, flat_price_per_kwh: 0.2 });
    expect(both.status).toBe(400);
    expect(String((await body(both)).message)).toContain("flat_price_per_kwh: give either");
    const half = await put(putTariffRoute, { ...TOU, periods: [{ ...TOU.periods[0], start: "22:30" }, ...TOU.periods.slice(1)] });
    expect(half.status).toBe(400);
    expect(String((await body(half)).message)).toContain("periods.0.start");
    const unknownSite = await put(putTariffRoute, { ...TOU, site_id: "5e000000-0000-0000-0000-0000000000ff" });
    expect(unknownSite.status).toBe(404);
    const badSite = await getTariffRoute(new Request("http://localhost/api/v1/settings/tariff?site_id=nope"));
    expect(badSite.status).toBe(400);
    expect(String((await body(badSite)).message)).toContain("site_id: must be a site id");
    const read = await body(await getTariffRoute(new Request("http://localhost/api/v1/settings/tariff")));
    expect(read.periods).toEqual(TOU.periods);
    const ef = await put(putEmissionsRoute, { kg_co2_per_kwh: 0.3, hourly_kg_co2_per_kwh: Array.from({ length: 24 }, (_, h) => (h >= 22 ? 0.5 : 0.3)), source: "test" });
    expect(ef.status).toBe(200);
    expect((await put(putEmissionsRoute, { kg_co2_per_kwh: 0.3, hourly_kg_co2_per_kwh: [0.1] })).status).toBe(400);
  });

  it("cost under a time-of-use tariff across midnight and into the weekend, with the demand charge of the month's 15-minute peak", async () => {
    const r = await json("cost", { machine_id: A, start_date: "2025-01-17", end_date: "2025-01-19", granularity: "daily" });
    // Friday: night 00–06 (24 kWh) and 22–24 (16 kWh) at 0.10 = 4.0; day 06–22 (64 kWh) at 0.30 = 19.2. Saturday: 96 kWh at 0.15.
    expect(r.series.map((b: { energy_kwh: number }) => b.energy_kwh)).toEqual([104, 96]);
    expect(r.series[0].energy_cost).toBeCloseTo(23.2, 10);
    expect(r.series[1].energy_cost).toBeCloseTo(14.4, 10);
    // Peak: Friday 22:00 local, 2 kWh in 15 minutes = 8 kW; 10 EUR/kW-month × 8 kW × 2/31 of January, booked on Friday.
    expect(r.totals.demand_months).toEqual([{ month: "2024-12-31T23:00:00.000Z", peak_demand_kw: 8, peak_demand_at: "2025-01-17T21:00:00.000Z", month_fraction: 2 / 31, demand_cost: (10 * 8 * 2) / 31 }]);
    expect(r.series[0].demand_cost).toBeCloseTo(160 / 31, 10);
    expect(r.totals.cost).toBeCloseTo(37.6 + 160 / 31, 10);
    expect(r.read_from).toBe("1hour");
    expect(r.currency).toBe("EUR");
    expect(r.totals.coverage).toBe(1);
  });

  it("CO2 with hourly grid factors by local hour", async () => {
    const r = await json("carbon", { machine_id: A, start_date: "2025-01-17", end_date: "2025-01-19", granularity: "daily" });
    // Friday: 22 h × 4 kWh × 0.3 + 2 h × 8 kWh × 0.5 = 34.4; Saturday: 22 × 4 × 0.3 + 2 × 4 × 0.5 = 30.4.
    expect(r.series[0].co2_kg).toBeCloseTo(34.4, 10);
    expect(r.series[1].co2_kg).toBeCloseTo(30.4, 10);
    expect(r.totals.co2_kg).toBeCloseTo(64.8, 10);
  });

  it("peak demand of the area is coincident, names who made it up; load factor is average ÷ peak over the period", async () => {
    const r = await json("load-factor", { area: "Line", start_date: "2025-01-17", end_date: "2025-01-19", granularity: "daily" });
    // Friday 22:00: A 2 kWh + B 0.5 kWh in the interval = 10 kW; Saturday 1 + 0.5 = 6 kW.
    expect(r.series.map((b: { peak_demand_kw: number }) => b.peak_demand_kw)).toEqual([10, 6]);
    expect(r.totals.peak_demand_kw).toBe(10);
    expect(r.totals.peak_demand_at).toBe("2025-01-17T21:00:00.000Z");
    expect(r.totals.contributors).toEqual([
      { machine_id: A, machine_name: "A", demand_kw: 8, share: 0.8 },
      { machine_id: B, machine_name: "B", demand_kw: 2, share: 0.2 },
    ]);
    // (200 + 96) kWh over 48 h = 6.1667 kW, ÷ 10 kW.
    expect(r.totals.load_factor).toBeCloseTo(296 / 48 / 10, 12);
    expect(r.series[1].load_factor).toBeCloseTo((96 + 48) / 24 / 6, 12);
  });

  it("hourly peaks are the highest quarter hour of each hour; CSV has the buckets as rows", async () => {
    const r = await json("peak-demand", { machine_id: A, start_date: "2025-01-17T21:00", end_date: "2025-01-17T23:00", granularity: "hourly" });
    expect(r.series).toEqual([
      { time: "2025-01-17T20:00:00.000Z", peak_demand_kw: 4, peak_demand_at: "2025-01-17T20:00:00.000Z" },
      { time: "2025-01-17T21:00:00.000Z", peak_demand_kw: 8, peak_demand_at: "2025-01-17T21:00:00.000Z" },
    ]);
    const csv = await (await get("cost", { machine_id: A, start_date: "2025-01-17", end_date: "2025-01-19", format: "csv" })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("time,energy_kwh,energy_cost,demand_cost,cost,coverage");
    expect(lines).toHaveLength(3);
    const [time, kwh, energyCost, demandCost, cost, coverage] = lines[2]!.split(",");
    expect([time, Number(kwh), Number(demandCost), Number(coverage)]).toEqual(["2025-01-17T23:00:00.000Z", 96, 0, 1]);
    expect(Number(energyCost)).toBeCloseTo(14.4, 10);
    expect(Number(cost)).toBeCloseTo(14.4, 10);
  });

  it("SEC with base load split into idle and off-shift, and SEC per product", async () => {
    const r = await json("sec", { machine_id: B, start_date: "2025-01-17", end_date: "2025-01-19", granularity: "daily" });
    expect(r.totals.energy_kwh).toBe(96);
    expect(r.totals.production_count).toBeCloseTo(80, 9);
    expect(r.totals.sec_kwh_per_unit).toBeCloseTo(1.2, 9);
    // Hours without units: Friday 16 h and Saturday 24 h at 2 kWh; idle Saturday 10–12.
    expect(r.totals.base_load_kwh).toBe(80);
    expect(r.totals.idle_kwh).toBe(4);
    expect(r.totals.off_shift_kwh).toBe(76);
    expect(r.series[0]).toMatchObject({ energy_kwh: 48, base_load_kwh: 32, idle_kwh: 0, off_shift_kwh: 32 });
    expect(r.products.map((p: { product_id: string }) => p.product_id)).toEqual(["P1", "P2"]);
    for (const p of r.products) {
      expect(p.energy_kwh).toBeCloseTo(8, 9);
      expect(p.sec_kwh_per_unit).toBeCloseTo(0.2, 9);
    }
  });

  it("daily reads get energy and a flat-less cost is absent with the reason; no peak demand from them", async () => {
    const r = await json("summary", { machine_id: C, start_date: "2025-01-17", end_date: "2025-01-19" });
    expect(r.total_energy_kwh).toBe(110);
    expect(r.coverage).toBe(1);
    expect(r.cost).toBeNull();
    expect(r.absent.cost[0]).toContain("cannot be priced by time-of-use periods");
    expect(r.peak_demand_kw).toBeNull();
    expect(r.absent.peak_demand[0]).toContain("no bill in the period carries a peak demand reading");
    const hourly = await json("carbon", { machine_id: C, start_date: "2025-01-17", end_date: "2025-01-19", granularity: "hourly" });
    expect(hourly.totals.energy_kwh).toBeNull();
    expect(hourly.warnings.join(" ")).toContain("readings are never spread over buckets");
  });

  it("a month with a missing day reports what was metered and its coverage (27 of 28 days), not a smaller number passed off as whole", async () => {
    const r = await json("carbon", { machine_id: D, start_date: "2025-02-01", end_date: "2025-03-01", granularity: "monthly" });
    expect(r.series).toHaveLength(1);
    expect(r.series[0].energy_kwh).toBe(27 * 24);
    expect(r.series[0].coverage).toBeCloseTo(27 / 28, 12);
    expect(r.warnings[0]).toContain("readings cover 96.4 % of the period (24.0 machine-hours missing)");
    const daily = await json("carbon", { machine_id: D, start_date: "2025-02-09", end_date: "2025-02-12", granularity: "daily" });
    expect(daily.series.map((b: { energy_kwh: number | null; coverage: number }) => [b.energy_kwh, b.coverage])).toEqual([[24, 1], [null, 0], [24, 1]]);
    const peak = await json("peak-demand", { machine_id: D, start_date: "2025-02-01", end_date: "2025-03-01", granularity: "monthly" });
    expect(peak.totals.peak_demand_kw).toBeNull();
    expect(peak.totals.machines_without_peak[0].reason).toContain("longer than a 15-minute demand interval");
    const summary = await json("summary", { machine_id: D, start_date: "2025-02-01", end_date: "2025-03-01" });
    expect(summary.peak_demand_kw).toBeNull();
    expect(summary.absent.peak_demand).toEqual(["D: readings are longer than a 15-minute demand interval, and no bill in the period carries a peak demand reading"]);
  });

  it("the spring clock-change day holds 23 hours: 92 kWh, fully covered, priced by its own hours", async () => {
    const r = await json("cost", { machine_id: E, start_date: "2025-03-29", end_date: "2025-04-01", granularity: "daily" });
    expect(r.series.map((b: { time: string }) => b.time)).toEqual(localStarts(Date.parse("2025-03-28T23:00:00Z"), Date.parse("2025-03-31T22:00:00Z"), "day", "Europe/Berlin").map((x) => new Date(x).toISOString()));
    expect(r.series.map((b: { energy_kwh: number }) => b.energy_kwh)).toEqual([96, 92, 96]);
    expect(r.series.map((b: { coverage: number }) => b.coverage)).toEqual([1, 1, 1]);
    // Saturday and Sunday at the weekend price; Monday: 8 night hours × 4 kWh at 0.10, 16 day hours at 0.30.
    expect(r.series[0].energy_cost).toBeCloseTo(14.4, 10);
    expect(r.series[1].energy_cost).toBeCloseTo(13.8, 10);
    expect(r.series[2].energy_cost).toBeCloseTo(22.4, 10);
  });

  it("the plant equals the sum of its machines (flat tariff and factor), the summary has every field", async () => {
    await put(putTariffRoute, { currency: "EUR", flat_price_per_kwh: 0.2, demand_charge_per_kw_month: 0 });
    await put(putEmissionsRoute, { kg_co2_per_kwh: 0.4 });
    const q = { start_date: "2025-01-17", end_date: "2025-01-19" };
    const plant = await json("summary", q);
    const parts = await Promise.all([A, B, C, D, E].map((machine_id) => json("summary", { ...q, machine_id })));
    const sum = (k: string) => parts.reduce((s, p) => s + (p[k] ?? 0), 0);
    expect(plant.total_energy_kwh).toBe(200 + 96 + 110);
    expect(plant.total_energy_kwh).toBeCloseTo(sum("total_energy_kwh"), 9);
    expect(plant.cost).toBeCloseTo(sum("cost"), 9);
    expect(plant.cost).toBeCloseTo(406 * 0.2, 9);
    expect(plant.co2_kg).toBeCloseTo(sum("co2_kg"), 9);
    expect(plant.total_production_count).toBeCloseTo(sum("total_production_count"), 9);
    expect(plant.operating_hours).toBeCloseTo(8, 9);
    // D and E have no readings in the period: the plant's coverage is 3 of 5 machines.
    expect(plant.coverage).toBeCloseTo(3 / 5, 12);
    expect(Object.keys(plant)).toEqual(expect.arrayContaining(["machine_id", "area", "start_date", "end_date", "total_energy_kwh", "total_production_count", "sec_kwh_per_unit", "peak_demand_kw", "peak_demand_at", "load_factor", "cost", "currency", "co2_kg", "enpi", "savings_kwh", "base_load_share", "operating_hours", "coverage"]));
    expect(plant.enpi_form).toBe("ratio");
    // Flat prices need no hour: cost and CO2 are read from the local-day rollup, with the same totals.
    const carbon = await json("carbon", { ...q, granularity: "monthly" }).catch(() => null);
    expect(carbon).toBeNull(); // two days hold no whole month
    const byDay = await json("carbon", { ...q, granularity: "daily" });
    expect(byDay.totals.co2_kg).toBeCloseTo(plant.co2_kg, 9);
    expect(byDay.totals.energy_kwh).toBe(plant.total_energy_kwh);
    const cost = await json("cost", { ...q, granularity: "weekly", start_date: "2025-01-13", end_date: "2025-01-20" });
    expect(cost.totals.energy_cost).toBeCloseTo(plant.cost, 9);
    // TimescaleDB's daily aggregate holds UTC days: local days come from its hours there.
    const days = target === "timescaledb" ? "1hour" : "1day";
    expect([byDay.read_from, cost.read_from]).toEqual([days, days]);
    const csv = await (await get("summary", { ...q, format: "csv" })).text();
    expect(csv.split("\r\n")[0]).toContain("total_energy_kwh");
  });

  it("EnPI: actual ÷ expected from a passing baseline, improvement in kWh, % and cost; the plant's EnPI covers the baselined machines", async () => {
    await t.db.query(`INSERT INTO machines (id, site_id, name, area) VALUES ($1, $2, 'F', 'Press')`, [F, DEFAULT_SITE_ID]);
    // Training: 30 days from 2 June 2025, energy = 2 + 0.5 kWh per unit each hour (± 0.01); from 7 July, 90 % of that.
    const t0 = Date.parse("2025-06-02T00:00:00Z");
    const hours = 42 * 24;
    const units = (i: number) => (i * 7) % 11;
    const kwh = (i: number) => (2 + 0.5 * units(i)) * (t0 + i * H >= Date.parse("2025-07-06T22:00:00Z") ? 0.9 : 1) + (i % 2 ? 0.01 : -0.01);
    await writeEnergy(t.db, F, Array.from({ length: hours }, (_, i) => [t0 + i * H, kwh(i), 3600] as [number, number, number]));
    await writeProduction(t.db, F, Array.from({ length: hours }, (_, i) => [t0 + i * H, units(i), "X", "running"] as [number, number, string, string]));
    const trained = await body(await trainRoute(jsonRequest("/api/v1/baseline/train", { machine_id: F, start_date: "2025-06-02", end_date: "2025-07-02", drivers: ["total_production_count"] })));
    expect(trained.meets_quality_threshold).toBe(true);
    const r = await json("enpi", { machine_id: F, start_date: "2025-07-07", end_date: "2025-07-14", granularity: "daily" });
    // Expected = 2 + 0.5 × units per hour; actual 90 % of it (the ± 0.01 cancel over whole days).
    let expected = 0;
    for (let i = 0; i < hours; i++) if (t0 + i * H >= Date.parse("2025-07-06T22:00:00Z") && t0 + i * H < Date.parse("2025-07-13T22:00:00Z")) expected += 2 + 0.5 * units(i);
    expect(r.totals.form).toBe("regression");
    expect(r.totals.expected_kwh).toBeCloseTo(expected, 0);
    expect(r.totals.actual_kwh).toBeCloseTo(0.9 * expected, 6);
    expect(r.totals.enpi).toBeCloseTo(0.9, 3);
    expect(r.totals.savings_pct).toBeCloseTo(10, 1);
    // Flat tariff of the previous test: 0.20 EUR per kWh saved.
    expect(r.totals.savings_cost).toBeCloseTo(0.2 * r.totals.savings_kwh, 9);
    expect(r.series).toHaveLength(7);
    expect(r.series[0].enpi).toBeCloseTo(0.9, 2);
    const plant = await json("summary", { start_date: "2025-07-07", end_date: "2025-07-14" });
    expect(plant).toMatchObject({ enpi_form: "regression" });
    expect(plant.enpi).toBeCloseTo(0.9, 3);
    expect(plant.savings_kwh).toBeCloseTo(r.totals.savings_kwh, 9);
    expect(plant.absent.enpi.join(" ")).toContain("A: no active baseline model");
    const sec = await json("sec", { machine_id: F, start_date: "2025-07-07", end_date: "2025-07-14", granularity: "weekly" });
    expect(sec.totals.expected_sec_kwh_per_unit / sec.totals.sec_kwh_per_unit).toBeCloseTo(1 / 0.9, 3);
  });

  it("monthly bills: energy, flat cost and CO2, the billed peak where the bill carries one, no load factor", async () => {
    await t.db.query(`INSERT INTO machines (id, site_id, name, area) VALUES ($1, $2, 'G', 'Bills')`, [G, DEFAULT_SITE_ID]);
    const jan = Date.parse("2024-12-31T23:00:00Z");
    const feb = Date.parse("2025-01-31T23:00:00Z");
    const mar = Date.parse("2025-02-28T23:00:00Z");
    await writeEnergy(t.db, G, [[jan, 3000, (feb - jan) / 1000], [feb, 2800, (mar - feb) / 1000]]);
    await t.db.query(`UPDATE energy_readings SET peak_demand_kw = 12 WHERE machine_id = $1 AND time = $2`, [G, new Date(jan).toISOString()]);
    const s = await json("summary", { machine_id: G, start_date: "2025-01-01", end_date: "2025-02-01" });
    expect(s).toMatchObject({ total_energy_kwh: 3000, coverage: 1, peak_demand_kw: 12, peak_demand_at: null, peak_demand_source: "billed", load_factor: null });
    expect(s.cost).toBeCloseTo(600, 9);
    expect(s.co2_kg).toBeCloseTo(1200, 9);
    const feb2 = await json("summary", { machine_id: G, start_date: "2025-02-01", end_date: "2025-03-01" });
    expect(feb2.peak_demand_kw).toBeNull();
    expect(feb2.absent.peak_demand[0]).toContain("no bill in the period carries a peak demand reading");
    const monthly = await json("carbon", { machine_id: G, start_date: "2025-01-01", end_date: "2025-03-01", granularity: "monthly" });
    expect(monthly.series.map((b: { energy_kwh: number }) => b.energy_kwh)).toEqual([3000, 2800]);
    const daily = await json("carbon", { machine_id: G, start_date: "2025-01-01", end_date: "2025-03-01", granularity: "daily" });
    expect(daily.by_machine[0].absent.energy).toContain("longer than a daily bucket");
  });

  it("load factor of partly covered demand intervals: average and peak on the same intervals, never above 1", async () => {
    // The bug hunt's machine: 1-minute readings only at 07:00, 07:01, 07:10 and 07:11 UTC, so the
    // 07:00–07:15 interval is covered for 4 of its 15 minutes. A second machine in the area has
    // one 1-minute reading in the next interval.
    const P1 = "c1000000-0000-0000-0000-000000000021";
    const P2 = "c1000000-0000-0000-0000-000000000022";
    for (const [id, name] of [[P1, "P1"], [P2, "P2"]]) await t.db.query(`INSERT INTO machines (id, site_id, name, area) VALUES ($1, $2, $3, 'Gap')`, [id, DEFAULT_SITE_ID, name]);
    const at = (hhmm: string) => Date.parse(`2026-11-29T${hhmm}:00Z`);
    await writeEnergy(t.db, P1, [[at("07:00"), 1.25, 60], [at("07:01"), 1.3, 60], [at("07:10"), 1.2, 60], [at("07:11"), 1.3, 60]]);
    await writeEnergy(t.db, P2, [[at("07:20"), 0.5, 60]]);
    const day = { start_date: "2026-11-29", end_date: "2026-11-30" };
    // P1: 5.05 kWh in the 07:00 interval → peak 5.05 × 4 = 20.2 kW; average over that one interval's
    // 0.25 h = 20.2 kW; load factor 1 (it was 5.05 kWh ÷ 4 covered minutes = 75.75 kW, 375 %).
    const one = await json("load-factor", { machine_id: P1, ...day, granularity: "daily" });
    expect(one.totals.peak_demand_kw).toBeCloseTo(20.2, 12);
    expect(one.totals.average_demand_kw).toBeCloseTo(20.2, 12);
    expect(one.totals.load_factor).toBeCloseTo(1, 12);
    expect(one.series[0].load_factor).toBeCloseTo(1, 12);
    const s1 = await json("summary", { machine_id: P1, ...day });
    expect(s1.peak_demand_kw).toBeCloseTo(20.2, 12);
    expect(s1.load_factor).toBeCloseTo(1, 12);
    // The area: intervals 07:00 (5.05 kWh) and 07:15 (0.5 kWh) → peak 20.2 kW at 07:00; average
    // 5.55 kWh ÷ 0.5 h = 11.1 kW; load factor 11.1 ÷ 20.2 (the old sum of machine averages was
    // 75.75 + 30 kW, 524 %).
    const area = await json("load-factor", { area: "Gap", ...day, granularity: "daily" });
    expect(area.totals.peak_demand_kw).toBeCloseTo(20.2, 12);
    expect(area.totals.peak_demand_at).toBe("2026-11-29T07:00:00.000Z");
    expect(area.totals.average_demand_kw).toBeCloseTo(11.1, 12);
    expect(area.totals.load_factor).toBeCloseTo(11.1 / 20.2, 12);
    const hourly = await json("load-factor", { area: "Gap", start_date: "2026-11-29T08:00", end_date: "2026-11-29T09:00", granularity: "hourly" });
    expect(hourly.series[0].time).toBe("2026-11-29T07:00:00.000Z");
    expect(hourly.series[0].peak_demand_kw).toBeCloseTo(20.2, 12);
    expect(hourly.series[0].average_demand_kw).toBeCloseTo(11.1, 12);
    const s2 = await json("summary", { area: "Gap", ...day });
    expect(s2.load_factor).toBeCloseTo(11.1 / 20.2, 12);
    await t.db.query(`UPDATE machines SET is_active = false WHERE id = ANY($1::uuid[])`, [[P1, P2]]);
  });

  it("a site with a half-hour offset (Kolkata): local days from 18:30 UTC, quarter hours priced by their local hour, its own tariff and currency", async () => {
    const site = "5e000000-0000-0000-0000-0000000000b1";
    const K = "c1000000-0000-0000-0000-000000000011";
    await t.db.query(`INSERT INTO sites (id, name, time_zone, country) VALUES ($1, 'Pune', 'Asia/Kolkata', 'IN')`, [site]);
    await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'K')`, [K, site]);
    const day = Date.parse("2025-01-14T18:30:00Z"); // Wednesday 15 January, 00:00 in Kolkata
    await writeEnergy(t.db, K, Array.from({ length: 96 }, (_, i) => [day + i * Q, 1, 900] as [number, number, number]));
    const tariff = await put(putTariffRoute, {
      site_id: site,
      currency: "INR",
      periods: [
        { name: "night", days: "weekday", start: "22:00", end: "06:00", price_per_kwh: 5 },
        { name: "day", days: "weekday", start: "06:00", end: "22:00", price_per_kwh: 10 },
        { name: "weekend", days: "weekend", start: "00:00", end: "24:00", price_per_kwh: 7 },
      ],
    });
    expect(tariff.status).toBe(200);
    const r = await json("cost", { machine_id: K, start_date: "2025-01-15", end_date: "2025-01-16", granularity: "daily" });
    expect(r.time_zone).toBe("Asia/Kolkata");
    expect(r.read_from).toBe("15min");
    expect(r.series).toHaveLength(1);
    expect(r.series[0].time).toBe("2025-01-14T18:30:00.000Z");
    // 8 night hours × 4 kWh × 5 + 16 day hours × 4 kWh × 10 INR.
    expect(r.totals.energy_cost).toBeCloseTo(800, 9);
    expect(r.currency).toBe("INR");
    // A plant of Berlin and Kolkata machines has no one local calendar.
    const plant = await get("cost", { start_date: "2025-01-15", end_date: "2025-01-16" });
    expect(plant.status).toBe(400);
    expect(String((await body(plant)).message)).toContain("different time zones (Europe/Berlin, Asia/Kolkata)");
    await t.db.query(`UPDATE machines SET is_active = false WHERE id = $1`, [K]);
  });

  it("bad parameters are a 4xx naming the field and the problem", async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ["cost", { start_date: "2025-01-19", end_date: "2025-01-17" }, 400, "start_date must be before end_date"],
      ["cost", { start_date: "yesterday", end_date: "2025-01-17" }, 400, "start_date must be an ISO-8601 date"],
      ["cost", { start_date: "2025-01-17", end_date: "2025-01-19", granularity: "1min" }, 400, "granularity: must be one of 15min, hourly, daily, weekly, monthly"],
      ["cost", { start_date: "2025-01-17", end_date: "2025-01-19", machine_id: "nope" }, 400, "machine_id: must be a machine id"],
      ["cost", { start_date: "2025-01-17", end_date: "2025-01-19", machine_id: "c1000000-0000-0000-0000-0000000000ff" }, 404, "not found"],
      ["cost", { start_date: "2025-01-17", end_date: "2025-01-19", area: "Nowhere" }, 404, 'No active machine in area "Nowhere"'],
      ["cost", { start_date: "2025-01-17T10:00", end_date: "2025-01-17T20:00", granularity: "daily" }, 400, "holds no whole daily bucket"],
      ["watts", { start_date: "2025-01-17", end_date: "2025-01-19" }, 400, "unknown KPI"],
      ["summary", { end_date: "2025-01-19" }, 400, "start_date is required"],
      ["sec", { start_date: "2025-01-17", end_date: "2025-01-19", machine_id: A, area: "Hall" }, 400, 'is not in area "Hall"'],
      ["sec", { start_date: "2025-01-17", end_date: "2025-01-19", format: "xml" }, 400, "format: must be json or csv"],
    ];
    for (const [path, q, status, message] of cases) {
      const res = await get(path, q);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(String((await body(res)).message)).toContain(message);
    }
  });

  it("a count copied from the machines that make the units (counts_output false) is the machine's own SEC denominator; its area and the plant count each unit once", async () => {
    const patch = async (b: Record<string, unknown>) => {
      const res = await patchMachineRoute(jsonRequest(`/api/v1/machines/${A}`, b, "PATCH"), params({ id: A }));
      expect(res.status).toBe(200);
      return body(res);
    };
    // A (200 kWh over the two days, area Line with B) is given B's output as its own count, as a
    // compressor is given the plant's: 80 units Friday, no product of its own.
    await writeProduction(
      t.db,
      A,
      Array.from({ length: 48 * 60 }, (_, m) => {
        const h = Math.floor(m / 60);
        return h >= 8 && h < 16 ? [FRI + m * 60_000, 1 / 6, null, "running"] : [FRI + m * 60_000, 0, null, "off"];
      }),
    );
    const q = { start_date: "2025-01-17", end_date: "2025-01-19" };
    expect((await json("summary", q)).total_production_count).toBeCloseTo(160, 9);
    expect(await patch({ counts_output: false })).toMatchObject({ id: A, counts_output: false });

    const plant = await json("summary", q);
    expect(plant.total_production_count).toBeCloseTo(80, 9);
    expect(plant.sec_kwh_per_unit).toBeCloseTo(406 / 80, 9);
    const line = await json("summary", { ...q, area: "Line" });
    expect(line.total_production_count).toBeCloseTo(80, 9);
    expect(line.sec_kwh_per_unit).toBeCloseTo(296 / 80, 9);
    const alone = await json("summary", { ...q, machine_id: A });
    expect(alone.total_production_count).toBeCloseTo(80, 9);
    expect(alone.sec_kwh_per_unit).toBeCloseTo(200 / 80, 9);
    const sec = await json("sec", { ...q, area: "Line", granularity: "daily" });
    expect(sec.totals.production_count).toBeCloseTo(80, 9);
    expect(sec.series[0].production_count).toBeCloseTo(80, 9);
    // Per product: B's two products only; A's copied units are no product's.
    expect(sec.products.map((p: { product_id: string }) => p.product_id)).toEqual(["P1", "P2"]);
    const a = (sec.by_machine as { machine_id: string; production_count: number; sec_kwh_per_unit: number }[]).find((m) => m.machine_id === A)!;
    expect(a.production_count).toBeCloseTo(80, 9);
    expect(a.sec_kwh_per_unit).toBeCloseTo(200 / 80, 9);

    await patch({ counts_output: true });
    expect((await json("summary", q)).total_production_count).toBeCloseTo(160, 9);
    const bad = await patchMachineRoute(jsonRequest(`/api/v1/machines/${A}`, { counts_output: "no" }, "PATCH"), params({ id: A }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await body(bad))).toContain("counts_output");
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- the tests read nested JSON answers field by field */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { addMachines, M1, M2 } from "../helpers/fixtures";
import { readCacheStats, readingsWriteScope } from "@/lib/api/read-cache";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { GET as summaryRoute } from "@/app/api/v1/kpi/summary/route";
import { GET as kpiRoute } from "@/app/api/v1/kpi/[kpi]/route";
import { GET as seriesRoute } from "@/app/api/v1/machines/[id]/series/route";
import { PUT as putTariffRoute } from "@/app/api/v1/settings/tariff/route";

// The read cache (lib/api/read-cache.ts) against a real database: a cached KPI or series changes
// as soon as readings arrive in its period through the API, stays cached (a hit, same figure)
// when they arrive for another machine or period, and a settings write drops everything.
// Figures by hand: 60 one-minute readings of 1 kWh = 60 kWh, 30 more = 90 kWh.

const T0 = Date.UTC(2026, 0, 5, 10); // Monday 5 January 2026, 10:00 UTC (the test site is UTC)
const rows = (machine: string, from: number, n: number, kwh = 1) => Array.from({ length: n }, (_, i) => ({ time: new Date(from + i * 60_000).toISOString(), machine_id: machine, energy_kwh: kwh, interval_s: 60 }));
const ingest = async (r: unknown[]) => {
  const res = await ingestRoute(jsonRequest("/api/v1/ingest/energy", r), params({ kind: "energy" }));
  expect(res.status).toBe(200);
};
const summary = async (query: Record<string, string>) => {
  const res = await summaryRoute(new Request(`http://localhost/api/v1/kpi/summary?${new URLSearchParams(query)}`));
  expect(res.status).toBe(200);
  return (await body(res)) as Record<string, any>;
};
const hourlySum = async (machine: string) => {
  const res = await seriesRoute(new Request(`http://localhost/api/v1/machines/${machine}/series?metrics=energy&from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z&bucket=hourly`), params({ id: machine }));
  expect(res.status).toBe(200);
  const b = (await body(res)) as { points: { total_energy_kwh: number | null }[] };
  return b.points.reduce((s, p) => s + (p.total_energy_kwh ?? 0), 0);
};
const JAN5 = { machine_id: M1, start_date: "2026-01-05", end_date: "2026-01-06" };

describe.each(testTargets())("read cache (%s)", (target) => {
  let t: TestDatabase;
  const saved = process.env.READ_CACHE_TTL_S;
  beforeAll(async () => {
    // On for this file (vitest's default is off), with a TTL far longer than the test.
    process.env.READ_CACHE_TTL_S = "600";
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await addMachines(t.db);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.READ_CACHE_TTL_S;
    else process.env.READ_CACHE_TTL_S = saved;
    await t?.drop();
  });

  it("serves a cached figure until readings arrive in its period, then the new figure", async () => {
    await ingest(rows(M1, T0, 60));
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(60, 9);
    expect(await hourlySum(M1)).toBeCloseTo(60, 9);
    // Asked again: answered from the cache (a hit), the same figures.
    const before = readCacheStats().hits;
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(60, 9);
    expect(await hourlySum(M1)).toBeCloseTo(60, 9);
    expect(readCacheStats().hits).toBeGreaterThanOrEqual(before + 2);

    // 30 more readings in the same day: the cached 60 must not be served again.
    await ingest(rows(M1, T0 + 2 * 3_600_000, 30));
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(90, 9);
    expect(await hourlySum(M1)).toBeCloseTo(90, 9);
    // The plant's figure too (it sums every machine).
    expect((await summary({ start_date: "2026-01-05", end_date: "2026-01-06" })).total_energy_kwh).toBeCloseTo(90, 9);
  });

  it("keeps cached figures that a write elsewhere cannot change, and drops them for one that can", async () => {
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(90, 9);
    const daily = async () => {
      const res = await kpiRoute(new Request(`http://localhost/api/v1/kpi/carbon?start_date=2026-01-05&end_date=2026-01-06&granularity=daily`), params({ kpi: "carbon" }));
      expect(res.status).toBe(200);
      return (await body(res)) as Record<string, any>;
    };
    expect((await daily()).totals.energy_kwh).toBeCloseTo(90, 9);
    // M2 in March and M1 a month later: neither touches 5 January, both answers stay hits.
    await ingest(rows(M2, Date.UTC(2026, 2, 1), 10));
    await ingest(rows(M1, Date.UTC(2026, 1, 5), 10));
    const hits = readCacheStats().hits;
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(90, 9);
    expect((await daily()).totals.energy_kwh).toBeCloseTo(90, 9);
    expect(readCacheStats().hits).toBe(hits + 2);

    // A CSV import is not read before it is written: it drops every cached answer.
    const csv = `time,machine_id,energy_kwh,interval_s\n${new Date(T0 + 5 * 3_600_000).toISOString()},${M1},10,60\n`;
    const res = await ingestCsvRoute(new Request("http://localhost/api/v1/ingest/csv?kind=energy", { method: "POST", body: csv, headers: { "content-type": "text/csv" } }));
    expect(res.status).toBe(200);
    expect((await summary(JAN5)).total_energy_kwh).toBeCloseTo(100, 9);

    // A tariff set through the API: the cached summary had no cost; now 100 kWh × 0.2.
    expect((await summary(JAN5)).cost).toBeNull();
    const put = await putTariffRoute(jsonRequest("/api/v1/settings/tariff", { currency: "EUR", flat_price_per_kwh: 0.2 }, "PUT"));
    expect(put.status).toBe(200);
    expect((await summary(JAN5)).cost).toBeCloseTo(20, 9);
  });
});

describe("readingsWriteScope", () => {
  it("spans the rows' machines and times with room for zones and intervals", () => {
    const scope = readingsWriteScope([
      { time: "2026-01-05T10:00:00Z", machine_id: M1.toUpperCase(), energy_kwh: 1 },
      { time: "2026-01-05T12:00:00Z", machine_id: M2, energy_kwh: 1, interval_s: 7 * 86_400 },
    ]);
    if (scope === "all") throw new Error("expected a readings scope");
    expect(scope.readings.machineIds).toEqual([M1, M2]);
    // 14 h for a time without an offset read in another zone, plus the longest interval (a week here).
    const margin = 14 * 3_600_000 + 7 * 86_400_000;
    expect(scope.readings.from).toBe(Date.UTC(2026, 0, 5, 10) - margin);
    expect(scope.readings.to).toBe(Date.UTC(2026, 0, 5, 12) + margin);
  });

  it("is everything when a row cannot be read", () => {
    expect(readingsWriteScope([{ time: "not a time", machine_id: M1 }])).toBe("all");
    expect(readingsWriteScope([{ time: "2026-01-05T10:00:00Z" }])).toBe("all");
    expect(readingsWriteScope("nonsense")).toBe("all");
    expect(readingsWriteScope({ rows: [] })).toBe("all");
  });
});

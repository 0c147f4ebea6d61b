import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest } from "../helpers/routes";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as ingestBillRoute } from "@/app/api/v1/ingest/bill/route";

// Utility bills: one energy row per billing period (time = its start, interval_s = its length),
// dates being local midnights of the site (Europe/Berlin here).

describe.each(testTargets())("utility bills on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "rollup_pending"] });

  const stored = async () =>
    (await t.db.query<{ time: Date; interval_s: number; energy_kwh: number; cost: number | null; peak_demand_kw: number | null; power_kw: number | null }>(
      "SELECT time, interval_s, energy_kwh, cost, peak_demand_kw, power_kw FROM energy_readings ORDER BY machine_id, time",
    )).map((r) => ({ ...r, time: new Date(r.time).toISOString() }));

  const monthly = [
    { time: "2025-12-31T23:00:00.000Z", interval_s: 31 * 86_400, energy_kwh: 12_400, cost: 3100.5, peak_demand_kw: 41, power_kw: null },
    { time: "2026-01-31T23:00:00.000Z", interval_s: 28 * 86_400, energy_kwh: 11_200, cost: 2800, peak_demand_kw: 39.5, power_kw: null },
    // March loses an hour to the spring change.
    { time: "2026-02-28T23:00:00.000Z", interval_s: 31 * 86_400 - 3600, energy_kwh: 12_000, cost: null, peak_demand_kw: null, power_kw: null },
  ];

  it("POST /api/v1/ingest/csv?kind=bill stores each bill as one row over its period (exclusive end dates, kwh alias)", async () => {
    const csv = ["machine_id,period_start,period_end,kwh,cost,peak_kw", `${M1},2026-01-01,2026-02-01,12400,3100.5,41`, `${M1},2026-02-01,2026-03-01,11200,2800,39.5`, `${M1},2026-03-01,2026-04-01,12000,,`].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=bill", csv));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ kind: "bill", received: 3, written: 3, rejected_count: 0 });
    expect(await stored()).toEqual(monthly);
    const month = await t.db.query<{ e: number; covered: number }>("SELECT sum(total_energy_kwh)::float8 AS e, sum(covered_s)::float8 AS covered FROM energy_readings_1day");
    expect(month[0]).toEqual({ e: 35_600, covered: (31 + 28 + 31) * 86_400 - 3600 });
  });

  it("period_end=inclusive reads end dates as the last day billed", async () => {
    const csv = ["machine_id,period_start,period_end,energy_kwh,cost,peak_kw", `${M1},2026-01-01,2026-01-31,12400,3100.5,41`, `${M1},2026-02-01,2026-02-28,11200,2800,39.5`, `${M1},2026-03-01,2026-03-31,12000,,`].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=bill&period_end=inclusive", csv));
    expect(res.status).toBe(200);
    expect(await stored()).toEqual(monthly);
  });

  it("refuses overlapping bills of one machine, naming both lines, and writes nothing", async () => {
    const csv = ["machine_id,period_start,period_end,energy_kwh", `${M1},2026-01-01,2026-02-01,100`, `${M2},2026-01-15,2026-02-15,100`, `${M1},2026-01-31,2026-03-01,100`].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=bill", csv));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ line: 4, column: "period_start" }]);
    expect(String(b.message)).toContain("line 2");
    expect(await stored()).toEqual([]);
  });

  it("refuses a bill overlapping a stored reading of the machine; a re-sent bill replaces its row", async () => {
    const bill = { machine_id: M1, period_start: "2026-01-01", period_end: "2026-02-01", energy_kwh: 100 };
    expect((await ingestBillRoute(jsonRequest("/api/v1/ingest/bill", [bill]))).status).toBe(200);
    expect((await ingestBillRoute(jsonRequest("/api/v1/ingest/bill", [{ ...bill, energy_kwh: 120 }]))).status).toBe(200);
    expect((await stored()).map((r) => r.energy_kwh)).toEqual([120]);
    const res = await ingestBillRoute(jsonRequest("/api/v1/ingest/bill", [{ ...bill, period_start: "2026-01-20", period_end: "2026-02-20" }]));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ index: 0, field: "period_start", message: expect.stringContaining("overlaps the stored reading") as unknown }]);
  });

  it("names bill periods and stored readings in plant dates with the zone, not UTC instants", async () => {
    const backwards = await ingestBillRoute(jsonRequest("/api/v1/ingest/bill", [{ machine_id: M1, period_start: "2026-10-01", period_end: "2026-09-01", energy_kwh: 1 }]));
    expect(backwards.status).toBe(400);
    expect((await body(backwards)).errors).toMatchObject([{ index: 0, field: "period_end", message: "the period 1 Oct 2026 – 1 Sept 2026 (Europe/Berlin) must be positive, whole seconds and at most 100 days" }]);
    await t.db.query("INSERT INTO energy_readings (time, machine_id, energy_kwh, interval_s) VALUES ('2026-09-10T04:00:00Z', $1, 5, 900)", [M1]);
    const over = await ingestBillRoute(
      jsonRequest("/api/v1/ingest/bill", [
        { machine_id: M1, period_start: "2026-09-01", period_end: "2026-10-01", energy_kwh: 5000 },
        { machine_id: M2, period_start: "2026-09-01", period_end: "2026-10-01", energy_kwh: 5000 },
        { machine_id: M2, period_start: "2026-09-15T06:00:00", period_end: "2026-10-15", energy_kwh: 5000 },
      ]),
    );
    expect((await body(over)).errors).toMatchObject([
      { index: 2, message: "the period Tue, 15 Sept 2026, 06:00 – 15 Oct 2026 (Europe/Berlin) overlaps the bill in row 1 (1 Sept 2026 – 1 Oct 2026) of the same machine" },
      { index: 0, message: "the period 1 Sept 2026 – 1 Oct 2026 (Europe/Berlin) overlaps the stored reading of the same machine at Thu, 10 Sept 2026, 06:00 (900 s)" },
    ]);
  });

  it("names the field of a bad bill, and skips it with on_error=skip", async () => {
    const res = await ingestBillRoute(
      jsonRequest("/api/v1/ingest/bill?on_error=skip", [
        { machine_id: M1, period_start: "2026-01-01", period_end: "2026-01-01", energy_kwh: 1 },
        { machine_id: M1, period_start: "January", period_end: "2026-02-01", energy_kwh: 1 },
        { machine_id: M1, period_start: "2026-01-01", period_end: "2026-02-01", energy_kwh: -1 },
        { machine_id: M1, period_start: "2026-02-01", period_end: "2026-03-01", energy_kwh: 1 },
      ]),
    );
    expect(res.status).toBe(207);
    const b = await body(res);
    expect(b).toMatchObject({ written: 1, rejected_count: 3 });
    expect(b.rejected).toMatchObject([
      { index: 0, field: "period_end", message: expect.stringContaining("period_end=inclusive") as unknown },
      { index: 1, field: "period_start" },
      { index: 2, field: "energy_kwh" },
    ]);
  });
  it("refuses a bill whose period ends in the future or starts before 1990, as any reading (energy not yet consumed)", async () => {
    // A bill for December to February sent on 1 December was stored, and the KPIs read its energy as metered.
    const now = new Date();
    const month = (add: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + add, 1)).toISOString().slice(0, 10);
    const res = await ingestBillRoute(
      jsonRequest("/api/v1/ingest/bill?on_error=skip", [
        { machine_id: M1, period_start: month(0), period_end: month(2), energy_kwh: 100 },
        { machine_id: M1, period_start: "1989-12-01", period_end: "1990-01-01", energy_kwh: 100 },
        { machine_id: M1, period_start: month(-2), period_end: month(-1), energy_kwh: 100 },
      ]),
    );
    expect(res.status).toBe(207);
    const b = await body(res);
    expect(b).toMatchObject({ written: 1, rejected_count: 2 });
    expect(b.rejected).toMatchObject([
      { index: 0, field: "period_end", message: expect.stringContaining("future") as unknown },
      { index: 1, field: "period_start", message: expect.stringContaining("1990") as unknown },
    ]);
    expect((await stored()).map((r) => r.energy_kwh)).toEqual([100]);
  });
});

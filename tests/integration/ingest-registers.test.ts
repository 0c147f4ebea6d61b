import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, useDatabase } from "../helpers/routes";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as ingestRegisterRoute } from "@/app/api/v1/ingest/register/route";
import { rebuildRollups } from "@/lib/timeseries/refresh";

// Cumulative registers: consumption is the difference between consecutive readings.

const at = (min: number) => new Date(Date.UTC(2026, 4, 1) + min * 60_000).toISOString();

/** M1 rolls over at 100,000 kWh; M2 has a backwards step (line 8) and a meter replacement. */
const lines = [
  "time,machine_id,energy_register_kwh",
  `${at(0)},${M1},99990`,
  `${at(15)},${M1},99995.5`,
  `${at(30)},${M1},3`,
  `${at(45)},${M1},10`,
  `${at(0)},${M2},5000`,
  `${at(15)},${M2},5004`,
  `${at(30)},${M2},5003`,
  `${at(45)},${M2},5010`,
  `${at(60)},${M2},2`,
  `${at(75)},${M2},7`,
];

describe.each(testTargets())("cumulative registers on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    await t.db.query("UPDATE machines SET register_max_kwh = 100000 WHERE id = $1", [M1]);
    useDatabase(t.db);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.query("TRUNCATE energy_readings, meter_register_readings, rollup_pending");
    await rebuildRollups(t.db);
  });

  const derived = async () =>
    (await t.db.query<{ machine_id: string; time: Date; interval_s: number; energy_kwh: number; power_kw: number }>(
      "SELECT machine_id::text, time, interval_s, energy_kwh, power_kw FROM energy_readings ORDER BY machine_id, time",
    )).map((r) => [r.machine_id === M1 ? "M1" : "M2", new Date(r.time).toISOString(), r.interval_s, Number(r.energy_kwh.toFixed(9)), Number(r.power_kw.toFixed(9))]);
  const upload = (csv: string[], query = "") => ingestCsvRoute(csvRequest(`/api/v1/ingest/csv?kind=register${query}`, csv.join("\n")));

  it("with on_error=abort a backwards step is a 400 naming its line, and nothing is written", async () => {
    const res = await upload(lines);
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ line: 8, column: "energy_register_kwh", message: expect.stringContaining("goes back from 5004 kWh") as unknown }]);
    // In the plant's time (the site's zone), as the overlap and bill messages are, not UTC instants.
    expect((b.errors as { message: string }[])[0]!.message).toContain("goes back from 5004 kWh at Fri, 1 May 2026, 02:15 to 5003 kWh at Fri, 1 May 2026, 02:30 (Europe/Berlin)");
    expect(await derived()).toEqual([]);
    expect(await t.db.query("SELECT 1 FROM meter_register_readings")).toHaveLength(0);
  });

  it("derives consumption between readings: differences, a rollover, a replacement left uncovered, the first reading a starting point", async () => {
    const res = await upload(lines, "&on_error=skip");
    expect(res.status).toBe(207);
    const b = await body(res);
    expect(b).toMatchObject({ kind: "register", received: 10, written: 9, derived: 6, rejected_count: 1, rejected: [{ line: 8 }] });
    expect(b.starting_points).toEqual([{ machine_id: M1, time: at(0) }, { machine_id: M2, time: at(0) }]);
    expect(b.rollovers).toEqual([{ machine_id: M1, time: at(30), line: 4, previous_kwh: 99995.5, register_kwh: 3 }]);
    expect(b.replacements).toEqual([{ machine_id: M2, time: at(60), line: 10, previous_kwh: 5010, register_kwh: 2 }]);
    expect(await derived()).toEqual([
      ["M1", at(0), 900, 5.5, 22],
      // 100,000 − 99,995.5 + 3
      ["M1", at(15), 900, 7.5, 30],
      ["M1", at(30), 900, 7, 28],
      ["M2", at(0), 900, 4, 16],
      // 5003 rejected: 5004 → 5010 over half an hour.
      ["M2", at(15), 1800, 6, 12],
      // 5010 → 2 at 01:00 is a new meter: 00:45–01:00 has no row.
      ["M2", at(60), 900, 5, 20],
    ]);
    const hourly = await t.db.query<{ m: string; bucket: Date; e: number; covered: number }>(
      "SELECT machine_id::text AS m, bucket, total_energy_kwh::float8 AS e, covered_s::float8 AS covered FROM energy_readings_1hour ORDER BY m, bucket",
    );
    expect(hourly.map((h) => [h.m === M1 ? "M1" : "M2", new Date(h.bucket).toISOString(), h.e, h.covered])).toEqual([
      ["M1", at(0), 20, 2700],
      ["M2", at(0), 10, 2700],
      ["M2", at(60), 5, 900],
    ]);
  });

  it("batches and out-of-order arrivals give what one sorted file gives: a reading between two stored ones splits their row", async () => {
    const m1 = lines.slice(1, 5);
    await upload([lines[0]!, m1[0]!, m1[2]!]);
    // 99,990 → 3 across the rollover: 13 kWh over half an hour.
    expect(await derived()).toEqual([["M1", at(0), 1800, 13, 26]]);
    const res = await ingestRegisterRoute(jsonRequest("/api/v1/ingest/register", [
      { time: at(45), machine_id: M1, energy_register_kwh: 10 },
      { time: at(15), machine_id: M1, energy_register_kwh: 99995.5 },
    ]));
    expect(res.status).toBe(200);
    expect((await body(res)).starting_points).toEqual([]);
    expect(await derived()).toEqual([
      ["M1", at(0), 900, 5.5, 22],
      ["M1", at(15), 900, 7.5, 30],
      ["M1", at(30), 900, 7, 28],
    ]);
    const hourly = await t.db.query<{ e: number }>("SELECT total_energy_kwh::float8 AS e FROM energy_readings_1hour");
    expect(hourly.map((h) => h.e)).toEqual([20]);
  });

  it("rejects a reading that steps back from a stored one, and implausible consumption", async () => {
    await upload([lines[0]!, `${at(0)},${M2},5000`, `${at(30)},${M2},5010`]);
    const res = await ingestRegisterRoute(jsonRequest("/api/v1/ingest/register", [{ time: at(15), machine_id: M2, energy_register_kwh: 5020 }]));
    expect(res.status).toBe(400);
    expect((await body(res)).errors).toMatchObject([{ index: 0, field: "energy_register_kwh" }]);
    await t.db.query("UPDATE machines SET rated_power_kw = 5 WHERE id = $1", [M2]);
    try {
      // 25,000 kWh in 15 minutes on a 5 kW machine: a bad reading, not consumption.
      const res2 = await ingestRegisterRoute(jsonRequest("/api/v1/ingest/register", [{ time: at(45), machine_id: M2, energy_register_kwh: 30_010 }]));
      expect(res2.status).toBe(400);
      expect(JSON.stringify(await body(res2))).toContain("plausible maximum of 15 kW");
    } finally {
      await t.db.query("UPDATE machines SET rated_power_kw = NULL WHERE id = $1", [M2]);
    }
    expect(await derived()).toEqual([["M2", at(0), 1800, 10, 20]]);
  });

  it("a rejected reading re-sending a stored one leaves the stored reading and its rows as they were", async () => {
    await upload([lines[0]!, `${at(0)},${M2},5000`, `${at(30)},${M2},5010`, `${at(60)},${M2},5020`]);
    const before = await derived();
    const res = await ingestRegisterRoute(jsonRequest("/api/v1/ingest/register?on_error=skip", [{ time: at(30), machine_id: M2, energy_register_kwh: 4000 }]));
    expect(await body(res)).toMatchObject({ rejected_count: 1, written: 0 });
    expect(await derived()).toEqual(before);
    expect(before).toEqual([
      ["M2", at(0), 1800, 10, 20],
      ["M2", at(30), 1800, 10, 20],
    ]);
  });
});

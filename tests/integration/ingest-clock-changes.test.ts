import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as ingestRegisterRoute } from "@/app/api/v1/ingest/register/route";
import { GET as seriesGET } from "@/app/api/v1/machines/[id]/series/route";
import { rebuildRollups } from "@/lib/timeseries/refresh";

// A file in local wall-clock time across the autumn change (Europe/Berlin, 2026-10-25: clocks go
// back from 03:00 summer time to 02:00 winter time, so 02:00–02:59 happens twice).

/** Quarter-hours 01:00–04:45 local as a meter logs them: 02:00–02:45 twice. 20 rows of 2.5 kWh = 50 kWh. */
const wall = [
  ...["01:00", "01:15", "01:30", "01:45"],
  ...["02:00", "02:15", "02:30", "02:45"],
  ...["02:00", "02:15", "02:30", "02:45"],
  ...["03:00", "03:15", "03:30", "03:45", "04:00", "04:15", "04:30", "04:45"],
].map((hm) => `2026-10-25 ${hm}`);

describe.each(testTargets())("clock changes on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "production_data", "meter_register_readings", "rollup_pending"] });

  const check = async () => {
    const rows = await t.db.query<{ time: Date; interval_s: number }>("SELECT time, interval_s FROM energy_readings WHERE machine_id = $1 ORDER BY time", [M1]);
    // 20 distinct quarter-hours from 2026-10-24T23:00Z, each 900 s.
    expect(rows.map((r) => new Date(r.time).toISOString())).toEqual(Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 9, 24, 23) + i * 900_000).toISOString()));
    expect(rows.every((r) => r.interval_s === 900)).toBe(true);
    const raw = await t.db.query<{ e: number }>("SELECT sum(energy_kwh)::float8 AS e FROM energy_readings");
    expect(raw[0]?.e).toBe(50);
    const hourly = await t.db.query<{ bucket: Date; e: number }>("SELECT bucket, total_energy_kwh::float8 AS e FROM energy_readings_1hour ORDER BY bucket");
    expect(hourly.map((h) => [new Date(h.bucket).toISOString().slice(11, 16), h.e])).toEqual([
      ["23:00", 10],
      ["00:00", 10],
      ["01:00", 10],
      ["02:00", 10],
      ["03:00", 10],
    ]);
  };

  it("a CSV holding the repeated autumn hour twice keeps all 50 kWh: file order tells the first pass from the second", async () => {
    const csv = ["time,machine_id,energy_kwh", ...wall.map((w) => `${w},${M1},2.5`)].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ written: 20, rejected_count: 0, superseded_count: 0, intervals: [{ interval_s: 900, inferred: true }] });
    await check();
  });

  it("the same for a JSON batch with tz, with another machine's rows interleaved", async () => {
    const rows = wall.flatMap((w) => [
      { time: w, machine_id: M1, energy_kwh: 2.5 },
      { time: w, machine_id: M2, energy_kwh: 1, interval_s: 900 },
    ]);
    const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy?tz=Europe/Berlin", rows), params({ kind: "energy" }));
    expect(res.status).toBe(200);
    await t.db.query("DELETE FROM energy_readings WHERE machine_id = $1", [M2]);
    await rebuildRollups(t.db);
    await check();
  });

  it("with timestamp_position=end, readings stamped at their ends resolve the same way", async () => {
    await t.db.query("UPDATE machines SET sample_interval = '15min', timestamp_position = 'end' WHERE id = $1", [M1]);
    try {
      // The end of the quarter-hour 02:45–03:00 summer time shows as 02:00 winter time: 02:00–02:45
      // appear twice here too.
      const ends = [
        ...["01:15", "01:30", "01:45", "02:00", "02:15", "02:30", "02:45"],
        ...["02:00", "02:15", "02:30", "02:45", "03:00"],
        ...["03:15", "03:30", "03:45", "04:00", "04:15", "04:30", "04:45", "05:00"],
      ].map((hm) => `2026-10-25 ${hm}`);
      const csv = ["time,machine_id,energy_kwh", ...ends.map((w) => `${w},${M1},2.5`)].join("\n");
      const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
      expect(res.status).toBe(200);
      await check();
    } finally {
      await t.db.query("UPDATE machines SET sample_interval = NULL, timestamp_position = 'start'");
    }
  });

  it("rejects an ambiguous time whose order cannot tell which pass it means, naming the row", async () => {
    // 03:00 (after the change) and then 02:30: later than both passes' neighbours allow.
    const csv = ["time,machine_id,energy_kwh", `2026-10-25 01:45,${M1},1`, `2026-10-25 03:00,${M1},1`, `2026-10-25 02:30,${M1},1`, `2026-10-25 03:15,${M1},1`].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ line: 4, column: "time", message: expect.stringContaining("cannot tell which is meant") as unknown }]);
    expect(await t.db.query("SELECT 1 FROM energy_readings")).toHaveLength(0);
  });

  /** A gateway posting one reading per request in local time: 01:45, 02:00–02:45 twice, 03:00. */
  const oneByOne = ["01:45", "02:00", "02:15", "02:30", "02:45", "02:00", "02:15", "02:30", "02:45", "03:00"].map((hm) => `2026-10-25T${hm}:00`);
  /** The ten quarter-hours from 2026-10-24T23:45Z. */
  const tenQuarters = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2026, 9, 24, 23, 45) + i * 900_000).toISOString());
  const series = async (bucket: string) => {
    const res = await seriesGET(new Request(`http://localhost/api/v1/machines/${M1}/series?metrics=energy&from=2026-10-24T23:00:00Z&to=2026-10-25T03:00:00Z&bucket=${bucket}`), params({ id: M1 }));
    return { status: res.status, points: ((await body(res)).points ?? []) as { time: string; total_energy_kwh: number }[] };
  };

  it("one energy reading per request: a repeated-hour time resolves against the machine's latest stored reading (nothing overwritten)", async () => {
    for (const [i, time] of oneByOne.entries()) {
      const res = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy?tz=Europe/Berlin", [{ time, machine_id: M1, energy_kwh: i + 1, interval_s: 900 }]), params({ kind: "energy" }));
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ written: 1, rejected_count: 0 });
    }
    const rows = await t.db.query<{ time: Date; e: number }>("SELECT time, energy_kwh::float8 AS e FROM energy_readings WHERE machine_id = $1 ORDER BY time", [M1]);
    expect(rows.map((r) => [new Date(r.time).toISOString(), r.e])).toEqual(tenQuarters.map((q, i) => [q, i + 1]));
    const quarter = await series("15min");
    expect(quarter.status).toBe(200);
    expect(quarter.points.filter((p) => p.total_energy_kwh !== null).map((p) => [p.time, p.total_energy_kwh])).toEqual(tenQuarters.map((q, i) => [q, i + 1]));
    // A re-sent reading of the repeated hour after the day is stored: order cannot tell, so it is refused.
    const late = await ingestJsonRoute(jsonRequest("/api/v1/ingest/energy?tz=Europe/Berlin", [{ time: "2026-10-25T02:30:00", machine_id: M1, energy_kwh: 99, interval_s: 900 }]), params({ kind: "energy" }));
    expect(late.status).toBe(400);
    expect((await body(late)).errors).toMatchObject([{ index: 0, field: "time", message: expect.stringContaining("the machine's latest stored reading (2026-10-25T02:00:00.000Z) is later than both") as unknown }]);
  });

  it("one register reading per request: the second pass is stored as such and derives 15-minute consumption", async () => {
    for (const [i, time] of oneByOne.entries()) {
      const res = await ingestRegisterRoute(jsonRequest("/api/v1/ingest/register?tz=Europe/Berlin", [{ time, machine_id: M1, energy_register_kwh: 110 + 10 * i }]));
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ written: 1, rejected_count: 0 });
    }
    const readings = await t.db.query<{ time: Date }>("SELECT time FROM meter_register_readings WHERE machine_id = $1 ORDER BY time", [M1]);
    expect(readings.map((r) => new Date(r.time).toISOString())).toEqual(tenQuarters);
    const derived = await t.db.query<{ time: Date; e: number; s: number }>("SELECT time, energy_kwh::float8 AS e, interval_s AS s FROM energy_readings WHERE machine_id = $1 ORDER BY time", [M1]);
    expect(derived.map((r) => [new Date(r.time).toISOString(), r.e, r.s])).toEqual(tenQuarters.slice(0, 9).map((q) => [q, 10, 900]));
    const quarter = await series("15min");
    expect(quarter.status).toBe(200);
    expect(quarter.points.filter((p) => p.total_energy_kwh !== null).map((p) => p.total_energy_kwh)).toEqual(Array(9).fill(10));
    const hourly = await series("hourly");
    expect(hourly.status).toBe(200);
    expect(hourly.points.filter((p) => p.total_energy_kwh !== null).map((p) => [p.time, p.total_energy_kwh])).toEqual([
      ["2026-10-24T23:00:00.000Z", 10],
      ["2026-10-25T00:00:00.000Z", 40],
      ["2026-10-25T01:00:00.000Z", 40],
    ]);
  });

  it("resolves production rows the same way (any kind, per machine)", async () => {
    const csv = ["time,machine_id,production_count", ...wall.map((w) => `${w},${M1},1`)].join("\n");
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=production&tz=Europe/Berlin", csv));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ written: 20, superseded_count: 0 });
    // Then one more row per request: the second 02:15 follows the stored first pass.
    await t.db.query("DELETE FROM production_data WHERE time >= '2026-10-25T01:00:00Z'");
    const res2 = await ingestJsonRoute(jsonRequest("/api/v1/ingest/production?tz=Europe/Berlin", [{ time: "2026-10-25T02:00:00", machine_id: M1, production_count: 5 }]), params({ kind: "production" }));
    expect(res2.status).toBe(200);
    const last = await t.db.query<{ time: Date; n: number }>("SELECT time, production_count::float8 AS n FROM production_data WHERE machine_id = $1 ORDER BY time DESC LIMIT 2", [M1]);
    expect(last.map((r) => [new Date(r.time).toISOString(), r.n])).toEqual([["2026-10-25T01:00:00.000Z", 5], ["2026-10-25T00:45:00.000Z", 1]]);
  });
});

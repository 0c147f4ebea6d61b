import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { M1, M2, addMachines } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params, useDatabase } from "../helpers/routes";
import { POST as ingestJsonRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { POST as createRoute } from "@/app/api/v1/machines/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/machines/[id]/route";
import { rebuildRollups } from "@/lib/timeseries/refresh";

// Intervals at ingestion: every stored energy row covers [time, time + interval_s), with time its
// start; the interval comes from the row, the machine's sample_interval, or the batch's spacing.

const T0 = Date.UTC(2026, 4, 1);
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

describe.each(testTargets())("intervals at ingestion on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    await addMachines(t.db);
    useDatabase(t.db);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.query("TRUNCATE energy_readings, rollup_pending");
    await t.db.query("UPDATE machines SET sample_interval = NULL, timestamp_position = 'start', max_plausible_power_kw = NULL, rated_power_kw = NULL");
    await rebuildRollups(t.db);
  });

  const post = (rows: unknown, query = "") => ingestJsonRoute(jsonRequest(`/api/v1/ingest/energy${query}`, rows), params({ kind: "energy" }));
  const stored = async () =>
    (await t.db.query<{ time: Date; machine_id: string; interval_s: number; energy_kwh: number }>(
      "SELECT time, machine_id::text, interval_s, energy_kwh FROM energy_readings ORDER BY machine_id, time",
    )).map((r) => ({ time: new Date(r.time).toISOString(), machine_id: r.machine_id, interval_s: r.interval_s, energy_kwh: r.energy_kwh }));

  it("machines take sample_interval, timestamp_position, register_max_kwh and max_plausible_power_kw, validated", async () => {
    const res = await createRoute(jsonRequest("/api/v1/machines", { name: "Meter-15", sample_interval: "15min", timestamp_position: "end", register_max_kwh: 99_999.9, max_plausible_power_kw: 40 }));
    expect(res.status).toBe(201);
    const m = await body(res);
    expect(m).toMatchObject({ sample_interval: "15min", timestamp_position: "end", register_max_kwh: 99_999.9, max_plausible_power_kw: 40 });
    const id = m.id as string;
    const patched = await patchRoute(jsonRequest(`/api/v1/machines/${id}`, { sample_interval: null, timestamp_position: "start" }, "PATCH"), params({ id }));
    expect(await body(patched)).toMatchObject({ sample_interval: null, timestamp_position: "start", register_max_kwh: 99_999.9 });
    expect(await body(await getRoute(new Request(`http://localhost/api/v1/machines/${id}`), params({ id })))).toMatchObject({ sample_interval: null });
    for (const [field, value] of [["sample_interval", "2min"], ["timestamp_position", "middle"], ["register_max_kwh", 0], ["max_plausible_power_kw", -1]] as const) {
      const bad = await patchRoute(jsonRequest(`/api/v1/machines/${id}`, { [field]: value }, "PATCH"), params({ id }));
      expect(bad.status, field).toBe(400);
      expect(JSON.stringify(await body(bad)), field).toContain(field);
    }
    const plain = await body(await createRoute(jsonRequest("/api/v1/machines", { name: "Plain" })));
    expect(plain).toMatchObject({ sample_interval: null, timestamp_position: "start", register_max_kwh: null, max_plausible_power_kw: null });
    await t.db.query("DELETE FROM machines WHERE name IN ('Meter-15', 'Plain')");
  });

  it("uses the machine's sample_interval, and reports it", async () => {
    await t.db.query(`UPDATE machines SET sample_interval = '15min' WHERE id = $1`, [M1]);
    const res = await post([{ time: at(0), machine_id: M1, energy_kwh: 2 }]);
    expect(res.status).toBe(200);
    expect((await body(res)).intervals).toEqual([
      { machine_id: M1, interval_s: 900, interval: "15min", source: "sample_interval", inferred: false, timestamp_position: "start", rows: 1 },
    ]);
    expect(await stored()).toEqual([{ time: at(0), machine_id: M1, interval_s: 900, energy_kwh: 2 }]);
  });

  it("infers the interval from the median spacing of the machine's rows in the batch, else from its latest stored reading", async () => {
    // 15-minute readings with one missing and one late: the median gap is still 15 minutes.
    const mins = [0, 15, 30, 60, 75, 90, 112];
    const res = await post(mins.map((m) => ({ time: at(m), machine_id: M1, power_kw: 8, energy_kwh: 2 })));
    expect(res.status).toBe(200);
    expect((await body(res)).intervals).toMatchObject([{ machine_id: M1, interval_s: 900, interval: "15min", source: "inferred_batch", inferred: true }]);
    expect((await stored()).every((r) => r.interval_s === 900)).toBe(true);
    // One more reading alone: the latest stored reading's interval.
    const one = await post([{ time: at(130), machine_id: M1, energy_kwh: 2 }]);
    expect(await body(one)).toMatchObject({ written: 1, intervals: [{ interval_s: 900, source: "inferred_stored", inferred: true }] });
  });

  it("rejects a lone reading of a machine with nothing stored and no sample_interval, naming the line and sample_interval", async () => {
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", `time,machine_id,energy_kwh\n${at(0)},${M2},1\n`));
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ line: 2, column: "interval_s" }]);
    expect(String(b.message)).toContain("sample_interval");
    expect(await stored()).toEqual([]);
  });

  it("takes interval_s or period_end from the row before anything else", async () => {
    await t.db.query(`UPDATE machines SET sample_interval = '1min'`);
    const res = await post([
      { time: at(0), machine_id: M1, energy_kwh: 5, interval_s: 3600 },
      { time: at(60), machine_id: M1, energy_kwh: 7, period_end: at(180) },
      { time: at(180), machine_id: M1, energy_kwh: 1 },
    ]);
    expect(res.status).toBe(200);
    expect((await body(res)).intervals).toMatchObject([{ source: "mixed", inferred: false }]);
    expect((await stored()).map((r) => r.interval_s)).toEqual([3600, 7200, 60]);
    const bad = await post([{ time: at(0), machine_id: M1, energy_kwh: 5, period_end: at(0) }, { time: at(0), machine_id: M1, energy_kwh: 5, interval_s: 1.5 }], "?on_error=skip");
    expect((await body(bad)).rejected).toMatchObject([{ index: 0, field: "period_end" }, { index: 1, field: "interval_s" }]);
  });

  it("reports the interval rows gave when they all gave the same one, null when they differ", async () => {
    // Every row said 900 s, yet intervals answered interval_s null ("null when rows differ").
    const same = await post([
      { time: at(0), machine_id: M1, energy_kwh: 1, interval_s: 900 },
      { time: at(15), machine_id: M1, energy_kwh: 1, period_end: at(30) },
    ]);
    expect((await body(same)).intervals).toEqual([{ machine_id: M1, interval_s: 900, interval: "15min", source: "row", inferred: false, timestamp_position: "start", rows: 2 }]);
    const differ = await post([
      { time: at(60), machine_id: M1, energy_kwh: 1, interval_s: 900 },
      { time: at(75), machine_id: M1, energy_kwh: 1, interval_s: 1800 },
    ]);
    expect((await body(differ)).intervals).toMatchObject([{ interval_s: null, interval: null, source: "row" }]);
  });

  it("a row whose interval_s and period_end disagree is rejected naming both, never stored with one of them", async () => {
    // interval_s: 600 with period_end 15 minutes later was stored as 10 minutes, the period_end dropped unsaid.
    const res = await post([{ time: at(0), machine_id: M1, energy_kwh: 5, interval_s: 600, period_end: at(15) }]);
    expect(res.status).toBe(400);
    const b = await body(res);
    expect(b.errors).toMatchObject([{ index: 0, field: "period_end", message: expect.stringContaining("interval_s") as unknown }]);
    expect(await stored()).toEqual([]);
    // Both given and agreeing is fine, as is the CSV with the same columns.
    expect((await post([{ time: at(0), machine_id: M1, energy_kwh: 5, interval_s: 900, period_end: at(15) }])).status).toBe(200);
    const csv = `time,machine_id,energy_kwh,interval_s,period_end\n${at(15)},${M1},1,600,${at(30)}\n`;
    const bad = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(bad.status).toBe(400);
    expect((await body(bad)).errors).toMatchObject([{ line: 2, field: "period_end" }]);
    expect((await stored()).map((r) => r.interval_s)).toEqual([900]);
  });

  it("refuses a reading whose interval ends more than an hour after the server clock, naming the field that set it", async () => {
    // A 100-day reading starting now was stored: energy not yet metered, and it blocked the machine's
    // readings for 100 days (each later one overlaps it).
    const hour = 3_600_000;
    const start = new Date(Math.floor(Date.now() / hour) * hour - hour);
    const iso = (ms: number) => new Date(ms).toISOString();
    await t.db.query(`UPDATE machines SET sample_interval = '1day' WHERE id = $1`, [M2]);
    for (const [row, field] of [
      [{ time: iso(start.getTime()), machine_id: M1, energy_kwh: 5, interval_s: 8_640_000 }, "interval_s"],
      [{ time: iso(start.getTime()), machine_id: M1, energy_kwh: 5, period_end: iso(start.getTime() + 5 * hour) }, "period_end"],
      [{ time: iso(start.getTime() - 2 * hour), machine_id: M2, energy_kwh: 5 }, "time"],
    ] as const) {
      const res = await post([row]);
      expect(res.status, field).toBe(400);
      expect((await body(res)).errors, field).toMatchObject([{ index: 0, field, message: expect.stringContaining("server clock") as unknown }]);
    }
    expect((await post([{ time: iso(start.getTime()), machine_id: M1, energy_kwh: 5, interval_s: 3600 }])).status).toBe(200);
    expect((await stored()).map((r) => [r.machine_id, r.interval_s])).toEqual([[M1, 3600]]);
  });

  it("with timestamp_position=end (the machine's, or the request's) stores the interval's start", async () => {
    await t.db.query(`UPDATE machines SET sample_interval = '15min', timestamp_position = 'end' WHERE id = $1`, [M1]);
    const csv = `time,machine_id,energy_kwh\n${at(15)},${M1},1\n${at(30)},${M1},2\n${at(15)},${M2},3\n${at(30)},${M2},4\n`;
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", csv));
    expect(res.status).toBe(200);
    expect((await body(res)).intervals).toMatchObject([
      { machine_id: M1, interval_s: 900, source: "sample_interval", timestamp_position: "end" },
      { machine_id: M2, interval_s: 900, source: "inferred_batch", timestamp_position: "start" },
    ]);
    expect(await stored()).toEqual([
      { time: at(0), machine_id: M1, interval_s: 900, energy_kwh: 1 },
      { time: at(15), machine_id: M1, interval_s: 900, energy_kwh: 2 },
      { time: at(15), machine_id: M2, interval_s: 900, energy_kwh: 3 },
      { time: at(30), machine_id: M2, interval_s: 900, energy_kwh: 4 },
    ]);
    await t.db.query("TRUNCATE energy_readings");
    const overridden = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&timestamp_position=end", csv));
    expect((await body(overridden)).intervals).toMatchObject([{ timestamp_position: "end" }, { timestamp_position: "end" }]);
    expect((await stored()).map((r) => r.time)).toEqual([at(0), at(15), at(0), at(15)]);
  });

  it("daily reads stamped at the end of the local day cover 23 h and 25 h on the clock-change days", async () => {
    await t.db.query(`UPDATE machines SET sample_interval = '1day', timestamp_position = 'end' WHERE id = $1`, [M1]);
    const csv = ["time,machine_id,energy_kwh", "2026-03-29 00:00,M,100", "2026-03-30 00:00,M,92", "2026-10-25 00:00,M,100", "2026-10-26 00:00,M,104"].join("\n").replaceAll(",M,", `,${M1},`);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy&tz=Europe/Berlin", csv));
    expect(res.status).toBe(200);
    expect((await body(res)).intervals).toMatchObject([{ interval_s: null, interval: "1day", source: "sample_interval" }]);
    expect((await stored()).map((r) => [r.time, r.interval_s])).toEqual([
      ["2026-03-27T23:00:00.000Z", 86_400],
      ["2026-03-28T23:00:00.000Z", 82_800],
      ["2026-10-23T22:00:00.000Z", 86_400],
      ["2026-10-24T22:00:00.000Z", 90_000],
    ]);
  });

  it("refuses a streamed CSV whose spacing changes after the interval was inferred from its first rows", async () => {
    const lines = ["time,machine_id,energy_kwh"];
    // 1,200 rows a minute apart (the first chunk written), then 3,000 rows 15 minutes apart: the
    // file's median is 15 minutes.
    for (let i = 0; i < 1200; i++) lines.push(`${at(i)},${M1},0.1`);
    for (let i = 0; i < 3000; i++) lines.push(`${at(1200 + i * 15)},${M1},0.1`);
    const res = await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?kind=energy", lines.join("\n") + "\n"));
    expect(res.status).toBe(400);
    expect(String((await body(res)).message)).toMatch(/inferred as 60 s .* 900 s apart/);
    expect(await stored()).toEqual([]);
  });
});

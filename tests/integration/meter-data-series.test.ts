import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { writeEnergy } from "../helpers/readings";
import { jsonRequest, params, useDatabase } from "../helpers/routes";
import { getSeries } from "@/lib/timeseries/series";
import { localStarts } from "@/lib/timeseries/local";
import { parseTimestamp } from "@/lib/ingest/timestamps";
import { GET as seriesGET } from "@/app/api/v1/machines/[id]/series/route";
import { PATCH as sitePATCH } from "@/app/api/v1/sites/[id]/route";

// Found by trying the series API as an energy engineer would (each was a bug, now a regression test).

const H = 3_600_000;
const Q = 900_000;
const site = (n: number) => `5e000000-0000-0000-0000-0000000001${String(n).padStart(2, "0")}`;
const mach = (n: number) => `a0000000-0000-0000-0000-0000000001${String(n).padStart(2, "0")}`;
const zones = ["Europe/Berlin", "Asia/Kolkata", "America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham"];
const HOURLY = mach(50);
const K00 = mach(51); // Kolkata, hourly readings on UTC hours
const NY = mach(52);

type Point = { time: string; total_energy_kwh: number; coverage: number };
type SeriesBody = { from: string; to: string; bucket: string; points: Point[]; supported_granularities?: string[]; message?: string };

/** The series route's answer: JSON parsed, CSV as text. */
async function series(id: string, qs: string): Promise<{ status: number; body: SeriesBody; text: string }> {
  const res = await seriesGET(new Request(`http://localhost/api/v1/machines/${id}/series?${qs}`), params({ id }));
  const text = await res.text();
  const body = (text.startsWith("{") ? JSON.parse(text) : {}) as SeriesBody;
  return { status: res.status, body, text };
}
const iso = (x: number) => new Date(x).toISOString();

describe.each(testTargets())("series on meter data (%s)", (target) => {
  let t: TestDatabase;
  // 15-minute readings of 1 kWh over two spans holding the DST changes of every zone.
  const spans = [
    [Date.parse("2025-09-01T00:00:00Z"), Date.parse("2025-11-05T00:00:00Z")],
    [Date.parse("2026-03-25T00:00:00Z"), Date.parse("2026-04-10T00:00:00Z")],
  ];
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    for (let i = 0; i < zones.length; i++) {
      await t.db.query(`INSERT INTO sites (id, name, time_zone, country) VALUES ($1, $2, $3, 'XX')`, [site(i), `S${i}`, zones[i]]);
      await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, $3)`, [mach(i), site(i), `M${i}`]);
      for (const [a, b] of spans) {
        const rows: [number, number, number][] = [];
        for (let x = a!; x < b!; x += Q) rows.push([x, 1, 900]);
        await writeEnergy(t.db, mach(i), rows);
      }
    }
    await t.db.query(`INSERT INTO sites (id, name, time_zone, country) VALUES ($1, 'to be moved', 'Asia/Kolkata', 'XX')`, [site(9)]);
    await t.db.query(`INSERT INTO machines (id, site_id, name) VALUES ($1, $2, 'hourly'), ($3, $4, 'utc hours'), ($5, $6, 'moved')`, [HOURLY, site(0), K00, site(1), NY, site(9)]);
    const hourly: [number, number, number][] = [];
    for (let x = Date.parse("2025-10-01T00:00:00Z"); x < Date.parse("2025-10-31T00:00:00Z"); x += H) hourly.push([x, 4, 3600]);
    await writeEnergy(t.db, HOURLY, hourly);
    const k: [number, number, number][] = [];
    for (let x = Date.parse("2025-03-01T00:00:00Z"); x < Date.parse("2025-05-01T00:00:00Z"); x += H) k.push([x, 3, 3600]);
    await writeEnergy(t.db, K00, k);
    const q: [number, number, number][] = [];
    for (let x = Date.parse("2025-10-01T00:00:00Z"); x < Date.parse("2025-10-06T00:00:00Z"); x += Q) q.push([x, 1, 900]);
    await writeEnergy(t.db, NY, q);
  }, 300_000);
  afterAll(async () => t?.drop());

  it("daily buckets at DST changes in five zones (energy = hours × 4, coverage 1), query-time grouping identical", async () => {
    const windows: [number, string, string][] = [
      [2, "2025-09-05", "2025-09-10"], // Santiago DST starts 2025-09-07 00:00 (midnight skipped)
      [2, "2026-04-02", "2026-04-08"], // Santiago DST ends 2026-04-05 00:00
      [3, "2025-10-03", "2025-10-08"], // Lord Howe 2025-10-05 02:00 -> 02:30 (23.5 h day)
      [3, "2026-04-03", "2026-04-08"], // Lord Howe 2026-04-05 02:00 -> 01:30 (24.5 h day)
      [4, "2025-09-26", "2025-09-30"], // Chatham 2025-09-28 02:45 -> 03:45
      [4, "2026-04-03", "2026-04-07"], // Chatham 2026-04-05 03:45 -> 02:45
      [0, "2025-10-24", "2025-10-28"],
      [1, "2025-10-01", "2025-10-04"],
    ];
    const problems: string[] = [];
    for (const [i, from, to] of windows) {
      const r = await series(mach(i), `metrics=energy&from=${from}&to=${to}&bucket=daily`);
      if (r.status !== 200) {
        problems.push(`${zones[i]} ${from}: ${r.status}`);
        continue;
      }
      const pts = r.body.points as { time: string; total_energy_kwh: number; coverage: number }[];
      const starts = localStarts(Date.parse(pts[0]!.time), Date.parse(pts.at(-1)!.time) + 30 * H, "day", zones[i]!);
      pts.forEach((p, k) => {
        const len = (starts[k + 1]! - starts[k]!) / H;
        if (p.time !== iso(starts[k]!) || Math.abs(p.total_energy_kwh - len * 4) > 1e-9 || Math.abs(p.coverage - 1) > 1e-12) problems.push(`${zones[i]} ${p.time}`);
      });
      for (const bucket of ["daily", "weekly", "monthly"] as const) {
        const q = { machineIds: [mach(i)], metrics: ["energy" as const], from: new Date(spans[0]![0]!), to: new Date(spans[1]![1]!), bucket };
        expect(await getSeries(t.db, { ...q, groupAtQueryTime: true })).toEqual(await getSeries(t.db, q));
      }
    }
    expect(problems).toEqual([]);
  });

  it("bucket=auto (the default) on an hourly meter over 7 days picks the finest granularity that holds the readings", async () => {
    const r = await series(HOURLY, `metrics=energy&from=2025-10-10&to=2025-10-17`);
    // auto picks 15min (672 points) and then rejects hourly readings as "longer than a 15min bucket".
    expect(r.status).toBe(200);
  });

  it("an ambiguous autumn wall time in from/to takes the first occurrence, as ingestion does", async () => {
    const ingested = parseTimestamp("2025-10-26T02:30:00", "Europe/Berlin") as { ok: true; ms: number };
    expect(iso(ingested.ms)).toBe("2025-10-26T00:30:00.000Z"); // first occurrence (CEST), as README says
    const r = await series(mach(0), `metrics=energy&from=2025-10-26T02:30:00&to=2025-10-26T04:00:00&bucket=15min`);
    expect(r.body.from).toBe("2025-10-26T00:30:00.000Z"); // got 01:30Z (CET, the second 02:30)
  });

  it("a wall-clock from and an offset to are compared after the wall clock is placed in the site's zone", async () => {
    // Kolkata 10:00 local = 04:30Z, before 06:00Z: a valid 1.5 h window, rejected with "from must be before to".
    const r = await series(mach(1), `metrics=energy&from=2025-10-02T10:00:00&to=2025-10-02T06:00:00Z&bucket=15min`);
    expect(r.status).toBe(200);
  });

  it("the 400 for readings too long names only granularities that hold them over whole buckets", async () => {
    // Hourly readings on UTC hours in India (+05:30): every local day boundary (18:30Z) cuts a reading.
    const d = await series(K00, "metrics=energy&from=2025-03-05&to=2025-03-08&bucket=daily");
    expect(d.status).toBe(400);
    // Probed over whole weeks and months, those cut readings too: nothing holds them.
    expect(d.body.supported_granularities).toEqual([]);
    for (const g of ["weekly", "monthly"]) {
      const r = await series(K00, `metrics=energy&from=2025-03-01&to=2025-05-01&bucket=${g}`);
      expect(r.status).toBe(400);
    }
  });

  it("a site's time zone changed via PATCH rebuilds its local days; late data for a past day is rolled up", async () => {
    const res = await sitePATCH(jsonRequest(`/api/v1/sites/${site(9)}`, { time_zone: "America/New_York" }, "PATCH"), params({ id: site(9) }));
    expect(res.status).toBe(200);
    const r = await series(NY, `metrics=energy&from=2025-10-01&to=2025-10-04&bucket=daily`);
    expect(r.body.points.map((p) => [p.time, p.total_energy_kwh, p.coverage])).toEqual([
      ["2025-10-01T04:00:00.000Z", 96, 1],
      ["2025-10-02T04:00:00.000Z", 96, 1],
      ["2025-10-03T04:00:00.000Z", 96, 1],
    ]);
    await t.db.query(`DELETE FROM energy_readings WHERE machine_id = $1 AND time = '2025-10-02T12:00:00Z'`, [NY]);
    await t.db.query(`INSERT INTO rollup_pending (kind, machine_id, start_time, end_time) VALUES ('energy', $1, '2025-10-02T12:00:00Z', '2025-10-02T12:00:00Z')`, [NY]);
    await writeEnergy(t.db, NY, [[Date.parse("2025-10-02T12:00:00Z"), 5, 900]]);
    const after = await series(NY, `metrics=energy&from=2025-10-02&to=2025-10-03&bucket=daily`);
    expect(after.body.points[0]!.total_energy_kwh).toBe(100);
    const csv = await series(NY, `metrics=energy&from=2025-10-02&to=2025-10-03&bucket=daily&format=csv`);
    expect(csv.text).toBe("time,total_energy_kwh,coverage\r\n2025-10-02T04:00:00.000Z,100,1\r\n");
  });
});

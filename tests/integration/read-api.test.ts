import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/machines/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/machines/[id]/route";
import { GET as seriesRoute } from "@/app/api/v1/machines/[id]/series/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { ingestJson } from "@/lib/ingest/json";

const T0 = Date.UTC(2026, 5, 1);

describe.each(testTargets())("machines, series and health API on %s", (target) => {
  let t: TestDatabase;
  let id = "";
  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
  });
  afterAll(async () => t?.drop());

  it("POST /api/v1/machines creates a machine in the default site; a duplicate name is a 409", async () => {
    const res = await createRoute(jsonRequest("/api/v1/machines", { name: "Press-1", type: "motor", rated_power_kw: 55 }));
    expect(res.status).toBe(201);
    const m = await body(res);
    expect(m).toMatchObject({ name: "Press-1", type: "motor", rated_power_kw: 55, is_active: true, site_id: "5e000000-0000-0000-0000-000000000001" });
    id = String(m.id);
    const dup = await createRoute(jsonRequest("/api/v1/machines", { name: "Press-1" }));
    expect(dup.status).toBe(409);
  });

  it("POST /api/v1/machines rejects a bad type and an empty name, naming the field", async () => {
    const res = await createRoute(jsonRequest("/api/v1/machines", { name: "", type: "rocket" }));
    expect(res.status).toBe(400);
    const fields = ((await body(res)).errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "type"]));
  });

  it("GET and PATCH /api/v1/machines/{id}; unknown and malformed ids are 404 and 400", async () => {
    expect((await body(await getRoute(new Request("http://l/"), params({ id })))).name).toBe("Press-1");
    const patched = await patchRoute(jsonRequest(`/api/v1/machines/${id}`, { is_active: false, area: "Hall C" }, "PATCH"), params({ id }));
    expect(await body(patched)).toMatchObject({ is_active: false, area: "Hall C" });
    expect((await getRoute(new Request("http://l/"), params({ id: "c0000000-0000-0000-0000-0000000000ff" }))).status).toBe(404);
    const malformed = await getRoute(new Request("http://l/"), params({ id: "' OR 1=1 --" }));
    expect(malformed.status).toBe(400);
    // The path parameter is named as such, not as a request body.
    expect(((await body(malformed)).errors as { field: string }[])[0]?.field).toBe("machine id");
    const list = (await (await listRoute()).json()) as unknown[];
    expect(list).toHaveLength(1);
  });

  it("PATCH changes only the fields it names; nothing to change, a NUL or an unknown site is a 400, never a 500", async () => {
    const created = await body(await createRoute(jsonRequest("/api/v1/machines", { name: "Chiller-P", type: "chiller", is_active: false, area: "Roof" })));
    const mid = String(created.id);
    const renamed = await body(await patchRoute(jsonRequest(`/api/v1/machines/${mid}`, { name: "Chiller-Q" }, "PATCH"), params({ id: mid })));
    expect(renamed).toMatchObject({ name: "Chiller-Q", type: "chiller", is_active: false, area: "Roof" });
    for (const patch of [{}, { colour: "red" }, { name: "a\u0000b" }]) {
      const res = await patchRoute(jsonRequest(`/api/v1/machines/${mid}`, patch, "PATCH"), params({ id: mid }));
      expect(res.status).toBe(400);
    }
    expect(await body(await getRoute(new Request("http://l/"), params({ id: mid })))).toMatchObject({ name: "Chiller-Q", type: "chiller", is_active: false });
    const nul = await createRoute(jsonRequest("/api/v1/machines", { name: "Ok", area: "a\u0000b" }));
    expect(nul.status).toBe(400);
    expect(String((await body(nul)).message)).toContain("NUL");
    const site = await createRoute(jsonRequest("/api/v1/machines", { name: "Elsewhere", site_id: "11111111-1111-1111-1111-111111111111" }));
    expect(site.status).toBe(400);
    expect(String((await body(site)).message)).toContain("no site 11111111-1111-1111-1111-111111111111");
  });

  it("GET /api/v1/machines/{id}/series returns the rollup columns of the metrics asked for", async () => {
    const rows = Array.from({ length: 180 }, (_, i) => ({ time: new Date(T0 + i * 60_000).toISOString(), machine_id: id, power_kw: 60, energy_kwh: 1 }));
    await ingestJson(t.db, "energy", rows, { on_error: "abort" });
    const env = Array.from({ length: 36 }, (_, i) => ({ time: new Date(T0 + i * 300_000).toISOString(), machine_id: id, outdoor_temp_c: i < 12 ? 10 : 20 }));
    await ingestJson(t.db, "environmental", env, { on_error: "abort" });
    const url = `http://l/api/v1/machines/${id}/series?metrics=energy,outdoor_temp&from=2026-06-01T00:00:00Z&to=2026-06-01T03:00:00Z&bucket=1hour`; // 1hour: the old spelling of hourly
    const res = await seriesRoute(new Request(url), params({ id }));
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b).toMatchObject({ machine_id: id, bucket: "hourly", time_zone: "Europe/Berlin" });
    const points = b.points as Record<string, number>[];
    expect(points.map((p) => [p.total_energy_kwh, p.avg_outdoor_temp_c])).toEqual([[60, 10], [60, 20], [60, 20]]);
    expect(Object.keys(points[0]!).sort()).toEqual(["avg_outdoor_temp_c", "coverage", "max_outdoor_temp_c", "min_outdoor_temp_c", "time", "total_energy_kwh"]);
    // 60 one-minute readings cover each hour whole.
    expect(points.map((p) => p.coverage)).toEqual([1, 1, 1]);

    // A kind with buckets the first lacks: merged in time order, missing values null.
    await ingestJson(t.db, "environmental", [{ time: new Date(T0 + 4 * 3_600_000).toISOString(), machine_id: id, outdoor_temp_c: 5 }], { on_error: "abort" });
    const wide = await body(await seriesRoute(new Request(url.replace("T03:00:00Z", "T06:00:00Z")), params({ id })));
    expect((wide.points as Record<string, number | string | null>[]).map((p) => [p.time, p.total_energy_kwh, p.avg_outdoor_temp_c])).toEqual([
      ["2026-06-01T00:00:00.000Z", 60, 10],
      ["2026-06-01T01:00:00.000Z", 60, 20],
      ["2026-06-01T02:00:00.000Z", 60, 20],
      ["2026-06-01T04:00:00.000Z", null, 5],
    ]);

    // A time without an offset is the site's wall clock (Berlin, +02:00 in June), whatever the
    // server's time zone; a date is the site's local midnight.
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const naive = await body(await seriesRoute(new Request(url.replace("T00:00:00Z", "T02:00:00").replace("T03:00:00Z", "T05:00:00")), params({ id })));
      expect(naive.points).toEqual(b.points);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const dates = await body(await seriesRoute(new Request(url.replace("from=2026-06-01T00:00:00Z", "from=2026-06-01").replace("to=2026-06-01T03:00:00Z", "to=2026-06-02")), params({ id })));
    expect(dates.from).toBe("2026-05-31T22:00:00.000Z");
    expect(dates.to).toBe("2026-06-01T22:00:00.000Z");

    const auto = await body(await seriesRoute(new Request(url.replace("bucket=1hour", "bucket=auto")), params({ id })));
    expect(auto.bucket).toBe("1min");

    const csv = await seriesRoute(new Request(url + "&format=csv"), params({ id }));
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("time,total_energy_kwh,coverage,avg_outdoor_temp_c,min_outdoor_temp_c,max_outdoor_temp_c");
    expect(text.split("\r\n")[1]).toBe("2026-06-01T00:00:00.000Z,60,1,10,10,10");
  });

  it.each([
    ["metrics=energy,watts", "valid metrics: energy, power"],
    ["bucket=5min", "auto, 1min, 15min, hourly, daily, weekly, monthly"],
    ["from=yesterday", "from must be an ISO-8601"],
    ["from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z", "from must be before to"],
    ["metrics=energy;DROP TABLE machines", "unknown metric"],
    ["format=xlsx", "json or csv"],
    ["bucket=1min&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "more than 1,000,000 buckets of that width; choose a coarser bucket"],
    ["from=2026-02-30&to=2026-03-05", "from must be an ISO-8601 date or timestamp"],
    ["from=12", "from must be an ISO-8601"],
    ["from=March%2028,%202026", "from must be an ISO-8601"],
    ["from=-000100-01-01T00:00:00Z&to=-000099-01-01T00:00:00Z&bucket=1day", "from must be an ISO-8601"],
    ["from=1850-01-01&to=1851-01-01&bucket=1day", "between the years 1900 and 2199"],
    ["from=%2B200000-01-01T00:00:00Z&to=%2B200001-01-01T00:00:00Z", "from must be an ISO-8601"],
  ])("GET series with %s is a 400 that says what is valid", async (query, message) => {
    const res = await seriesRoute(new Request(`http://l/api/v1/machines/${id}/series?${query}`), params({ id }));
    expect(res.status).toBe(400);
    expect(String((await body(res)).message)).toContain(message);
  });

  it("GET /api/health names the database and the newest reading of each kind", async () => {
    const b = await body(await healthRoute());
    expect(b).toMatchObject({ status: "ok", database: target });
    expect(String(b.version)).toMatch(/^\d+/);
    expect(b.latest).toEqual({ energy: "2026-06-01T02:59:00.000Z", production: null, environmental: "2026-06-01T04:00:00.000Z" });
  });
});

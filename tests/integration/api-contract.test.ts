import { describe, expect, it } from "vitest";
import { testTargets } from "../helpers/databases";
import { ingestDatabase } from "../helpers/ingest-database";
import { M1, M2 } from "../helpers/fixtures";
import { body, csvRequest, jsonRequest, params } from "../helpers/routes";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { POST as createMachineRoute } from "@/app/api/v1/machines/route";
import { GET as getMachineRoute, PATCH as patchMachineRoute } from "@/app/api/v1/machines/[id]/route";
import { GET as getTariffRoute, PUT as putTariffRoute } from "@/app/api/v1/settings/tariff/route";
import { GET as getEmissionsRoute, PUT as putEmissionsRoute } from "@/app/api/v1/settings/emissions/route";
import { POST as createProfileRoute } from "@/app/api/v1/import-profiles/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { POST as backtestRoute } from "@/app/api/v1/forecast/backtest/route";
import { POST as forecastRoute } from "@/app/api/v1/forecast/route";
import { POST as previewRoute } from "@/app/api/v1/import/preview/route";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import * as noRoute from "@/app/api/[...path]/route";
import { GET as anomalyListRoute } from "@/app/api/v1/anomaly/route";
import { POST as detectRoute } from "@/app/api/v1/anomaly/detect/route";
import { GET as kpiRoute } from "@/app/api/v1/kpi/[kpi]/route";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { GET as summaryRoute } from "@/app/api/v1/kpi/summary/route";
import { GET as seriesRoute } from "@/app/api/v1/machines/[id]/series/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";
import { requirementOf } from "@/lib/auth/policy";

// The API's contract at its edges (bug hunt 2026-12-01, items 3, 4, 5): unknown fields are a 400
// naming them, a settings PUT writes the site its query names, and machine names are one per site
// without regard to case.

const SITE2 = "5e000000-0000-0000-0000-000000000002";

interface Problem {
  status: number;
  message: string;
  fields: string[];
}

async function problem(res: Response): Promise<Problem> {
  const b = await body(res);
  return { status: res.status, message: String(b.message), fields: ((b.errors as { field: string }[] | undefined) ?? []).map((e) => e.field) };
}

describe.each(testTargets())("API contract on %s", (target) => {
  const t = ingestDatabase(target, { truncate: ["energy_readings", "production_data", "environmental_data", "rollup_pending", "import_profiles", "site_tariffs", "site_emission_factors"] });
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it("an unknown field in an ingest row is a 400 naming it, its row and the close known name; nothing is written", async () => {
    const rows = [
      { time: "2026-11-30T10:00:00Z", machine_id: M1, energy_kwh: 1, power_kw: 60, interval_s: 60 },
      { time: "2026-11-30T10:01:00Z", machine_id: M1, energy_kwh: 1, power_kW: 60, interval_s: 60 },
    ];
    const p = await problem(await ingestRoute(jsonRequest("/api/v1/ingest/energy", rows), params({ kind: "energy" })));
    expect(p).toEqual({ status: 400, message: "Nothing was written: 1 row(s) rejected; first: row 1, field power_kW: unknown field power_kW; did you mean power_kw?", fields: ["power_kW"] });
    expect(await count("energy_readings")).toBe(0);
    // With on_error=skip the good row is written and the other listed.
    const skip = await body(await ingestRoute(jsonRequest("/api/v1/ingest/energy?on_error=skip", rows), params({ kind: "energy" })));
    expect(skip).toMatchObject({ written: 1, rejected_count: 1, rejected: [{ index: 1, field: "power_kW", message: "unknown field power_kW; did you mean power_kw?" }] });
  });

  it("an environmental row without a measurement, or with a misspelt one, is a 400", async () => {
    const bare = await problem(await ingestRoute(jsonRequest("/api/v1/ingest/environmental", [{ time: "2026-11-30T10:00:00Z", machine_id: M1 }]), params({ kind: "environmental" })));
    expect(bare.status).toBe(400);
    expect(bare.message).toContain("row 0, field (row): holds no measurement: give at least one of outdoor_temp_c, indoor_temp_c, humidity_pct, pressure_bar");
    const misspelt = await problem(await ingestRoute(jsonRequest("/api/v1/ingest/environmental", [{ time: "2026-11-30T10:01:00Z", machine_id: M1, outdoor_temperature_c: 5 }]), params({ kind: "environmental" })));
    expect(misspelt.status).toBe(400);
    expect(misspelt.message).toContain("row 0, field outdoor_temperature_c: unknown field outdoor_temperature_c; did you mean outdoor_temp_c?");
    expect(await count("environmental_data")).toBe(0);
    const good = await ingestRoute(jsonRequest("/api/v1/ingest/environmental", [{ time: "2026-11-30T10:01:00Z", machine_id: M1, outdoor_temp_c: 5 }]), params({ kind: "environmental" }));
    expect(good.status).toBe(200);
    expect(await count("environmental_data")).toBe(1);
  });

  it("unknown fields of machine, settings, profile, baseline and forecast bodies are a 400 naming them; nothing changes", async () => {
    const patch = await problem(await patchMachineRoute(jsonRequest(`/api/v1/machines/${M1}`, { nmae: "Press-8", area: "Hall C" }, "PATCH"), params({ id: M1 })));
    expect(patch).toEqual({ status: 400, message: "Invalid machine: nmae: unknown field nmae; did you mean name?", fields: ["nmae"] });
    const rating = await problem(await patchMachineRoute(jsonRequest(`/api/v1/machines/${M1}`, { rated_power_kW: 100, area: "Hall C" }, "PATCH"), params({ id: M1 })));
    expect(rating.message).toBe("Invalid machine: rated_power_kW: unknown field rated_power_kW; did you mean rated_power_kw?");
    expect(await body(await getMachineRoute(new Request("http://l/"), params({ id: M1 })))).toMatchObject({ name: "Test-1", area: null, rated_power_kw: null });

    expect((await putTariffRoute(jsonRequest("/api/v1/settings/tariff", { currency: "EUR", flat_price_per_kwh: 0.2, demand_charge_per_kw_month: 12 }, "PUT"))).status).toBe(200);
    const tariff = await problem(await putTariffRoute(jsonRequest("/api/v1/settings/tariff", { currency: "EUR", flat_price_per_kwh: 0.3, demand_charge_per_kw_mnth: 12 }, "PUT")));
    expect(tariff).toEqual({ status: 400, message: "Invalid tariff: demand_charge_per_kw_mnth: unknown field demand_charge_per_kw_mnth; did you mean demand_charge_per_kw_month?", fields: ["demand_charge_per_kw_mnth"] });
    // The demand charge set before is kept: the typo did not wipe it.
    expect(await body(await getTariffRoute(new Request("http://l/api/v1/settings/tariff")))).toMatchObject({ flat_price_per_kwh: 0.2, demand_charge_per_kw_month: 12 });

    const profile = await problem(await createProfileRoute(jsonRequest("/api/v1/import-profiles", { name: "Portal", kind: "energy", columns: { time: "t", energy_kwh: "e" }, machine_id: M1, date_fromat: "day_first" })));
    expect(profile).toMatchObject({ status: 400, fields: ["date_fromat"] });
    expect(profile.message).toContain("unknown field date_fromat; did you mean date_format?");
    expect(await count("import_profiles")).toBe(0);

    const deviation = await problem(await deviationRoute(jsonRequest("/api/v1/baseline/deviation", { machine_id: M1, start_date: "2026-11-01", end_date: "2026-11-08", granularity: "daily" })));
    expect(deviation).toMatchObject({ status: 400, fields: ["granularity"] });
    const backtest = await problem(await backtestRoute(jsonRequest("/api/v1/forecast/backtest", { machine_id: M1, folds: 1000 })));
    expect(backtest).toMatchObject({ status: 400, fields: ["folds"] });
    expect(backtest.message).toContain("unknown field folds; fields: machine_id, weeks, baseline_ex_post, planned_inputs");
    const forecast = await problem(await forecastRoute(jsonRequest("/api/v1/forecast", { machine_id: M1, horizon_hours: 24, origin: "2026-12-01T10:00:00" })));
    expect(forecast).toMatchObject({ status: 400, fields: ["origin"] });
    // A preview's mapping is strict too (it is what an import profile holds, less the name).
    const preview = await problem(await previewRoute(jsonRequest("/api/v1/import/preview", { csv: "t;e\n", mapping: { kind: "energy", columns: { time: "t", energy_kwh: "e" }, machine_id: M1, timezone: "Europe/Berlin" } })));
    expect(preview).toMatchObject({ status: 400, fields: ["mapping.timezone"] });
  });

  it("PUT /settings/tariff and /settings/emissions write the site named in the query, as GET reads it", async () => {
    await t.db.query("INSERT INTO sites (id, name, time_zone) VALUES ($1, 'Second plant', 'Europe/Vienna') ON CONFLICT DO NOTHING", [SITE2]);
    const put = await putTariffRoute(jsonRequest(`/api/v1/settings/tariff?site_id=${SITE2}`, { currency: "EUR", flat_price_per_kwh: 0.25 }, "PUT"));
    expect(put.status).toBe(200);
    expect(await body(put)).toMatchObject({ site_id: SITE2, flat_price_per_kwh: 0.25 });
    expect(await body(await getTariffRoute(new Request(`http://l/api/v1/settings/tariff?site_id=${SITE2}`)))).toMatchObject({ configured: true, flat_price_per_kwh: 0.25 });
    expect(await body(await getTariffRoute(new Request("http://l/api/v1/settings/tariff")))).toMatchObject({ site_id: DEFAULT_SITE_ID, configured: false });

    const emissions = await putEmissionsRoute(jsonRequest(`/api/v1/settings/emissions?site_id=${SITE2}`, { kg_co2_per_kwh: 0.3 }, "PUT"));
    expect(await body(emissions)).toMatchObject({ site_id: SITE2, kg_co2_per_kwh: 0.3 });
    expect(await body(await getEmissionsRoute(new Request("http://l/api/v1/settings/emissions")))).toMatchObject({ configured: false });

    const invalid = await problem(await putTariffRoute(jsonRequest("/api/v1/settings/tariff?site_id=nope", { currency: "EUR", flat_price_per_kwh: 0.2 }, "PUT")));
    expect(invalid).toMatchObject({ status: 400, fields: ["site_id"] });
    const unknown = await putEmissionsRoute(jsonRequest("/api/v1/settings/emissions?site_id=5e000000-0000-0000-0000-0000000000ff", { kg_co2_per_kwh: 0.4 }, "PUT"));
    expect(unknown.status).toBe(404);
    const disagree = await problem(await putTariffRoute(jsonRequest(`/api/v1/settings/tariff?site_id=${SITE2}`, { site_id: DEFAULT_SITE_ID, currency: "EUR", flat_price_per_kwh: 0.2 }, "PUT")));
    expect(disagree).toEqual({ status: 400, message: `site_id in the query (${SITE2}) and in the body ("${DEFAULT_SITE_ID}") differ: name the site once`, fields: ["site_id"] });
    // The same site in both is fine; nothing reached the main site.
    expect((await putTariffRoute(jsonRequest(`/api/v1/settings/tariff?site_id=${SITE2}`, { site_id: SITE2, currency: "EUR", flat_price_per_kwh: 0.2 }, "PUT"))).status).toBe(200);
    expect(await count("site_tariffs")).toBe(1);
    expect(await count("site_emission_factors")).toBe(1);
  });

  it("machine names are one per site without regard to case, on create and on rename", async () => {
    const created = await createMachineRoute(jsonRequest("/api/v1/machines", { name: "Press-7" }));
    expect(created.status).toBe(201);
    const id = String((await body(created)).id);
    const twin = await problem(await createMachineRoute(jsonRequest("/api/v1/machines", { name: "press-7" })));
    expect(twin).toEqual({ status: 409, message: `A machine named "Press-7" (${id}) already exists at this site; names are compared without regard to case`, fields: ["name"] });
    const rename = await problem(await patchMachineRoute(jsonRequest(`/api/v1/machines/${M1}`, { name: " PRESS-7 " }, "PATCH"), params({ id: M1 })));
    expect(rename).toMatchObject({ status: 409, fields: ["name"] });
    // A machine may change the case of its own name, and another site may use the name.
    expect((await patchMachineRoute(jsonRequest(`/api/v1/machines/${id}`, { name: "PRESS-7" }, "PATCH"), params({ id }))).status).toBe(200);
    await t.db.query("INSERT INTO sites (id, name) VALUES ($1, 'Second plant') ON CONFLICT DO NOTHING", [SITE2]);
    expect((await createMachineRoute(jsonRequest("/api/v1/machines", { name: "press-7", site_id: SITE2 }))).status).toBe(201);
  });

  it("a mapped file's machine column: the exact name wins; a name matching two machines only without case is rejected naming both", async () => {
    // Machines that differ only in case, as a plant may hold from before names were compared so.
    const A = "a0000000-0000-0000-0000-0000000000a7";
    const B = "a0000000-0000-0000-0000-0000000000b7";
    await t.db.query("INSERT INTO machines (id, site_id, name, type, sample_interval) VALUES ($1, $3, 'Mill-7', 'motor', '15min'), ($2, $3, 'mill-7', 'motor', '15min')", [A, B, DEFAULT_SITE_ID]);
    await t.db.query("UPDATE machines SET sample_interval = '15min' WHERE id = $1", [M1]);
    const csv = "when;meter;kwh\n2026-11-03 10:00;mill-7;1,5\n2026-11-03 10:15;Mill-7;1,5\n2026-11-03 10:30;MILL-7;1,5\n2026-11-03 10:45;test-1;1,5\n";
    const res = await previewRoute(jsonRequest("/api/v1/import/preview", { csv, mapping: { kind: "energy", columns: { time: "when", machine_id: "meter", energy_kwh: "kwh" }, tz: "Europe/Berlin" } }));
    expect(res.status).toBe(200);
    const b = await body(res);
    expect((b.stored as { rows: { machine_id: string }[] }).rows.map((r) => r.machine_id)).toEqual([B, A, M1]);
    expect((b.result as { rejected: unknown[] }).rejected).toEqual([
      {
        line: 4,
        field: "machine_id",
        column: "meter",
        source_column: "meter",
        message: `"MILL-7" matches 2 machines only without regard to case: "Mill-7" (${A}), "mill-7" (${B}); write the name exactly as one of them, or its id`,
      },
    ]);
  });

  it("a path under /api/ without a route is a JSON 404 naming the method and path, for every method, open to all", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const request = new Request("http://l/api/v1/machine?x=1", { method, ...(method === "GET" ? {} : { body: "{}" }) });
      const res = await noRoute[method](request);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await body(res)).toMatchObject({ error: "not_found", message: `No API route ${method} /api/v1/machine; see /api/openapi.json` });
    }
    // The access table lets it answer without credentials (route() would refuse a path it has no rule for).
    expect(requirementOf("/api/v1.json", "GET")).toBe("open");
  });

  it("a single-valued query parameter given twice, bucket against granularity, or a kind against the profile's is a 400 naming the parameter", async () => {
    const twice = await problem(await summaryRoute(new Request(`http://l/api/v1/kpi/summary?machine_id=${M1}&machine_id=${M2}&start_date=2026-11-01&end_date=2026-11-08`)));
    expect(twice).toEqual({ status: 400, message: `Invalid query parameters: machine_id is given 2 times (${M1}, ${M2}); it takes one value`, fields: ["machine_id"] });
    const both = await problem(await seriesRoute(new Request(`http://l/api/v1/machines/${M1}/series?bucket=hourly&granularity=daily`), params({ id: M1 })));
    expect(both).toMatchObject({ status: 400, fields: ["granularity"] });
    expect(both.message).toContain("granularity: is the same parameter as bucket, which names another granularity: give one of them");
    // The same granularity under both names (in any spelling) is one request.
    expect((await seriesRoute(new Request(`http://l/api/v1/machines/${M1}/series?bucket=hourly&granularity=1hour&from=2026-11-01&to=2026-11-02`), params({ id: M1 }))).status).toBe(200);

    expect((await createProfileRoute(jsonRequest("/api/v1/import-profiles", { name: "Portal", kind: "energy", columns: { time: "t", energy_kwh: "e" }, machine_id: M1 }))).status).toBe(201);
    const kind = await problem(await ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=Portal&kind=production", "t,e\n2026-11-03T10:00:00Z,1.5\n")));
    expect(kind).toEqual({ status: 400, message: 'kind=production disagrees with profile "Portal", which reads energy files: leave kind out, or use a production profile', fields: ["kind"] });
    expect(await count("energy_readings")).toBe(0);
    expect(await count("production_data")).toBe(0);
  });

  it("messages about a period give plant dates with the zone and the machine's name, not UTC instants or ids", async () => {
    const kpi = await problem(await kpiRoute(new Request(`http://l/api/v1/kpi/load-factor?machine_id=${M1}&start_date=2026-11-24&end_date=2026-12-01&granularity=weekly`), params({ kpi: "load-factor" })));
    expect(kpi.status).toBe(400);
    expect(kpi.message).toBe("The period 24 Nov 2026 – 30 Nov 2026 (Europe/Berlin) holds no whole weekly bucket (local calendar, Europe/Berlin); widen it or choose a finer granularity");
    const hours = await problem(await kpiRoute(new Request(`http://l/api/v1/kpi/cost?machine_id=${M1}&start_date=2026-11-24T10:00&end_date=2026-11-24T20:00&granularity=daily`), params({ kpi: "cost" })));
    expect(hours.message).toContain("The period Tue, 24 Nov 2026, 10:00 – Tue, 24 Nov 2026, 20:00 (Europe/Berlin) holds no whole daily bucket");
    const train = await problem(await trainRoute(jsonRequest("/api/v1/baseline/train", { machine_id: M1, start_date: "2026-10-01", end_date: "2026-10-08", drivers: ["total_production_count"] })));
    expect(train.status).toBe(422);
    expect(train.message).toMatch(/^No complete hourly buckets for Test-1 in 1 Oct 2026 – 7 Oct 2026 \(Europe\/Berlin\): /);
  });

  it("anomaly list and detection for an unknown machine are a 404, as on other routes; machine_state in upper case names the values", async () => {
    const unknown = "c0000000-0000-0000-0000-0000000000ff";
    const list = await problem(await anomalyListRoute(new Request(`http://l/api/v1/anomaly?machine_id=${unknown}`)));
    expect(list).toEqual({ status: 404, message: `Machine ${unknown} not found`, fields: ["machine_id"] });
    expect((await detectRoute(jsonRequest("/api/v1/anomaly/detect", { machine_id: unknown, start_date: "2026-11-01", end_date: "2026-11-08" }))).status).toBe(404);
    expect((await anomalyListRoute(new Request(`http://l/api/v1/anomaly?machine_id=${M1}`))).status).toBe(200);
    const state = await problem(await ingestRoute(jsonRequest("/api/v1/ingest/production", [{ time: "2026-11-30T10:00:00Z", machine_id: M1, production_count: 3, machine_state: "RUNNING" }]), params({ kind: "production" })));
    expect(state.message).toContain('row 0, field machine_state: must be running, idle or off, in lower case (not "RUNNING")');
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { addMachines, M1, M2 } from "../helpers/fixtures";
import { csvRequest, jsonRequest, params, useDatabase } from "../helpers/routes";
import { GET as kpiRoute } from "@/app/api/v1/kpi/[kpi]/route";
import { GET as summaryRoute } from "@/app/api/v1/kpi/summary/route";
import { GET as anomalyListRoute } from "@/app/api/v1/anomaly/route";
import { POST as detectRoute } from "@/app/api/v1/anomaly/detect/route";
import { GET as getTariffRoute, PUT as putTariffRoute } from "@/app/api/v1/settings/tariff/route";
import { GET as getEmissionsRoute, PUT as putEmissionsRoute } from "@/app/api/v1/settings/emissions/route";
import { POST as fitRoute } from "@/app/api/v1/baseline/fit/route";
import { POST as screenRoute } from "@/app/api/v1/baseline/screen/route";
import { POST as suggestRoute } from "@/app/api/v1/baseline/suggest/route";
import { POST as trainRoute } from "@/app/api/v1/baseline/train/route";
import { POST as deviationRoute } from "@/app/api/v1/baseline/deviation/route";
import { POST as predictRoute } from "@/app/api/v1/baseline/predict/route";
import { POST as backtestRoute } from "@/app/api/v1/forecast/backtest/route";
import { POST as createProfileRoute } from "@/app/api/v1/import-profiles/route";
import { DELETE as deleteProfileRoute, PUT as putProfileRoute } from "@/app/api/v1/import-profiles/[id]/route";
import { PATCH as patchMachineRoute } from "@/app/api/v1/machines/[id]/route";
import { POST as ingestCsvRoute } from "@/app/api/v1/ingest/csv/route";

// The OpenAPI document's status codes against what the routes answer: a client generated from
// the spec must know every status a route gives for ordinary mistakes (an unknown machine, a
// window without data, a taken name). The KPI, settings and baseline routes answered 404 and
// 422 the spec did not list, and the import profiles' DELETE answered 204 where it said 200.

const UNKNOWN = "c0000000-0000-0000-0000-0000000000ff";
const get = (url: string) => new Request(`http://localhost${url}`);
const window = { start_date: "2026-11-01", end_date: "2026-11-20" };
const profile = (name: string) => ({ name, kind: "energy", columns: { time: "Zeit", energy_kwh: "kWh", machine_id: "Machine" } });

describe("OpenAPI status codes against the routes' answers", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    await addMachines(test.db);
    useDatabase(test.db);
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await test?.drop();
  });

  it("documents the status of each ordinary mistake", async () => {
    const doc = buildOpenApiDocument();
    const taken = (await (await createProfileRoute(jsonRequest("/api/v1/import-profiles", profile("taken")))).json()) as { id: string };
    const other = (await (await createProfileRoute(jsonRequest("/api/v1/import-profiles", profile("other")))).json()) as { id: string };
    const cases: [method: string, path: string, expected: number, answer: () => Promise<Response>][] = [
      ["get", "/api/v1/kpi/{kpi}", 404, () => kpiRoute(get(`/api/v1/kpi/sec?machine_id=${UNKNOWN}&start_date=2026-11-01&end_date=2026-11-02`), params({ kpi: "sec" }))],
      ["get", "/api/v1/kpi/summary", 404, () => summaryRoute(get(`/api/v1/kpi/summary?machine_id=${UNKNOWN}&start_date=2026-11-01&end_date=2026-11-02`))],
      ["get", "/api/v1/anomaly", 404, () => anomalyListRoute(get(`/api/v1/anomaly?machine_id=${UNKNOWN}`))],
      ["post", "/api/v1/anomaly/detect", 404, () => detectRoute(jsonRequest("/api/v1/anomaly/detect", { machine_id: UNKNOWN, ...window }))],
      ["get", "/api/v1/settings/tariff", 404, () => getTariffRoute(get(`/api/v1/settings/tariff?site_id=${UNKNOWN}`))],
      ["put", "/api/v1/settings/tariff", 404, () => putTariffRoute(jsonRequest(`/api/v1/settings/tariff?site_id=${UNKNOWN}`, { currency: "EUR", flat_price_per_kwh: 0.2 }, "PUT"))],
      ["get", "/api/v1/settings/emissions", 404, () => getEmissionsRoute(get(`/api/v1/settings/emissions?site_id=${UNKNOWN}`))],
      ["put", "/api/v1/settings/emissions", 404, () => putEmissionsRoute(jsonRequest(`/api/v1/settings/emissions?site_id=${UNKNOWN}`, { kg_co2_per_kwh: 0.4 }, "PUT"))],
      ["post", "/api/v1/baseline/fit", 404, () => fitRoute(jsonRequest("/api/v1/baseline/fit", { machine_id: UNKNOWN, ...window, drivers: ["total_production_count"] }))],
      ["post", "/api/v1/baseline/fit", 422, () => fitRoute(jsonRequest("/api/v1/baseline/fit", { machine_id: M1, ...window, drivers: ["total_production_count"] }))],
      ["post", "/api/v1/baseline/screen", 404, () => screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: UNKNOWN, ...window, drivers: [] }))],
      ["post", "/api/v1/baseline/screen", 422, () => screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: M1, ...window, drivers: [] }))],
      ["post", "/api/v1/baseline/suggest", 404, () => suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id: UNKNOWN, ...window }))],
      ["post", "/api/v1/baseline/suggest", 422, () => suggestRoute(jsonRequest("/api/v1/baseline/suggest", { machine_id: M1, ...window }))],
      ["post", "/api/v1/baseline/train", 404, () => trainRoute(jsonRequest("/api/v1/baseline/train", { machine_id: UNKNOWN, ...window, drivers: ["total_production_count"] }))],
      ["post", "/api/v1/baseline/deviation", 404, () => deviationRoute(jsonRequest("/api/v1/baseline/deviation", { model_id: UNKNOWN, ...window }))],
      ["post", "/api/v1/baseline/deviation", 404, () => deviationRoute(jsonRequest("/api/v1/baseline/deviation", { machine_id: M2, ...window }))],
      ["post", "/api/v1/baseline/predict", 404, () => predictRoute(jsonRequest("/api/v1/baseline/predict", { model_id: UNKNOWN, features: [{ total_production_count: 1 }] }))],
      ["post", "/api/v1/forecast/backtest", 422, () => backtestRoute(jsonRequest("/api/v1/forecast/backtest", { machine_id: M1, weeks: 1 }))],
      ["put", "/api/v1/import-profiles/{id}", 409, () => putProfileRoute(jsonRequest(`/api/v1/import-profiles/${other.id}`, profile("taken"), "PUT"), params({ id: other.id }))],
      ["delete", "/api/v1/import-profiles/{id}", 204, () => deleteProfileRoute(new Request(`http://localhost/api/v1/import-profiles/${taken.id}`, { method: "DELETE" }), params({ id: taken.id }))],
      ["patch", "/api/v1/machines/{id}", 409, () => patchMachineRoute(jsonRequest(`/api/v1/machines/${M2}`, { name: "test-1" }, "PATCH"), params({ id: M2 }))],
      ["post", "/api/v1/ingest/csv", 404, () => ingestCsvRoute(csvRequest("/api/v1/ingest/csv?profile=nope", "a,b\n1,2\n"))],
    ];
    const problems: string[] = [];
    for (const [method, path, expected, answer] of cases) {
      const res = await answer();
      const documented = Object.keys(doc.paths?.[path]?.[method as "get"]?.responses ?? {});
      if (res.status !== expected) problems.push(`${method.toUpperCase()} ${path} answered ${res.status}, expected ${expected}: ${await res.text()}`);
      else if (!documented.includes(String(expected))) problems.push(`${method.toUpperCase()} ${path} answers ${expected}; the spec lists ${documented.join(", ")}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

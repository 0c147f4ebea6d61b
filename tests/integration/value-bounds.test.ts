import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { addMachines, M1 } from "../helpers/fixtures";
import { body, jsonRequest, params, useDatabase } from "../helpers/routes";
import { POST as plansRoute } from "@/app/api/v1/forecast/plans/route";
import { GET as healthRoute } from "@/app/api/v1/baseline/models/[model_id]/health/route";
import { GET as runsRoute } from "@/app/api/v1/jobs/[name]/runs/route";
import { POST as importRoute } from "@/app/api/v1/baseline/models/import/route";

// Instants with an offset that the read APIs bound to the years 1900–2199 reached the database
// unbounded in four places: year 0000 (or -000001) is valid ISO-8601 and a JavaScript date, but
// not a PostgreSQL timestamptz, so each answered a 500. They are 400s naming the field.

const YEAR_0 = "0000-01-01T00:00:00Z";

describe("values the database cannot hold (years outside 1900–2199, integers past int4) are a 400 naming the field, never a 500", () => {
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

  const expect400 = async (res: Response, field: string) => {
    const text = await res.clone().text();
    expect(res.status, text).toBe(400);
    expect((await body(res)).errors, text).toMatchObject([{ field, message: expect.stringContaining("1900 and 2199") as unknown }]);
  };

  it("forecast plans: points[].time and issued_at", async () => {
    const plan = (over: Record<string, unknown>) => plansRoute(jsonRequest("/api/v1/forecast/plans", { machine_id: M1, driver: "total_production_count", points: [{ time: "2026-12-02T10:00:00Z", value: 1 }], ...over }));
    await expect400(await plan({ points: [{ time: YEAR_0, value: 1 }] }), "points.0.time");
    await expect400(await plan({ issued_at: "1899-12-31T23:00:00Z" }), "issued_at");
    await expect400(await plan({ points: [{ time: "2200-01-01T00:00:00Z", value: 1 }] }), "points.0.time");
    expect((await plan({})).status).toBe(201);
  });

  it("model health: as_of", async () => {
    const id = randomUUID();
    await expect400(await healthRoute(new Request(`http://localhost/api/v1/baseline/models/${id}/health?as_of=${YEAR_0}`), params({ model_id: id })), "as_of");
  });

  it("job runs: before, as an instant or in a cursor", async () => {
    const runs = (before: string) => runsRoute(new Request(`http://localhost/api/v1/jobs/freshness-check/runs?before=${encodeURIComponent(before)}`), params({ name: "freshness-check" }));
    await expect400(await runs(YEAR_0), "before");
    await expect400(await runs(`0000-01-01T00:00:00.000000Z~${randomUUID()}`), "before");
    expect((await runs("2026-12-01T00:00:00Z")).status).toBe(200);
  });

  it("model import: training_start_date and training_end_date", async () => {
    // An export of a hourly linear model (statistics left out), for machine M1.
    const doc = {"format": "enms-baseline-model", "format_version": 1, "machine_id": "a0000000-0000-0000-0000-000000000001", "model_type": "linear", "granularity": "hourly", "drivers": ["total_production_count", "running_hours"], "transforms": {"cooling_balance_c": null, "heating_balance_c": null}, "coefficients": {"running_hours": -0.7842012938385774, "total_production_count": 0.0257973359859659}, "intercept": 29.35747424592088, "statistics": {}, "state": {"ols": {"n": 464, "p": 3, "names": ["total_production_count", "running_hours"], "version": 1, "intercept": 29.35747424592088, "xtxInverse": [[0.004285750930785523, 1.8736201344167154e-07, -0.0048065825806460506], [1.8736201344167154e-07, 4.798804633664211e-08, -5.179436157413625e-05], [-0.0048065825806460506, -5.179436157413625e-05, 0.0658564116219383]], "coefficients": [0.0257973359859659, -0.7842012938385774], "hasIntercept": true, "residualVariance": 5.972702832766546, "xtxInverseFactor": [[-0.04642383454426298, 0, 0], [-0.04218727609674992, 8.51652676526542e-05, 0], [-0.018729982715662338, -0.00020182894619527248, 0.2566250409097649]]}, "ranges": {"running_hours": [0, 1], "total_production_count": [0, 1805]}, "cdd_base_c": null, "hdd_base_c": null, "feature_names": ["total_production_count", "running_hours"]}, "training_start_date": "2026-10-31T23:00:00.000Z", "training_end_date": "2026-11-20T23:00:00.000Z", "training_samples": 464};
    for (const field of ["training_start_date", "training_end_date"]) {
      const res = await importRoute(jsonRequest("/api/v1/baseline/models/import", { ...doc, machine_id: M1, [field]: YEAR_0 }));
      await expect400(res, field);
    }
    expect((await importRoute(jsonRequest("/api/v1/baseline/models/import", { ...doc, machine_id: M1 }))).status).toBe(201);
    // training_samples is an integer column: 10^12 answered a 500 ("out of range for type integer").
    const big = await importRoute(jsonRequest("/api/v1/baseline/models/import", { ...doc, machine_id: M1, training_samples: 1e12 }));
    expect(big.status).toBe(400);
    expect((await body(big)).errors).toMatchObject([{ field: "training_samples" }]);
  });
});

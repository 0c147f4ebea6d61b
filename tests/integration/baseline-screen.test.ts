import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { body, jsonRequest, useDatabase } from "../helpers/routes";
import { POST as screenRoute } from "@/app/api/v1/baseline/screen/route";
import { pearson } from "@/lib/analytics/baseline/screen-selection";
import { seedDemo } from "@/lib/demo/seed";
import type { DemoPlant } from "@/lib/demo/types";

const COMPRESSOR = "c0000000-0000-0000-0000-000000000001";
const END = new Date("2025-10-10T00:00:00Z");

interface Screened {
  name: string;
  selected: boolean;
  correlation: number | null;
  delta_r_squared: number | null;
  p_value: number | null;
  vif: number | null;
  note: string | null;
}

describe("POST /api/v1/baseline/screen (the driver picker's figures for the current selection)", () => {
  let t: TestDatabase;
  let plant: DemoPlant;
  const screen = async (drivers: string[]) => {
    const res = await screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: COMPRESSOR, drivers, start_date: plant.start.toISOString(), end_date: plant.cleanUntil.toISOString() }));
    expect(res.status).toBe(200);
    const b = (await body(res)) as { r_squared: number | null; samples: number; candidates: Screened[] };
    return { ...b, by: new Map(b.candidates.map((c) => [c.name, c])) };
  };

  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    useDatabase(t.db);
    plant = await seedDemo(t.db, { days: 10, seed: 42, end: END });
  }, 240_000);
  afterAll(async () => t?.drop());

  it("with nothing selected, adding one driver gains its squared correlation (one regressor with an intercept: R² = r²)", async () => {
    const s = await screen([]);
    expect(s.r_squared).toBeNull();
    const usable = s.candidates.filter((c) => c.correlation !== null);
    expect(usable.length).toBeGreaterThanOrEqual(3);
    for (const c of usable) expect(c.delta_r_squared).toBeCloseTo(c.correlation! ** 2, 10);
    // The demo compressor's energy rises with production (its true coefficient is positive).
    expect(s.by.get("total_production_count")!.correlation).toBeGreaterThan(0.5);
  });

  it("relative to a two-driver selection: removing one leaves the other alone, whose R² is its r²", async () => {
    const [a, b] = ["total_production_count", "avg_outdoor_temp_c"];
    const s = await screen([a, b]);
    const A = s.by.get(a)!;
    const B = s.by.get(b)!;
    expect(A.selected && B.selected).toBe(true);
    expect(s.r_squared! + A.delta_r_squared!).toBeCloseTo(B.correlation! ** 2, 10);
    expect(s.r_squared! + B.delta_r_squared!).toBeCloseTo(A.correlation! ** 2, 10);
    // Two regressors: both VIFs are 1 / (1 − r²) of the pair.
    expect(A.vif).toBeCloseTo(B.vif!, 10);
    expect(A.p_value).toBeGreaterThanOrEqual(0);
    // An unselected driver is screened as if added: ΔR² ≥ 0 (R² never falls when a column is added).
    for (const c of s.candidates.filter((x) => !x.selected && x.delta_r_squared !== null)) expect(c.delta_r_squared).toBeGreaterThanOrEqual(-1e-12);
  });

  it("names the field of a bad request", async () => {
    const bad = await screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: COMPRESSOR, drivers: ["nope"], start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await body(bad))).toContain("unknown driver");
    const repeated = await screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: COMPRESSOR, drivers: ["hdd", "hdd"], start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(repeated.status).toBe(400);
    // hour_of_week is not a screened candidate: selected, it would be dropped silently (R² of the rest reported).
    const how = await screenRoute(jsonRequest("/api/v1/baseline/screen", { machine_id: COMPRESSOR, drivers: ["total_production_count", "hour_of_week"], start_date: "2025-10-01", end_date: "2025-10-05" }));
    expect(how.status).toBe(400);
    expect(JSON.stringify(await body(how))).toContain("hour_of_week is not screened");
  });
});

describe("pearson", () => {
  it("is 1, −1 and null on exact lines and a constant", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    // Hand-computed: x = 1,2,3,4; y = 1,3,2,4 → Sxy = 4, Sxx = Syy = 5 → r = 0.8.
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });
});

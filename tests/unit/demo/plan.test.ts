// The demo plant's plan and temperature forecasts (lib/demo/plan.ts) against the readings the
// generator writes: the plan replays the generator's staffing decisions, and adding it moved none
// of the existing series.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDemoPlant, generateDemoDays, MACHINE_SPECS } from "@/lib/demo";
import { demoProductionPlan, demoTemperatureForecasts, PLAN_LEAD_DAYS, temperatureErrorSd, type PlannedDriverRow } from "@/lib/demo/plan";
import { aggregateHourly } from "./hourly";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** machine|driver|hour ms → value. */
const index = (rows: PlannedDriverRow[]) => new Map(rows.map((r) => [`${r.machineId}|${r.driver}|${r.time.getTime()}`, r.value]));

describe("demo plant plan", () => {
  it("leaves the demo series byte-identical (SHA-256 of rows and plant taken before the plan existed)", () => {
    // Fingerprints computed on commit c25e5e4, before lib/demo/plan.ts and ProducerSim.plannedShifts.
    const expected: Record<string, string> = {
      "42|10|2026-10-26T00:00:00Z": "be7a4bf81f2d3ffa37efb93e36aab2c589466e5d3218248ad7f8c2f8601d96dc",
      "7|3|2025-03-31T12:00:00Z": "4faecab7c3edf80c3ea3462f8c1a946f61cb27316e5614a9d80665a54d72c1b9",
    };
    for (const key of Object.keys(expected)) {
      const [seed, days, end] = key.split("|") as [string, string, string];
      const plant = createDemoPlant({ days: Number(days), end: new Date(end), seed: Number(seed) });
      const h = createHash("sha256");
      for (const c of generateDemoDays(plant)) h.update(JSON.stringify([c.energy, c.production, c.environmental]));
      h.update(JSON.stringify(plant));
      expect(h.digest("hex"), key).toBe(expected[key]);
    }
  });

  it("replays the generator's staffing: with no revisions, every producing hour was planned and most planned hours produce", () => {
    const plant = createDemoPlant({ days: 21, end: new Date("2026-10-26T00:00:00Z"), seed: 42 });
    const plan = index(demoProductionPlan(plant, plant.end, 0));
    const hourly = aggregateHourly(plant);
    let planned = 0;
    let producedInPlanned = 0;
    for (const spec of MACHINE_SPECS.filter((s) => s.role === "producer")) {
      const h = hourly.byMachine.get(spec.machine.id)!;
      h.hourMs.forEach((t, i) => {
        const run = plan.get(`${spec.machine.id}|running_hours|${t}`) ?? Number.NaN;
        expect(Number.isNaN(run), `${spec.machine.name} ${new Date(t).toISOString()} has a plan`).toBe(false);
        if (h.production[i]! > 0) expect(run, `${spec.machine.name} produced at ${new Date(t).toISOString()} without a planned shift`).toBeGreaterThan(0);
        if (run >= 0.5) [planned, producedInPlanned] = [planned + 1, producedInPlanned + (h.production[i]! > 0 ? 1 : 0)];
      });
    }
    expect(planned).toBeGreaterThan(500);
    // Breakdowns (30–150 min) and changeovers stop some planned hours entirely, rarely.
    expect(producedInPlanned / planned).toBeGreaterThan(0.95);
    // Compressor-1's planned output is the sum of the producers'.
    const c1 = MACHINE_SPECS.find((s) => s.role === "air_main")!.machine.id;
    const t = hourly.byMachine.get(c1)!.hourMs[200]!;
    const sum = MACHINE_SPECS.filter((s) => s.role === "producer").reduce((a, s) => a + plan.get(`${s.machine.id}|total_production_count|${t}`)!, 0);
    expect(plan.get(`${c1}|total_production_count|${t}`)).toBeCloseTo(sum, 6);
  });

  it("publishes each day a week ahead, and revisions change about 5 % of the shifts", () => {
    const plant = createDemoPlant({ days: 70, end: new Date("2026-10-26T00:00:00Z"), seed: 42 });
    const exact = demoProductionPlan(plant, plant.end, 0);
    const published = demoProductionPlan(plant, plant.end);
    const lead = published.map((r) => r.time.getTime() - r.issuedAt.getTime());
    expect(Math.min(...lead)).toBeGreaterThanOrEqual(PLAN_LEAD_DAYS * DAY - 2 * HOUR);
    expect(Math.max(...lead)).toBeLessThanOrEqual((PLAN_LEAD_DAYS + 1) * DAY);
    const a = index(exact);
    const ids = new Set(MACHINE_SPECS.filter((s) => s.role === "producer").map((s) => s.machine.id));
    const shiftHours = published.filter((r) => ids.has(r.machineId) && r.driver === "running_hours" && (r.value > 0 || (a.get(`${r.machineId}|running_hours|${r.time.getTime()}`) ?? 0) > 0));
    const changed = shiftHours.filter((r) => r.value > 0 !== (a.get(`${r.machineId}|running_hours|${r.time.getTime()}`) ?? 0) > 0).length;
    expect(changed / shiftHours.length).toBeGreaterThan(0.02);
    expect(changed / shiftHours.length).toBeLessThan(0.1);
  });

  it("forecasts temperature with an error that grows with lead time as documented", () => {
    const plant = createDemoPlant({ days: 60, end: new Date("2026-10-26T00:00:00Z"), seed: 42 });
    const rows = demoTemperatureForecasts(plant, new Date(plant.end.getTime() - 9 * DAY));
    const c1 = MACHINE_SPECS.find((s) => s.role === "air_main")!.machine.id;
    const hourly = aggregateHourly(plant).byMachine.get(c1)!;
    const actual = new Map(hourly.hourMs.map((t, i) => [t, hourly.avgTemp[i]!]));
    const sq = new Map<number, number[]>();
    for (const r of rows) {
      if (r.machineId !== c1) continue;
      const y = actual.get(r.time.getTime());
      if (y === undefined) continue;
      const day = Math.floor((r.time.getTime() - r.issuedAt.getTime()) / DAY);
      sq.set(day, [...(sq.get(day) ?? []), (r.value - y) ** 2]);
    }
    const rmse = (d: number) => Math.sqrt(sq.get(d)!.reduce((s, v) => s + v, 0) / sq.get(d)!.length);
    // About 50 issues per lead day: the RMSE is within 30 % of the model's, and day 7 is worse than day 0.
    expect(rmse(0)).toBeGreaterThan(0.7 * temperatureErrorSd(12));
    expect(rmse(0)).toBeLessThan(1.3 * temperatureErrorSd(12));
    expect(rmse(6)).toBeGreaterThan(0.7 * temperatureErrorSd(156));
    expect(rmse(6)).toBeLessThan(1.3 * temperatureErrorSd(156));
    expect(rmse(6)).toBeGreaterThan(rmse(0) * 1.4);
    // Only machines whose energy follows the outdoor temperature get it.
    expect(new Set(rows.map((r) => r.machineId)).size).toBe(Object.values(plant.truth).filter((t) => t.drivers.includes("avg_outdoor_temp_c")).length);
  });
});

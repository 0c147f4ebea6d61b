// The demo plant's plan and temperature forecasts (lib/demo/plan.ts) against the readings the
// generator writes: the plan replays the generator's staffing decisions, and adding it moved none
// of the existing series.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDemoPlant, generateDemoDays, MACHINE_SPECS } from "@/lib/demo";
import { NOMINAL_SPEED } from "@/lib/demo/production";
import { demoProductionPlan, demoTemperatureForecasts, PLAN_LEAD_DAYS, PLANNED_SETUP_MIN, temperatureErrorSd, type PlannedDriverRow } from "@/lib/demo/plan";
import { aggregateHourly } from "./hourly";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** machine|driver|hour ms → value. */
const index = (rows: PlannedDriverRow[]) => new Map(rows.map((r) => [`${r.machineId}|${r.driver}|${r.time.getTime()}`, r.value]));

/** machine|driver|hour ms → the issue (ms) of the row. */
const firstIndexIssued = (rows: PlannedDriverRow[]) => new Map(rows.map((r) => [`${r.machineId}|${r.driver}|${r.time.getTime()}`, r.issuedAt.getTime()]));

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
      // The plant as it was then: machines' countsOutput (machines.counts_output) came later and is
      // no part of the generated series.
      h.update(JSON.stringify(plant, (key, value: unknown) => (key === "countsOutput" ? undefined : value)));
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
    const published = demoProductionPlan(plant, plant.end, undefined, { republishRevisions: false });
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

  it("plans each hour's units from the product that runs: its rate × the nominal speed × the planned productive minutes", () => {
    const plant = createDemoPlant({ days: 28, end: new Date("2026-10-26T00:00:00Z"), seed: 42 });
    const plan = index(demoProductionPlan(plant, plant.end, 0));
    const producers = MACHINE_SPECS.filter((s) => s.role === "producer");
    const rate = new Map(producers.flatMap((s) => s.products.map((p) => [p.id, p.ratePerMin] as const)));
    // The generator's own minute rows: the product each minute shows, and metered counts.
    type Hour = { products: Set<string>; switches: number; count: number; last: string | null };
    const hours = new Map<string, Hour>();
    const last = new Map<string, string | null>();
    for (const chunk of generateDemoDays(plant)) {
      for (const r of chunk.production) {
        if (!producers.some((s) => s.machine.id === r.machineId)) continue;
        const k = `${r.machineId}|${Math.floor(r.time.getTime() / HOUR) * HOUR}`;
        const h = hours.get(k) ?? { products: new Set<string>(), switches: 0, count: 0, last: null };
        if (r.productId) h.products.add(r.productId);
        if (last.has(r.machineId) && last.get(r.machineId) !== r.productId) h.switches++;
        last.set(r.machineId, r.productId);
        h.count += r.productionCount;
        hours.set(k, h);
      }
    }
    const localHour = new Intl.DateTimeFormat("en-GB", { timeZone: plant.timeZone, hour: "2-digit", hourCycle: "h23" });
    let checked = 0;
    let switchHours = 0;
    const byProduct = new Map<string, { metered: number; planned: number; meanRatePlan: number }>();
    const meanRate = new Map(producers.flatMap((s) => s.products.map((p) => [p.id, s.products.reduce((a, q) => a + q.ratePerMin, 0) / s.products.length] as const)));
    for (const [k, h] of hours) {
      const [id, t] = k.split("|") as [string, string];
      const run = plan.get(`${id}|running_hours|${t}`)!;
      const units = plan.get(`${id}|total_production_count|${t}`)!;
      if (h.switches > 0) {
        switchHours++;
        // A changeover the generator made is planned: its set-up takes minutes out of the hour's plan.
        if (run > 0 || units > 0) expect(run, `${id} ${new Date(Number(t)).toISOString()} has a changeover`).toBeLessThan(1);
        continue;
      }
      const lh = Number(localHour.format(new Date(Number(t))));
      if (run !== 1 || lh === 6 || lh === 14) continue; // whole productive hours past the shift-start ramp
      const [product] = [...h.products] as [string];
      // Known truth: 60 minutes × the product's rate × the nominal line speed.
      expect(units, `${id} ${new Date(Number(t)).toISOString()} ${product}`).toBeCloseTo(60 * rate.get(product)! * NOMINAL_SPEED, 9);
      const p = byProduct.get(product) ?? { metered: 0, planned: 0, meanRatePlan: 0 };
      // meanRatePlan: the former plan, at the mean of the machine's product rates.
      byProduct.set(product, { metered: p.metered + h.count, planned: p.planned + units, meanRatePlan: p.meanRatePlan + 60 * meanRate.get(product)! * NOMINAL_SPEED });
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
    expect(switchHours).toBeGreaterThan(20);
    // Plan attainment no longer depends on the product (rates differ up to 1.8×): what is left is
    // the line speed and stops, which no plan knows.
    // Per product about 50–150 such hours, with the hourly line speed's spread of ~10 %: a few % apart by chance.
    const attainment = [...byProduct.values()].map((p) => p.metered / p.planned);
    expect(attainment.length).toBe(9);
    for (const a of attainment) {
      expect(a).toBeGreaterThan(0.9);
      expect(a).toBeLessThan(1.05);
    }
    expect(Math.max(...attainment) / Math.min(...attainment)).toBeLessThan(1.12);
    const atMeanRate = [...byProduct.values()].map((p) => p.metered / p.meanRatePlan);
    expect(Math.max(...atMeanRate) / Math.min(...atMeanRate)).toBeGreaterThan(1.5);
    expect(PLANNED_SETUP_MIN).toBe(32);
  });

  it("revises about 5 % of the shifts' products after publication and publishes each revision before its day", () => {
    const plant = createDemoPlant({ days: 70, end: new Date("2026-10-26T00:00:00Z"), seed: 42 });
    const exact = index(demoProductionPlan(plant, plant.end, 0));
    const first = demoProductionPlan(plant, plant.end, undefined, { republishRevisions: false });
    const all = demoProductionPlan(plant, plant.end);
    const ids = new Set(MACHINE_SPECS.filter((s) => s.role === "producer").map((s) => s.machine.id));
    // Hours whose first issue and what ran agree on the whole hour running but not on its units: a product revised.
    const k = (r: PlannedDriverRow) => `${r.machineId}|${r.driver}|${r.time.getTime()}`;
    const firstIndex = index(first);
    const full = first.filter((r) => ids.has(r.machineId) && r.driver === "total_production_count" && firstIndex.get(`${r.machineId}|running_hours|${r.time.getTime()}`) === 1 && exact.get(`${r.machineId}|running_hours|${r.time.getTime()}`) === 1);
    const productChanged = full.filter((r) => Math.abs(r.value - exact.get(k(r))!) > 1e-9).length / full.length;
    expect(productChanged).toBeGreaterThan(0.02);
    expect(productChanged).toBeLessThan(0.1);
    // Every changed row is issued again with what ran, after its first issue and by its day's start.
    const firstIssue = firstIndexIssued(first);
    const later = all.filter((r) => r.issuedAt.getTime() > firstIssue.get(k(r))!);
    const changed = first.filter((r) => exact.get(k(r)) !== r.value);
    expect(later.length).toBe(changed.length);
    expect(later.length).toBeGreaterThan(100);
    for (const r of later) {
      expect(r.value).toBe(exact.get(k(r)));
      const dayStart = firstIssue.get(k(r))! + PLAN_LEAD_DAYS * DAY;
      expect(r.issuedAt.getTime()).toBeLessThanOrEqual(dayStart);
      expect(r.issuedAt.getTime()).toBeGreaterThan(dayStart - PLAN_LEAD_DAYS * DAY);
    }
    // The first issues are the same rows either way.
    expect(all.slice(0, first.length)).toEqual(first);
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

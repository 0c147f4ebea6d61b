// Ground truth: at hourly granularity on the clean window each machine follows its published
// model, and least squares / grid searches recover it.
import { beforeAll, describe, expect, it } from "vitest";
import { COMPRESSOR_1_ID, createDemoPlant } from "@/lib/demo";
import type { DemoPlant, MachineTruth } from "@/lib/demo";
import { aggregateHourly, meanOf, ols, predict, sdOf, sse, type Hourly } from "./hourly";

const END = new Date("2025-11-25T00:00:00Z"); // the default demo window ends late November

function cleanHours(plant: DemoPlant, h: Hourly): Hourly {
  const keep = h.hourMs.map((ms) => ms + 3_600_000 <= plant.cleanUntil.getTime());
  const f = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  return {
    hourMs: f(h.hourMs), energyKwh: f(h.energyKwh), production: f(h.production), runningHours: f(h.runningHours),
    avgThroughput: f(h.avgThroughput), avgTemp: f(h.avgTemp), avgPressure: f(h.avgPressure), samples: f(h.samples),
  };
}

const byName = (plant: DemoPlant, name: string) => {
  const m = plant.machines.find((x) => x.name === name);
  if (!m) throw new Error(name);
  return m.id;
};

/** Balance point by grid search over 0.05 °C steps on hourly average temperature. */
function gridSearch(h: Hourly, kind: "heating" | "cooling"): number {
  let best = Number.NaN;
  let bestSse = Number.POSITIVE_INFINITY;
  for (let b = 4; b <= 26; b += 0.05) {
    const x = h.avgTemp.map((t) => (kind === "heating" ? Math.max(0, b - t) : Math.max(0, t - b)));
    const s = sse(h.energyKwh, x);
    if (s < bestSse) [bestSse, best] = [s, b];
  }
  return best;
}

describe.each([42, 7])("demo plant truth, seed %i", (seed) => {
  let plant: DemoPlant;
  const clean = new Map<string, Hourly>();
  const truthOf = (id: string) => plant.truth[id] as MachineTruth;
  const cleanOf = (id: string) => clean.get(id) as Hourly;

  beforeAll(() => {
    plant = createDemoPlant({ days: 90, end: END, seed });
    const { byMachine } = aggregateHourly(plant);
    for (const [id, h] of byMachine) clean.set(id, cleanHours(plant, h));
  });

  it("every machine follows its published hourly model with the published noise", () => {
    for (const m of plant.machines) {
      const h = cleanOf(m.id);
      const truth = truthOf(m.id);
      expect(h.hourMs.length).toBeGreaterThan(1400);
      const residuals = h.energyKwh.map((e, i) => e - predict(truth, h, i));
      const se = truth.noiseSdKwh / Math.sqrt(residuals.length);
      expect(Math.abs(meanOf(residuals)), m.name).toBeLessThan(4 * se);
      expect(sdOf(residuals) / truth.noiseSdKwh, m.name).toBeGreaterThan(0.9);
      expect(sdOf(residuals) / truth.noiseSdKwh, m.name).toBeLessThan(1.1);
    }
  });

  it("Compressor-1: least squares on the three drivers recovers the coefficients, R² ≥ 0.85", () => {
    const h = cleanOf(COMPRESSOR_1_ID);
    const truth = truthOf(COMPRESSOR_1_ID);
    expect(truth.drivers).toEqual(["total_production_count", "avg_outdoor_temp_c", "avg_pressure_bar"]);
    const fit = ols([h.production, h.avgTemp, h.avgPressure], h.energyKwh);
    expect(fit.r2).toBeGreaterThanOrEqual(0.85);
    const expected = [truth.intercept, ...truth.drivers.map((d) => truth.coefficients[d] ?? Number.NaN)];
    fit.beta.forEach((b, j) => {
      const e = expected[j] ?? Number.NaN;
      expect(Math.abs(b - e), `coefficient ${j}`).toBeLessThan(4 * (fit.se[j] ?? 0));
      if (j > 0) {
        expect(Math.abs(b / (fit.se[j] ?? 1)), `t-value ${j}`).toBeGreaterThan(10);
        expect(Math.abs(b - e) / e, `coefficient ${j}`).toBeLessThan(0.08);
      }
    });
    expect(fit.residualSd / truth.noiseSdKwh).toBeCloseTo(1, 1);
  });

  it("the compressor's drivers are not collinear", () => {
    const h = cleanOf(COMPRESSOR_1_ID);
    const corr = (a: number[], b: number[]) => {
      const ma = meanOf(a), mb = meanOf(b);
      let s = 0;
      a.forEach((v, i) => (s += (v - ma) * ((b[i] ?? 0) - mb)));
      return s / ((a.length - 1) * sdOf(a) * sdOf(b));
    };
    expect(Math.abs(corr(h.production, h.avgTemp))).toBeLessThan(0.5);
    expect(Math.abs(corr(h.production, h.avgPressure))).toBeLessThan(0.3);
    expect(Math.abs(corr(h.avgTemp, h.avgPressure))).toBeLessThan(0.5);
    expect(new Set(h.avgPressure.map((p) => Math.round(p * 4) / 4)).size).toBeGreaterThanOrEqual(4);
  });

  it("Injection-Molding-1 recovers its production slope and idle base; Oven-1 both of its drivers", () => {
    const im = cleanOf(byName(plant, "Injection-Molding-1"));
    const imTruth = truthOf(byName(plant, "Injection-Molding-1"));
    const f = ols([im.production], im.energyKwh);
    expect(f.beta[0]).toBeCloseTo(imTruth.intercept, 0);
    expect(Math.abs((f.beta[1] ?? 0) - (imTruth.coefficients.total_production_count ?? 0))).toBeLessThan(4 * (f.se[1] ?? 0));
    const idle = im.energyKwh.filter((_, i) => im.production[i] === 0);
    expect(meanOf(idle)).toBeCloseTo(imTruth.intercept, 0);

    const oven = cleanOf(byName(plant, "Oven-1"));
    const ovenTruth = truthOf(byName(plant, "Oven-1"));
    const g = ols([oven.runningHours, oven.production], oven.energyKwh);
    expect(Math.abs((g.beta[1] ?? 0) - (ovenTruth.coefficients.running_hours ?? 0))).toBeLessThan(4 * (g.se[1] ?? 0));
    expect(Math.abs((g.beta[2] ?? 0) - (ovenTruth.coefficients.total_production_count ?? 0))).toBeLessThan(4 * (g.se[2] ?? 0));
  });

  it("production is not a copy of the shift indicator", () => {
    const im = cleanOf(byName(plant, "Injection-Molding-1"));
    const full = im.production.filter((_, i) => im.runningHours[i] === 1);
    expect(full.length).toBeGreaterThan(200);
    expect(sdOf(full) / meanOf(full)).toBeGreaterThan(0.05);
    const f = ols([im.runningHours], im.production);
    expect(f.r2).toBeLessThan(0.98);
  });

  it("Chiller-1 and Boiler-1 balance points are recovered within 0.5 °C at hourly granularity", () => {
    const chiller = truthOf(byName(plant, "Chiller-1"));
    const boiler = truthOf(byName(plant, "Boiler-1"));
    expect(Math.abs(gridSearch(cleanOf(byName(plant, "Chiller-1")), "cooling") - (chiller.coolingBalanceC ?? 0))).toBeLessThan(0.5);
    expect(Math.abs(gridSearch(cleanOf(byName(plant, "Boiler-1")), "heating") - (boiler.heatingBalanceC ?? 0))).toBeLessThan(0.5);
  });

  it("HVAC-1 (5P) recovers both balance points within 0.5 °C", () => {
    const h = cleanOf(byName(plant, "HVAC-1"));
    const truth = truthOf(byName(plant, "HVAC-1"));
    let best = { th: 0, tc: 0, s: Number.POSITIVE_INFINITY };
    const search = (thFrom: number, thTo: number, tcFrom: number, tcTo: number, step: number) => {
      for (let th = thFrom; th <= thTo; th += step) {
        const xh = h.avgTemp.map((t) => Math.max(0, th - t));
        for (let tc = Math.max(tcFrom, th + 1); tc <= tcTo; tc += step) {
          const s = sse(h.energyKwh, xh, h.avgTemp.map((t) => Math.max(0, t - tc)));
          if (s < best.s) best = { th, tc, s };
        }
      }
    };
    search(4, 16, 12, 24, 0.25);
    const { th, tc } = best;
    search(th - 0.3, th + 0.3, tc - 0.3, tc + 0.3, 0.05);
    expect(Math.abs(best.th - (truth.heatingBalanceC ?? 0))).toBeLessThan(0.5);
    expect(Math.abs(best.tc - (truth.coolingBalanceC ?? 0))).toBeLessThan(0.5);
  });

  it("the weather gives enough cold and warm hours to identify change points", () => {
    const t = cleanOf(COMPRESSOR_1_ID).avgTemp;
    expect(t.filter((x) => x < 12).length).toBeGreaterThan(150);
    expect(t.filter((x) => x > 18).length).toBeGreaterThan(150);
    expect(Math.min(...t)).toBeGreaterThan(-10);
    expect(Math.max(...t)).toBeLessThan(35);
  });
});

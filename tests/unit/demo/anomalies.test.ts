// Injected anomalies: placement in the last third, and the labelled extra energy is what the
// data shows against the truth model.
import { beforeAll, describe, expect, it } from "vitest";
import { COMPRESSOR_1_ID, createDemoPlant, isInAnomaly } from "@/lib/demo";
import type { AnomalyLabel, DemoPlant, MachineTruth } from "@/lib/demo";
import { aggregateHourly, meanOf, predict, type Hourly } from "./hourly";

const HOUR = 3_600_000;
const MIN = 60_000;

describe("injected anomalies", () => {
  let plant: DemoPlant;
  let hourly: Map<string, Hourly>;
  const pumpPower = new Map<number, number>();
  const idOf = (name: string) => plant.machines.find((m) => m.name === name)?.id ?? "";
  const label = (kind: AnomalyLabel["kind"]) => plant.anomalies.find((a) => a.kind === kind) as AnomalyLabel;
  /** Residuals (actual − truth) of a machine's full hours, with their start times. */
  const residuals = (id: string) => {
    const h = hourly.get(id) as Hourly;
    const truth = plant.truth[id] as MachineTruth;
    return h.hourMs.map((ms, i) => ({ ms, r: (h.energyKwh[i] ?? 0) - predict(truth, h, i) }));
  };
  const inside = (l: AnomalyLabel, ms: number) => ms >= l.start.getTime() && ms + HOUR <= l.end.getTime();
  const overlaps = (l: AnomalyLabel, ms: number) => ms < l.end.getTime() && ms + HOUR > l.start.getTime();

  beforeAll(() => {
    plant = createDemoPlant({ days: 90, end: new Date("2025-11-25T00:00:00Z"), seed: 42 });
    const pump = idOf("Pump-1");
    hourly = aggregateHourly(plant, (r) => {
      if (r.machineId === pump) pumpPower.set(r.time.getTime(), r.powerKw);
    }).byMachine;
  });

  it("all lie in the last third of the window; the first two thirds are clean", () => {
    const span = plant.end.getTime() - plant.start.getTime();
    expect(Math.abs(plant.cleanUntil.getTime() - (plant.start.getTime() + (2 * span) / 3))).toBeLessThanOrEqual(HOUR);
    expect(new Set(plant.anomalies.map((a) => a.kind))).toEqual(new Set(["air_leak", "step_change", "sensor_spike", "drift"]));
    for (const a of plant.anomalies) {
      expect(a.start.getTime()).toBeGreaterThanOrEqual(plant.cleanUntil.getTime());
      expect(a.end.getTime()).toBeLessThanOrEqual(plant.end.getTime());
      expect(a.end.getTime()).toBeGreaterThan(a.start.getTime());
      expect(a.magnitudeKw).toBeGreaterThan(0);
    }
    expect(label("air_leak").machineId).toBe(COMPRESSOR_1_ID);
    expect(label("air_leak").end.getTime() - label("air_leak").start.getTime()).toBe(7 * 24 * HOUR);
    expect(label("drift").end.getTime() - label("drift").start.getTime()).toBeGreaterThanOrEqual(9 * 24 * HOUR);
  });

  it("placement scales with short and long windows", () => {
    for (const days of [1, 3, 10, 30, 365]) {
      const p = createDemoPlant({ days, end: new Date("2025-11-25T00:00:00Z"), seed: 3 });
      for (const a of p.anomalies) {
        expect(a.start.getTime(), `${days} d ${a.kind}`).toBeGreaterThanOrEqual(p.cleanUntil.getTime());
        expect(a.end.getTime(), `${days} d ${a.kind}`).toBeLessThanOrEqual(p.end.getTime());
        expect(a.end.getTime(), `${days} d ${a.kind}`).toBeGreaterThan(a.start.getTime());
      }
    }
  });

  it("air leak: Compressor-1 draws ≈ magnitudeKw extra while production is off, nothing extra in shifts", () => {
    const leak = label("air_leak");
    const pump = hourly.get(idOf("Pump-1")) as Hourly; // the pump runs exactly in shift time
    const shift = new Map(pump.hourMs.map((ms, i) => [ms, pump.runningHours[i] ?? 0]));
    const res = residuals(COMPRESSOR_1_ID);
    const offHours = res.filter((x) => inside(leak, x.ms) && shift.get(x.ms) === 0).map((x) => x.r);
    const shiftHours = res.filter((x) => inside(leak, x.ms) && shift.get(x.ms) === 1).map((x) => x.r);
    expect(offHours.length).toBeGreaterThan(80);
    expect(meanOf(offHours)).toBeCloseTo(leak.magnitudeKw, 0);
    expect(Math.abs(meanOf(shiftHours))).toBeLessThan(0.5);
    const elsewhere = res.filter((x) => x.ms >= plant.cleanUntil.getTime() && !overlaps(leak, x.ms)).map((x) => x.r);
    expect(Math.abs(meanOf(elsewhere))).toBeLessThan(0.3);
  });

  it("step change: Boiler-1 draws magnitudeKw extra for the labelled days only", () => {
    const step = label("step_change");
    expect(step.machineId).toBe(idOf("Boiler-1"));
    const res = residuals(step.machineId);
    expect(meanOf(res.filter((x) => inside(step, x.ms)).map((x) => x.r))).toBeCloseTo(step.magnitudeKw, 0);
    const after = res.filter((x) => x.ms >= plant.cleanUntil.getTime() && !overlaps(step, x.ms)).map((x) => x.r);
    expect(Math.abs(meanOf(after))).toBeLessThan(0.2);
  });

  it("drift: Oven-1's extra grows linearly to magnitudeKw over the label", () => {
    const drift = label("drift");
    expect(drift.machineId).toBe(idOf("Oven-1"));
    const s = drift.start.getTime();
    const e = drift.end.getTime();
    const ramp = (ms: number) => (drift.magnitudeKw * (ms + 30 * MIN - s)) / (e - s);
    const res = residuals(drift.machineId).filter((x) => inside(drift, x.ms));
    expect(Math.abs(meanOf(res.map((x) => x.r - ramp(x.ms))))).toBeLessThan(0.2);
    expect(meanOf(res.filter((x) => x.ms < s + 24 * HOUR).map((x) => x.r))).toBeLessThan(1.5);
    expect(meanOf(res.filter((x) => x.ms >= e - 24 * HOUR).map((x) => x.r))).toBeGreaterThan(drift.magnitudeKw - 1.5);
    const outside = residuals(drift.machineId).filter((x) => x.ms >= plant.cleanUntil.getTime() && !overlaps(drift, x.ms));
    expect(Math.abs(meanOf(outside.map((x) => x.r)))).toBeLessThan(0.2);
  });

  it("sensor spikes: a few minutes of ~10× Pump-1's power", () => {
    const spikes = plant.anomalies.filter((a) => a.kind === "sensor_spike");
    expect(spikes.length).toBeGreaterThanOrEqual(1);
    for (const spike of spikes) {
      const s = spike.start.getTime();
      const minutes = (spike.end.getTime() - s) / MIN;
      expect(minutes).toBeGreaterThanOrEqual(2);
      expect(minutes).toBeLessThanOrEqual(10);
      const before: number[] = [];
      for (let ms = s - 30 * MIN; ms < s; ms += MIN) before.push(pumpPower.get(ms) ?? Number.NaN);
      const normal = meanOf(before);
      for (let ms = s; ms < spike.end.getTime(); ms += MIN) {
        const p = pumpPower.get(ms) ?? Number.NaN;
        expect(p / normal).toBeGreaterThan(8);
        expect(p / normal).toBeLessThan(12);
        expect(p - normal).toBeCloseTo(spike.magnitudeKw, -1);
      }
      expect((pumpPower.get(spike.end.getTime()) ?? 0) / normal).toBeLessThan(1.5);
    }
  });

  it("isInAnomaly tells whether a fault changes a machine's energy at that minute", () => {
    const spike = label("sensor_spike");
    expect(isInAnomaly(plant, spike.machineId, spike.start)).toBe(true);
    expect(isInAnomaly(plant, spike.machineId, new Date(spike.start.getTime() - MIN))).toBe(false);
    expect(isInAnomaly(plant, spike.machineId, spike.end)).toBe(false);
    expect(isInAnomaly(plant, COMPRESSOR_1_ID, spike.start)).toBe(false);
    const leak = label("air_leak");
    const pump = hourly.get(idOf("Pump-1")) as Hourly;
    const hours = pump.hourMs.map((ms, i) => ({ ms, run: pump.runningHours[i] })).filter((x) => inside(leak, x.ms));
    const night = hours.find((x) => x.run === 0);
    const day = hours.find((x) => x.run === 1);
    expect(isInAnomaly(plant, COMPRESSOR_1_ID, new Date(night?.ms ?? 0))).toBe(true);
    expect(isInAnomaly(plant, COMPRESSOR_1_ID, new Date(day?.ms ?? 0))).toBe(false);
    expect(isInAnomaly(plant, COMPRESSOR_1_ID, plant.start)).toBe(false);
  });
});

// Shape of the output: determinism, counts, cadence, ids, electrical consistency, speed.
import { describe, expect, it } from "vitest";
import { COMPRESSOR_1_ID, createDemoPlant, generateDemoDays, isInAnomaly } from "@/lib/demo";
import type { DemoDayChunk } from "@/lib/demo";

const END = new Date("2025-11-25T00:00:00Z");
const MIN = 60_000;

const collect = (seed: number, days = 5) => [...generateDemoDays(createDemoPlant({ days, end: END, seed }))];

describe("demo plant generator", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = collect(1);
    const b = collect(1);
    expect(b).toEqual(a);
    expect(createDemoPlant({ days: 5, end: END, seed: 1 })).toEqual(createDemoPlant({ days: 5, end: END, seed: 1 }));
    const c = collect(2);
    expect(c[0]?.energy.length).toBe(a[0]?.energy.length);
    expect(c[0]?.energy.map((r) => r.energyKwh)).not.toEqual(a[0]?.energy.map((r) => r.energyKwh));
    expect(c[0]?.environmental.map((r) => r.outdoorTempC)).not.toEqual(a[0]?.environmental.map((r) => r.outdoorTempC));
  });

  it("has deterministic machine ids, Compressor-1 first", () => {
    const plant = createDemoPlant({ days: 1, end: END, seed: 3 });
    expect(plant.machines.length).toBeGreaterThanOrEqual(10);
    expect(plant.machines.find((m) => m.name === "Compressor-1")?.id).toBe("c0000000-0000-0000-0000-000000000001");
    expect(COMPRESSOR_1_ID).toBe("c0000000-0000-0000-0000-000000000001");
    plant.machines.forEach((m, i) => expect(m.id).toBe(`c0000000-0000-0000-0000-${(i + 1).toString(16).padStart(12, "0")}`));
    expect(new Set(plant.machines.map((m) => m.name)).size).toBe(plant.machines.length);
    expect(Object.keys(plant.truth).sort()).toEqual(plant.machines.map((m) => m.id).sort());
  });

  it("yields one chunk per 24 h with rows every minute (energy, production) and every 5 minutes (environment)", () => {
    const plant = createDemoPlant({ days: 3, end: new Date("2025-11-25T00:00:42.500Z"), seed: 5 });
    expect(plant.end.toISOString()).toBe("2025-11-25T00:00:00.000Z");
    expect(plant.start.toISOString()).toBe("2025-11-22T00:00:00.000Z");
    const chunks: DemoDayChunk[] = [...generateDemoDays(plant)];
    const machines = plant.machines.length;
    expect(chunks.map((c) => c.day)).toEqual([0, 1, 2]);
    let expectedMs = plant.start.getTime();
    for (const c of chunks) {
      expect(c.totalDays).toBe(3);
      expect(c.energy).toHaveLength(1440 * machines);
      expect(c.production).toHaveLength(1440 * machines);
      expect(c.environmental).toHaveLength(288 * machines);
      for (let i = 0; i < c.energy.length; i += machines) {
        for (let j = 0; j < machines; j++) {
          const e = c.energy[i + j];
          const p = c.production[i + j];
          expect(e?.time.getTime()).toBe(expectedMs);
          expect(p?.time.getTime()).toBe(expectedMs);
          expect(e?.machineId).toBe(plant.machines[j]?.id);
          expect(p?.machineId).toBe(plant.machines[j]?.id);
        }
        expectedMs += MIN;
      }
      for (const r of c.environmental) expect(r.time.getTime() % (5 * MIN)).toBe(0);
    }
    expect(expectedMs).toBe(plant.end.getTime());
  });

  it("the last chunk is partial for a fractional number of days", () => {
    const plant = createDemoPlant({ days: 1.5, end: new Date("2025-11-25T00:03:00Z"), seed: 5 });
    const chunks = [...generateDemoDays(plant)];
    const m = plant.machines.length;
    expect(chunks.map((c) => c.energy.length / m)).toEqual([1440, 720]);
    expect(chunks.map((c) => c.environmental.length / m)).toEqual([288, 144]);
    expect(chunks.at(-1)?.energy.at(-1)?.time.getTime()).toBe(plant.end.getTime() - MIN);
  });

  it("rejects bad options", () => {
    expect(() => createDemoPlant({ days: 0, end: END, seed: 1 })).toThrow(RangeError);
    expect(() => createDemoPlant({ days: 1, end: new Date(Number.NaN), seed: 1 })).toThrow(RangeError);
    expect(() => createDemoPlant({ days: 1, end: END, seed: 1, timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });

  it("rows are physically plausible and internally consistent", () => {
    const plant = createDemoPlant({ days: 7, end: END, seed: 11 });
    const rated = new Map(plant.machines.map((m) => [m.id, m.ratedPowerKw]));
    const bad: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && bad.length < 10) bad.push(what);
    };
    for (const c of generateDemoDays(plant)) {
      for (const r of c.energy) {
        const v = r.voltageV ?? 0;
        const pf = r.powerFactor ?? 0;
        check(r.energyKwh > 0, "energy > 0");
        check(Math.abs(r.powerKw - r.energyKwh * 60) < 1e-9, "P = 60·E");
        check(v > 385 && v < 415, `voltage ${v}`);
        check(pf >= 0.85 && pf <= 0.95, `pf ${pf}`);
        check(Math.abs((r.currentA ?? 0) - (r.powerKw * 1000) / (Math.sqrt(3) * v * pf)) <= 0.0051, "I = P/(√3·V·pf)");
        // Only the injected sensor spike may exceed the rating.
        check(r.powerKw < (rated.get(r.machineId) ?? 0) * 1.1 || isInAnomaly(plant, r.machineId, r.time), `power ${r.powerKw}`);
      }
      for (const r of c.production) {
        check(r.goodCount + r.rejectCount === r.productionCount && r.rejectCount >= 0, "good + reject = count");
        check(r.machineState === "running" || r.machineId === COMPRESSOR_1_ID || r.productionCount === 0, "output only when running");
      }
      for (const r of c.environmental) {
        check(r.indoorTempC >= 19.5 && r.indoorTempC <= 24.5, `indoor ${r.indoorTempC}`);
        check(r.humidityPct > 20 && r.humidityPct <= 100, `humidity ${r.humidityPct}`);
        if (r.machineId === COMPRESSOR_1_ID) check(r.pressureBar > 5.9 && r.pressureBar < 7.6, `set-point ${r.pressureBar}`);
        else check(Math.abs(r.pressureBar - 1) < 0.06, `ambient ${r.pressureBar}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("Compressor-1's production rows carry the plant's total output; outdoor temperature is shared", () => {
    const [chunk] = collect(4, 1);
    const producers = new Set(
      createDemoPlant({ days: 1, end: END, seed: 4 }).machines.filter((m) => m.type === "injection_molding" || m.type === "oven").map((m) => m.id),
    );
    const byMinute = new Map<number, { total: number; c1: number }>();
    for (const r of chunk?.production ?? []) {
      const e = byMinute.get(r.time.getTime()) ?? { total: 0, c1: 0 };
      if (producers.has(r.machineId)) e.total += r.productionCount;
      if (r.machineId === COMPRESSOR_1_ID) e.c1 = r.productionCount;
      byMinute.set(r.time.getTime(), e);
    }
    for (const { total, c1 } of byMinute.values()) expect(c1).toBe(total);
    const temps = new Map<number, Set<number>>();
    for (const r of chunk?.environmental ?? []) temps.set(r.time.getTime(), (temps.get(r.time.getTime()) ?? new Set()).add(r.outdoorTempC));
    for (const s of temps.values()) expect(s.size).toBe(1);
  });

  it("generates 90 days quickly", () => {
    const plant = createDemoPlant({ days: 90, end: END, seed: 42 });
    const t0 = performance.now();
    let rows = 0;
    for (const c of generateDemoDays(plant)) rows += c.energy.length + c.production.length + c.environmental.length;
    const ms = performance.now() - t0;
    console.log(`generateDemoDays: 90 days, ${plant.machines.length} machines, ${rows} rows in ${ms.toFixed(0)} ms`);
    expect(rows).toBe(90 * plant.machines.length * (1440 * 2 + 288));
    expect(ms).toBeLessThan(30_000); // only catches pathological slowdowns: CI shares the CPU; typical is 2–3 s
  });
});

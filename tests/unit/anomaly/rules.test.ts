import { describe, expect, it } from "vitest";
import { detectGaps, detectIdleLeak, detectOverPower, detectSpikes, detectStuck } from "@/lib/anomaly/detectors/rules";
import { analyse } from "@/lib/anomaly/analyse";
import { overPowerExcessKwh, withReadingExcess } from "@/lib/anomaly/over-power";
import { buckets, H, normals, T0 } from "./synthetic";

// Each rule on a hand-made series with the answer known.

const none = () => Number.NaN;

describe("idle leak", () => {
  // Three weeks: production 06–22 on weekdays, nothing otherwise; idle base load 2 kWh ± 0.1.
  const n = 3 * 168;
  const producing = (i: number) => i % 24 >= 6 && i % 24 < 22 && i % 168 < 120;
  const noise = normals(n, 2, 0.1);
  const production = Array.from({ length: n }, (_, i) => (producing(i) ? 100 : 0));
  const running = production.map((p) => (p > 0 ? 60 : 0));
  const energy = Array.from({ length: n }, (_, i) => (producing(i) ? 30 : 2) + noise[i]!);

  it("flags idle hours above the base load (a night leak of +3 kWh) and leaves producing hours alone", () => {
    const e = [...energy];
    const leak = [2 * 168 + 24 + 0, 2 * 168 + 24 + 1, 2 * 168 + 24 + 2]; // Tuesday 00:00–03:00 of week 3
    for (const i of leak) e[i] = 5 + noise[i]!;
    e[2 * 168 + 24 + 10] = 45; // a producing hour far above the rest is not an idle leak
    const r = detectIdleLeak(buckets(e, { production, runningMinutes: running, hasProduction: true, from: 2 * 168 }));
    expect(r.flags.map((f) => f.index)).toEqual(leak);
    expect(r.parameters.base_load_kwh).toBeCloseTo(2, 1);
    expect(r.flags[0]!.excessKwh).toBeCloseTo(e[leak[0]!]! - (r.parameters.base_load_kwh as number), 10);
  });

  it("needs production data", () => {
    const r = detectIdleLeak(buckets(energy));
    expect(r.flags).toEqual([]);
    expect(r.parameters.skipped).toBe("no production data");
  });
});

describe("power above rated", () => {
  it("flags a peak 5 % or more above the rated power, with severity by the ratio", () => {
    const maxPowerKw = [50, 100, 104, 106, 130, 160];
    const r = detectOverPower(buckets([1, 1, 1, 1, 1, 1], { maxPowerKw, ratedPowerKw: 100 }), none);
    expect(r.flags.map((f) => [f.index, f.severity])).toEqual([
      [3, "low"],
      [4, "medium"],
      [5, "high"],
    ]);
  });

  it("sets the energy above the limit, max(0, E − limit × covered hours), from the buckets", () => {
    // Limit 100 kW. Bucket 1: 130 kWh in a whole hour → 30 kWh; bucket 2: 60 kWh in half an hour
    // covered → 60 − 100 × 0.5 = 10 kWh; bucket 3: 90 kWh with a 160 kW peak → under the limit, 0.
    const r = detectOverPower(buckets([50, 130, 60, 90], { maxPowerKw: [50, 140, 150, 160], coverage: [1, 1, 0.5, 1], ratedPowerKw: 100 }), none);
    expect(r.flags.map((f) => [f.index, f.excessKwh])).toEqual([
      [1, 30],
      [2, 10],
      [3, 0],
    ]);
  });

  it("with the readings, the energy above the limit is Σ max(0, E − limit × Δt) over them, priced per hour", () => {
    // One hour: 57 one-minute readings at 50 kW (0.8333 kWh each) and 3 at 500 kW (8.3333 kWh each),
    // 72.5 kWh in all, under 75 kW × 1 h: the bucket bound is 0; above 75 kW the three minutes drew
    // 3 × (500 − 75) / 60 = 21.25 kWh.
    const minute = (k: number) => ({ t: T0 + H + k * 60_000, energyKwh: (k >= 20 && k < 23 ? 500 : 50) / 60, intervalS: 60 });
    const readings = Array.from({ length: 60 }, (_, k) => minute(k));
    expect(overPowerExcessKwh(readings, 75)).toBeCloseTo(21.25, 10);
    const b = buckets([50, 72.5, 50], { maxPowerKw: [50, 500, 50], ratedPowerKw: 75 });
    const prices = Array.from({ length: 168 }, (_, h) => (h === 1 ? 0.2 : 0.1));
    const found = analyse(b, { detectors: ["over_power"], sensitivity: 1, key: "m", prices, hasBaseline: false });
    expect(found.map((c) => [c.detector, c.excessKwh])).toEqual([["over_power", 0]]);
    const [c] = withReadingExcess(found, readings, b, prices);
    expect(c!.excessKwh).toBeCloseTo(21.25, 10);
    expect(c!.excessCost).toBeCloseTo(21.25 * 0.2, 10);
    expect(c!.buckets).toEqual([{ t: T0 + H, excessKwh: c!.excessKwh, excessCost: c!.excessCost }]);
  });

  it("without a rated power, uses the 99.9th percentile × 1.25", () => {
    const maxPowerKw = Array.from({ length: 1000 }, (_, i) => 10 + (i % 10) / 10);
    maxPowerKw[900] = 30;
    const r = detectOverPower(buckets(new Array<number>(1000).fill(1), { maxPowerKw }), none);
    expect(r.flags.map((f) => f.index)).toEqual([900]);
  });
});

describe("spikes", () => {
  it("flags a short peak far above its neighbours and its own average, not a level change", () => {
    const n = 48;
    const maxPowerKw = Array.from({ length: n }, (_, i) => (i < 30 ? 20 : 40) + (i % 3) * 0.2);
    const avgPowerKw = maxPowerKw.map((p) => p * 0.95);
    maxPowerKw[10] = 180; // three minutes at 180 kW in an hour averaging 27 kW
    avgPowerKw[10] = 27;
    const r = detectSpikes(buckets(new Array<number>(n).fill(20), { maxPowerKw, avgPowerKw }), none);
    expect(r.flags.map((f) => f.index)).toEqual([10]);
    expect(r.flags[0]!.severity).toBe("high");
  });
});

describe("stuck meters", () => {
  it("flags a run of six or more identical non-zero readings, not a machine reading zero", () => {
    const e = [5.1, 5.3, 4.9, 7, 7, 7, 7, 7, 7, 5.2, 0, 0, 0, 0, 0, 0, 0, 5, 7, 7, 7, 7, 7, 4];
    const r = detectStuck(buckets(e));
    expect(r.flags.map((f) => f.index)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(r.flags[0]!.score).toBe(6);
  });

  it("does not call constant energy stuck when the power moved within the buckets", () => {
    const e = new Array<number>(10).fill(7);
    const r = detectStuck(buckets(e, { minPowerKw: new Array<number>(10).fill(5), maxPowerKw: new Array<number>(10).fill(9) }));
    expect(r.flags).toEqual([]);
  });
});

describe("gaps", () => {
  it("flags buckets covered less than 90 % between covered ones, with severity by length", () => {
    const coverage = [1, 1, 0.5, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0];
    const r = detectGaps(buckets(new Array<number>(coverage.length).fill(1), { coverage }));
    // The trailing silence (12, 13) is a silent meter's, not a gap.
    expect(r.flags.map((f) => [f.index, f.severity])).toEqual([
      [2, "low"],
      [4, "medium"],
      [5, "medium"],
      [6, "medium"],
      [7, "medium"],
      [8, "medium"],
      [9, "medium"],
    ]);
    expect(r.flags[0]!.score).toBeCloseTo(0.5, 10);
  });
});

describe("event evidence", () => {
  it("gives no expected energy for an event whose buckets have none, rather than 0", async () => {
    const { analyse } = await import("@/lib/anomaly/analyse");
    // Over rated power in bucket 2 with no baseline or profile expectation (expected NaN everywhere).
    const b = buckets([5, 5, 25, 5], { maxPowerKw: [20, 20, 175, 20], ratedPowerKw: 30 });
    const [event] = analyse(b, { detectors: ["over_power"], sensitivity: 1, key: "pump", prices: null, hasBaseline: false });
    expect(event!.evidence.actual_kwh).toBe(25);
    expect(event!.evidence.expected_kwh).toBeNull();
    // With an expectation in every flagged bucket the sum is given.
    const withExpected = buckets([5, 5, 25, 5], { maxPowerKw: [20, 20, 175, 20], ratedPowerKw: 30, expected: [4, 4, 6, 4] });
    const [known] = analyse(withExpected, { detectors: ["over_power"], sensitivity: 1, key: "pump", prices: null, hasBaseline: true });
    expect(known!.evidence.expected_kwh).toBe(6);
  });
});

import { describe, expect, it } from "vitest";
import { cusumAlarms, detectCusum, detectResiduals, residualScores } from "@/lib/anomaly/detectors/residual";
import { detectProfile } from "@/lib/anomaly/detectors/profile";
import { averagePath, isolationScores } from "@/lib/anomaly/detectors/isolation-forest";
import { analyse, mergeFlags } from "@/lib/anomaly/analyse";
import { median, robustScale } from "@/lib/anomaly/robust";
import { buckets, normals } from "./synthetic";

// Detectors on synthetic series whose anomalies are known: change points, spikes, leaks.

describe("robust scale", () => {
  it("is the median and 1.4826 × MAD, computed by hand", () => {
    // values 1,2,3,4,100: median 3, deviations 2,1,0,1,97 → MAD 1
    expect(robustScale([1, 2, 3, 4, 100])).toEqual({ center: 3, scale: 1.4826 });
    expect(median([5, Number.NaN, 1, 3])).toBe(3);
    expect(robustScale([2, 2, 2], 0.5).scale).toBe(0.5);
  });
});

describe("baseline residuals", () => {
  const n = 400;
  const expected = Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin(i / 12));
  const noise = normals(n, 1, 1);
  const actual = expected.map((e, i) => e + noise[i]!);

  it("flags exactly the buckets with a known excess, with severities by robust z", () => {
    const a = [...actual];
    a[100] = expected[100]! + 5; // ≈ z 5: low
    a[200] = expected[200]! + 8; // ≈ z 8: medium
    a[300] = expected[300]! + 30; // z ≫ 10: high
    a[350] = expected[350]! - 30; // less than expected: not waste, not flagged
    const r = detectResiduals(buckets(a, { expected }));
    expect(r.flags.map((f) => [f.index, f.severity])).toEqual([
      [100, "low"],
      [200, "medium"],
      [300, "high"],
    ]);
    expect(r.flags[2]!.excessKwh).toBeCloseTo(30, 10);
    const { scale } = residualScores(buckets(a, { expected }));
    expect(scale).toBeGreaterThan(0.85);
    expect(scale).toBeLessThan(1.15);
  });

  it("treats a bucket covered less than 90 % as a gap, never as a residual", () => {
    const a = [...actual];
    const coverage = new Array<number>(n).fill(1);
    a[120] = expected[120]! * 0.5;
    coverage[120] = 0.5;
    a[121] = expected[121]! + 40;
    coverage[121] = 0.8;
    const r = detectResiduals(buckets(a, { expected, coverage }));
    expect(r.flags.map((f) => f.index)).not.toContain(121);
    expect(residualScores(buckets(a, { expected, coverage })).z[121]).toBeNaN();
  });

  it("judges only the detection window but scales on the reference before it", () => {
    const a = [...actual];
    a[50] = expected[50]! + 30;
    a[250] = expected[250]! + 30;
    const r = detectResiduals(buckets(a, { expected, from: 200 }));
    expect(r.flags.map((f) => f.index)).toEqual([250]);
  });

  it("sensitivity divides the thresholds", () => {
    const a = [...actual];
    a[100] = expected[100]! + 3;
    expect(detectResiduals(buckets(a, { expected })).flags.map((f) => f.index)).not.toContain(100);
    expect(detectResiduals(buckets(a, { expected }), 2).flags.map((f) => f.index)).toContain(100);
  });
});

describe("CUSUM", () => {
  it("dates a sustained shift of 1.5 σ at its change point and raises no alarm before it", () => {
    const z = normals(600, 7, 1).map((v, i) => (i >= 400 ? v + 1.5 : v));
    const runs = cusumAlarms(z, 0.5, 8, 3);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.end >= 400)).toBe(true);
    // The first alarm comes within a few dozen buckets (ARL₁ ≈ h / (δ − k) = 8) and dates the change close to 400.
    expect(runs[0]!.end).toBeLessThan(430);
    expect(Math.abs(runs[0]!.start - 400)).toBeLessThanOrEqual(12);
    expect(runs[0]!.meanShift).toBeGreaterThan(0.8);
  });

  it("does not alarm on one outlier alone (each bucket adds at most cap σ)", () => {
    const z = new Array<number>(100).fill(0);
    z[50] = 40;
    expect(cusumAlarms(z, 0.5, 8, 3)).toEqual([]);
  });

  it("keeps alarming while a step persists and stops after it ends", () => {
    const n = 500;
    const expected = new Array<number>(n).fill(20);
    const noise = normals(n, 3, 0.5);
    const actual = expected.map((e, i) => e + noise[i]! + (i >= 300 && i < 340 ? 2 : 0));
    const r = detectCusum(buckets(actual, { expected }));
    const idx = r.flags.map((f) => f.index);
    expect(Math.min(...idx)).toBeGreaterThanOrEqual(296);
    expect(Math.min(...idx)).toBeLessThanOrEqual(304);
    expect(Math.max(...idx)).toBeLessThan(350);
    const events = mergeFlags(r.flags);
    expect(events).toHaveLength(1);
  });
});

describe("hour-of-week profile", () => {
  it("flags a bucket far above its hour of week, not the weekly pattern itself", () => {
    const weeks = 5;
    const n = weeks * 168;
    const noise = normals(n, 11, 0.3);
    const e = Array.from({ length: n }, (_, i) => (i % 24 >= 6 && i % 24 < 22 && i % 168 < 120 ? 40 : 8) + noise[i]!);
    e[4 * 168 + 2] = 20; // Monday 02:00 of the last week: night load of 20 instead of 8
    const r = detectProfile(buckets(e, { from: 4 * 168 }));
    expect(r.flags.map((f) => f.index)).toEqual([4 * 168 + 2]);
    expect(r.flags[0]!.excessKwh).toBeGreaterThan(11);
  });
});

describe("isolation forest", () => {
  it("scores an isolated point higher than the cloud, the same way every time", () => {
    const g = normals(1000, 5);
    const train = Array.from({ length: 500 }, (_, i) => [g[2 * i]!, g[2 * i + 1]!]);
    const probe = [[0, 0], [6, 6]];
    const a = isolationScores(train, probe, { trees: 100, sampleSize: 256, seed: 1 });
    const b = isolationScores(train, probe, { trees: 100, sampleSize: 256, seed: 1 });
    expect(a).toEqual(b);
    expect(a[0]!).toBeLessThan(0.5);
    expect(a[1]!).toBeGreaterThan(0.7);
    // c(256) from the paper: 2 H(255) − 2·255/256 ≈ 10.24
    expect(averagePath(256)).toBeCloseTo(10.24, 1);
  });
});

describe("events from flags", () => {
  it("merges flags at most two buckets apart and sums the excess and its cost", () => {
    const n = 300;
    const expected = new Array<number>(n).fill(10);
    const noise = normals(n, 9, 0.2);
    const actual = expected.map((e, i) => e + noise[i]! + ([200, 201, 204, 210].includes(i) ? 5 : 0));
    const prices = new Array<number>(168).fill(0.2);
    const c = analyse(buckets(actual, { expected }), { detectors: ["baseline_residual"], sensitivity: 1, key: "m", prices, hasBaseline: true });
    expect(c.map((e) => [e.start, e.end].map((t) => (t - Date.UTC(2025, 0, 6)) / 3_600_000))).toEqual([
      [200, 205],
      [210, 211],
    ]);
    const excess = [200, 201, 204].reduce((s, i) => s + actual[i]! - 10, 0);
    expect(c[0]!.excessKwh).toBeCloseTo(excess, 10);
    expect(c[0]!.excessCost).toBeCloseTo(excess * 0.2, 10);
    expect(c[0]!.evidence).toMatchObject({ flagged_buckets: 3, expected_source: "baseline" });
  });
});

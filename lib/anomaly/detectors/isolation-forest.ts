import { mulberry32 } from "@/lib/analytics/random";
import { severityOf, type DetectorResult, type Flag, type MachineBuckets } from "../types";

// Isolation forest (Liu, Ting & Zhou 2008, "Isolation Forest", ICDM; 2012 TKDD): random trees
// that split a random feature at a uniform point between its minimum and maximum; anomalies are
// isolated in fewer splits. Score s(x) = 2^(−E[h(x)] / c(ψ)), c(ψ) the average path length of an
// unsuccessful binary-search-tree lookup among ψ points; s near 1 is anomalous, ≤ 0.5 normal.
// Written here (about 80 lines) rather than taken from npm: the two packages there
// (isolation-forest 0.0.9, ml-isolation-forest 0.1.0) are unmaintained and draw from Math.random,
// and detection must give the same events when run twice, so the trees come from a seeded RNG.

export const FOREST_DEFAULTS = {
  trees: 100,
  /** Subsample size ψ per tree (the paper's default). */
  sampleSize: 256,
  /** Score thresholds low / medium / high; with sensitivity s each becomes 0.5 + (t − 0.5) / s. */
  low: 0.63,
  medium: 0.7,
  high: 0.8,
  minCoverage: 0.9,
  seed: 20080101,
};

/** Average path length of an unsuccessful search among n points (the paper's c(n)). */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

type Node = { feature: number; split: number; left: Node; right: Node } | { size: number };

function grow(rows: number[][], depth: number, limit: number, rnd: () => number): Node {
  if (depth >= limit || rows.length <= 1) return { size: rows.length };
  const dims = rows[0]!.length;
  // Features that still vary among these rows; none left means the rows cannot be told apart.
  const varying: [number, number, number][] = [];
  for (let f = 0; f < dims; f++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) [lo, hi] = [Math.min(lo, r[f]!), Math.max(hi, r[f]!)];
    if (hi > lo) varying.push([f, lo, hi]);
  }
  if (varying.length === 0) return { size: rows.length };
  const [feature, lo, hi] = varying[Math.floor(rnd() * varying.length)]!;
  const split = lo + rnd() * (hi - lo);
  return { feature, split, left: grow(rows.filter((r) => r[feature]! < split), depth + 1, limit, rnd), right: grow(rows.filter((r) => r[feature]! >= split), depth + 1, limit, rnd) };
}

function pathLength(node: Node, x: number[], depth: number): number {
  if ("size" in node) return depth + averagePath(node.size);
  return pathLength(x[node.feature]! < node.split ? node.left : node.right, x, depth + 1);
}

/** Anomaly scores (0…1) of `score` rows under a forest grown on `train` rows. */
export function isolationScores(train: number[][], score: number[][], o: { trees: number; sampleSize: number; seed: number }): number[] {
  if (train.length < 2) return score.map(() => Number.NaN);
  const rnd = mulberry32(o.seed);
  const psi = Math.min(o.sampleSize, train.length);
  const limit = Math.ceil(Math.log2(psi));
  const forest: Node[] = [];
  for (let t = 0; t < o.trees; t++) {
    // Sampling without replacement: a partial Fisher–Yates shuffle of the row indexes.
    const idx = train.map((_, i) => i);
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rnd() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    forest.push(grow(idx.slice(0, psi).map((i) => train[i]!), 0, limit, rnd));
  }
  const c = averagePath(psi);
  return score.map((x) => 2 ** (-forest.reduce((s, tree) => s + pathLength(tree, x, 0), 0) / forest.length / c));
}

/** A stable 32-bit seed per machine, so machines get different but repeatable forests. */
function seedOf(base: number, key: string): number {
  let h = base >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16_777_619) >>> 0;
  return h;
}

/**
 * Energy and its drivers per bucket (energy, its residual against the expected, peak power,
 * production, running minutes, the baseline's drivers, the local hour of day as sine and cosine,
 * weekend): the forest grows on every usable
 * bucket of the analysis window and scores the detection window. Only buckets above their
 * expected energy (where one is known) are flagged: the product reports energy wasted.
 */
export function detectIsolation(b: MachineBuckets, key: string, expectedOf: (i: number) => number, sensitivity = 1, p = FOREST_DEFAULTS): DetectorResult {
  // The residual against the expected energy (baseline, else profile) makes excess use a direction
  // of its own: axis-parallel splits isolate poorly a point that is off a diagonal (energy against temperature).
  const residual = Float64Array.from(b.energy, (e, i) => e - expectedOf(i));
  const columns: ArrayLike<number>[] = [b.energy, residual, b.maxPowerKw];
  if (b.hasProduction) columns.push(b.production, b.runningMinutes);
  for (const values of Object.values(b.drivers)) columns.push(values);
  const hourSin = Float64Array.from(b.hourOfWeek, (h) => Math.sin((2 * Math.PI * (h % 24)) / 24));
  const hourCos = Float64Array.from(b.hourOfWeek, (h) => Math.cos((2 * Math.PI * (h % 24)) / 24));
  const weekend = Float64Array.from(b.hourOfWeek, (h) => (h >= 120 ? 1 : 0));
  columns.push(hourSin, hourCos, weekend);
  const usable: number[] = [];
  for (let i = 0; i < b.times.length; i++) if (b.coverage[i]! >= p.minCoverage && columns.every((c) => Number.isFinite(c[i]!))) usable.push(i);
  const rows = usable.map((i) => columns.map((c) => c[i]!));
  const scored = usable.filter((i) => i >= b.from);
  const scores = isolationScores(rows, scored.map((i) => columns.map((c) => c[i]!)), { ...p, seed: seedOf(p.seed, key) });
  const t = { low: 0.5 + (p.low - 0.5) / sensitivity, medium: 0.5 + (p.medium - 0.5) / sensitivity, high: 0.5 + (p.high - 0.5) / sensitivity };
  const flags: Flag[] = [];
  scored.forEach((i, k) => {
    const expected = expectedOf(i);
    if (Number.isFinite(expected) && b.energy[i]! <= expected) return;
    const severity = severityOf(scores[k]!, t);
    if (severity) flags.push({ index: i, score: scores[k]!, severity, excessKwh: Number.isFinite(expected) ? b.energy[i]! - expected : 0, expectedKwh: expected });
  });
  return { detector: "isolation_forest", flags, parameters: { ...t, trees: p.trees, sample_size: p.sampleSize, features: columns.length } };
}

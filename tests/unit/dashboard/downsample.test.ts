import { describe, expect, it } from "vitest";
import { downsampleLines, sampleScatter } from "@/lib/dashboard/downsample";

const digits = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

describe("downsampleLines (M4 per pixel column)", () => {
  it("keeps each column's first, last, minimum and maximum row (hand-computed)", () => {
    const rows = digits.map((v, t) => ({ t, v }));
    // Two columns over [0, 10): t 0–4 and t 5–9.
    // Column 0: first t0, last t4, min 1 first at t1, max 5 at t4. Column 1: first t5 (also max 9), min 2 at t6, last t9.
    expect(downsampleLines(rows, ["v"], 0, 10, 2).map((r) => r.t)).toEqual([0, 1, 4, 5, 6, 9]);
  });

  it("keeps the first null of a key in a column, so a gap in the line stays a gap", () => {
    const rows = digits.map((v, t) => ({ t, v: t === 7 || t === 8 ? null : v }));
    // Column 1 is now t5 (first, max 9), t6 (min 2), t7 (first null), t9 (last).
    expect(downsampleLines(rows, ["v"], 0, 10, 2).map((r) => r.t)).toEqual([0, 1, 4, 5, 6, 7, 9]);
  });

  it("returns a series no longer than two rows per column unchanged", () => {
    const rows = digits.map((v, t) => ({ t, v }));
    expect(downsampleLines(rows, ["v"], 0, 10, 5)).toBe(rows);
  });

  it("on a year of hourly data keeps every column's extremes of every key and draws far fewer rows", () => {
    const hour = 3_600_000;
    const from = Date.UTC(2024, 0, 1);
    const rows = Array.from({ length: 8760 }, (_, i) => {
      const actual = 100 + 40 * Math.sin((2 * Math.PI * i) / 24) + (i % 997 === 0 ? 500 : 0); // a spike now and then
      const fitted = 100 + 38 * Math.sin((2 * Math.PI * i) / 24 + 0.1);
      return { t: from + i * hour, actual, fitted };
    });
    const to = from + 8760 * hour;
    const columns = 700;
    const out = downsampleLines(rows, ["actual", "fitted"], from, to, columns);
    expect(out.length).toBeLessThanOrEqual(columns * 6);
    expect(out.length).toBeLessThan(rows.length / 2);
    expect(out[0]).toBe(rows[0]);
    expect(out.at(-1)).toBe(rows.at(-1));
    const col = (t: number) => Math.floor(((t - from) / (to - from)) * columns);
    const extremes = (rs: typeof rows) => {
      const m = new Map<number, number[]>();
      for (const r of rs) {
        const e = m.get(col(r.t)) ?? [Infinity, -Infinity, Infinity, -Infinity];
        m.set(col(r.t), [Math.min(e[0]!, r.actual), Math.max(e[1]!, r.actual), Math.min(e[2]!, r.fitted), Math.max(e[3]!, r.fitted)]);
      }
      return m;
    };
    expect(extremes(out)).toEqual(extremes(rows));
    // Every spike survives.
    expect(out.filter((r) => r.actual > 400).length).toBe(rows.filter((r) => r.actual > 400).length);
    // Ascending, no duplicates.
    expect(out.every((r, i) => i === 0 || r.t > out[i - 1]!.t)).toBe(true);
  });
});

describe("sampleScatter", () => {
  it("takes every (n / max)-th row plus each coordinate's extremes (hand-computed)", () => {
    const rows = digits.map((v, i) => ({ i, v }));
    // Stride picks 0, 2, 5, 7 (⌊k·10/4⌋); min 1 first at 1, max 9 at 5.
    expect(sampleScatter(rows, 4, [(r) => r.v]).map((r) => r.i)).toEqual([0, 1, 2, 5, 7]);
  });

  it("returns short input unchanged and is deterministic", () => {
    const rows = digits.map((v, i) => ({ i, v }));
    expect(sampleScatter(rows, 10, [(r) => r.v])).toBe(rows);
    const big = Array.from({ length: 5000 }, (_, i) => ({ x: (i * 7919) % 5000, y: (i * 104729) % 4999 }));
    const a = sampleScatter(big, 800, [(r) => r.x, (r) => r.y, (r) => r.y - r.x]);
    expect(a).toEqual(sampleScatter(big, 800, [(r) => r.x, (r) => r.y, (r) => r.y - r.x]));
    expect(a.length).toBeLessThanOrEqual(806);
    // The largest residual (y − x) is drawn.
    const worst = Math.max(...big.map((r) => r.y - r.x));
    expect(a.some((r) => r.y - r.x === worst)).toBe(true);
  });
});

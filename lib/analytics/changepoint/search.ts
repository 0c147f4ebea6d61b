/**
 * Grid search of balance points (minimum SSE ⇔ maximum R² for a fixed design
 * size): a coarse grid over the whole admissible range, then a fine grid
 * around the coarse optimum. Exhaustive on the coarse grid because SSE as a
 * function of the balance point is not convex (it can have several local minima).
 */
import { RegressionError } from "../regression";
import { sseAt } from "./normal-equations";
import { countAtMost, countBelow, type Prepared } from "./prepare";
import type { ChangePointType } from "./types";

export interface BalancePoints {
  /** Absolute °C, null when the type has no heating side. */
  th: number | null;
  tc: number | null;
  sse: number;
}

export function searchBalancePoints(p: Prepared, type: ChangePointType, step: number, fine: number): BalancePoints {
  if (!(step > 0 && fine > 0 && fine <= step)) {
    throw new RegressionError("invalid_input", `Need 0 < refineStepC ≤ gridStepC, got ${fine} and ${step}.`);
  }
  const c = p.tMean;
  // Each active side must hold enough points to estimate its slope, and the
  // flat side of a 3P model enough to estimate the base load.
  const belowOk = (b: number): boolean => countBelow(p, b - c) >= p.minSide;
  const aboveOk = (b: number): boolean => p.n - countAtMost(p, b - c) >= p.minSide;
  const both = (b: number): boolean => belowOk(b) && aboveOk(b);
  const ctx = { p, step, fine };
  switch (type) {
    case "3p_heating": {
      const r = search1d(ctx, both, (b) => sseAt(p, b - c, null));
      return { th: r.b, tc: null, sse: r.sse };
    }
    case "3p_cooling": {
      const r = search1d(ctx, both, (b) => sseAt(p, null, b - c));
      return { th: null, tc: r.b, sse: r.sse };
    }
    case "4p": {
      const r = search1d(ctx, both, (b) => sseAt(p, b - c, b - c));
      return { th: r.b, tc: r.b, sse: r.sse };
    }
    case "5p":
      return search2d(ctx, belowOk, aboveOk, (th, tc) => sseAt(p, th - c, tc - c));
  }
}

interface Ctx {
  p: Prepared;
  step: number;
  fine: number;
}

function search1d(ctx: Ctx, ok: (b: number) => boolean, sse: (b: number) => number): { b: number; sse: number } {
  const { p, step, fine } = ctx;
  let cands = grid(p.minC, p.maxC, step).filter(ok);
  // A narrow admissible window can fall between coarse grid points.
  if (cands.length === 0) cands = grid(p.minC, p.maxC, fine).filter(ok);
  if (cands.length === 0) throw noRoom(p);
  const coarse = argmin(cands, sse);
  const refined = around(coarse.b, step, fine, p).filter(ok);
  const best = argmin(refined, sse);
  return best.sse < coarse.sse ? best : coarse;
}

function search2d(
  ctx: Ctx,
  belowOk: (b: number) => boolean,
  aboveOk: (b: number) => boolean,
  sse: (th: number, tc: number) => number,
): BalancePoints {
  const { p, step, fine } = ctx;
  const pairs = (ths: number[], tcs: number[], gap: number): [number, number][] => {
    const out: [number, number][] = [];
    const highs = tcs.filter(aboveOk);
    for (const th of ths.filter(belowOk)) for (const tc of highs) if (tc - th >= gap - 1e-9) out.push([th, tc]);
    return out;
  };
  const g = grid(p.minC, p.maxC, step);
  let cands = pairs(g, g, step);
  if (cands.length === 0) {
    const gf = grid(p.minC, p.maxC, fine);
    cands = pairs(gf, gf, fine);
  }
  if (cands.length === 0) throw noRoom(p);
  let best = { th: cands[0]![0], tc: cands[0]![1], sse: Infinity };
  const visit = (list: [number, number][]): void => {
    for (const [th, tc] of list) {
      const s = sse(th, tc);
      if (s < best.sse) best = { th, tc, sse: s };
    }
  };
  visit(cands);
  visit(pairs(around(best.th, step, fine, p), around(best.tc, step, fine, p), fine));
  return best;
}

/** Multiples of step within [lo, hi], rounded so 0.1-steps print as 12.3, not 12.299999999999999. */
function grid(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last; i++) out.push(round(i * step));
  return out;
}

/** Fine grid over [b − step, b + step], clipped to the search bounds. */
function around(b: number, step: number, fine: number, p: Prepared): number[] {
  const r = Math.round(step / fine);
  const out: number[] = [];
  for (let i = -r; i <= r; i++) {
    const v = round(b + i * fine);
    if (v >= p.minC - 1e-9 && v <= p.maxC + 1e-9) out.push(v);
  }
  return out;
}

function argmin(cands: number[], f: (b: number) => number): { b: number; sse: number } {
  let best = { b: cands[0] ?? Number.NaN, sse: Infinity };
  for (const b of cands) {
    const s = f(b);
    if (s < best.sse) best = { b, sse: s };
  }
  return best;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function noRoom(p: Prepared): RegressionError {
  const lo = p.t[0]! + p.tMean;
  const hi = p.t[p.n - 1]! + p.tMean;
  return new RegressionError(
    "invalid_input",
    `No balance point between ${p.minC} °C and ${p.maxC} °C leaves at least ${p.minSide} of ${p.n} points on each side ` +
      `(temperatures span ${lo.toFixed(1)}…${hi.toFixed(1)} °C). Adjust minC/maxC or use data covering more weather.`,
  );
}

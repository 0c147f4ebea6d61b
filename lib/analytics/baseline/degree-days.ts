import { applyQt, pivotedQr } from "@/lib/analytics/regression/qr";

// Base temperatures of the hdd and cdd drivers, searched when the request gives none: the base
// that leaves the least residual sum of squares in the linear model with the other drivers.
// Every candidate column is the degree-days the frame would compute at that base (hourly
// temperatures summed into the bucket), so coarse buckets are searched exactly. The other
// drivers are factored out once (Frisch–Waugh–Lovell): with z = Qᵀy and f = Qᵀc over the rows
// past the fixed design's rank, SSE(c) = ‖z‖² − (fᵀz)²/‖f‖², O(n·p) per candidate.

/** CalTRACK's balance-point range, 30–90 °F. */
const MIN_C = -1;
const MAX_C = 32;
const MIN_SHARE = 0.05;

export interface DegreeDayInput {
  y: number[];
  /** Columns of the other drivers (fixed during the search). */
  fixed: number[][];
  /** Per bucket, the temperatures of the rows it was built from. */
  temperatures: number[][];
  /** Per bucket, the factor its sums were scaled by (missing hours). */
  scales: number[];
  /** Hours per row (1 hourly, 0.25 for 15min rows). */
  hoursPerRow: number;
  /** Bases to search (undefined) or keep (given). */
  hdd?: number | null;
  cdd?: number | null;
}

export function degreeDayColumn(kind: "hdd" | "cdd", base: number, input: Pick<DegreeDayInput, "temperatures" | "scales" | "hoursPerRow">): number[] {
  return input.temperatures.map((ts, i) => {
    let s = 0;
    for (const t of ts) s += kind === "hdd" ? Math.max(0, base - t) : Math.max(0, t - base);
    return (s * input.hoursPerRow * input.scales[i]!) / 24;
  });
}

/** SSE of y on [1, fixed…, candidate] for many candidates, with the fixed part factored once. */
function residualizer(y: number[], fixed: number[][]) {
  const n = y.length;
  const p = 1 + fixed.length;
  const a = new Float64Array(n * p);
  a.fill(1, 0, n);
  fixed.forEach((col, j) => a.set(col, (j + 1) * n));
  const qr = pivotedQr(a, n, p);
  const z = Float64Array.from(y);
  applyQt(qr, z);
  let zz = 0;
  for (let i = p; i < n; i++) zz += z[i]! * z[i]!;
  return (c: number[]): number => {
    const f = Float64Array.from(c);
    applyQt(qr, f);
    let ff = 0;
    let fz = 0;
    for (let i = p; i < n; i++) {
      ff += f[i]! * f[i]!;
      fz += f[i]! * z[i]!;
    }
    // A column the fixed drivers already explain adds nothing (and would make the fit singular).
    return ff <= 1e-12 * (c.reduce((s, v) => s + v * v, 0) || 1) ? Infinity : zz - (fz * fz) / ff;
  };
}

function best(kind: "hdd" | "cdd", input: DegreeDayInput, fixed: number[][], allowed: (b: number) => boolean): number | null {
  const sse = residualizer(input.y, fixed);
  const n = input.y.length;
  const score = (b: number) => {
    if (!allowed(b)) return Infinity;
    const col = degreeDayColumn(kind, b, input);
    const active = col.filter((v) => v > 0).length;
    return active < Math.max(3, MIN_SHARE * n) || active > n - Math.max(3, MIN_SHARE * n) ? Infinity : sse(col);
  };
  let bestB: number | null = null;
  let bestS = Infinity;
  const consider = (b: number) => {
    const s = score(b);
    if (s < bestS) [bestB, bestS] = [b, s];
  };
  for (let b = MIN_C; b <= MAX_C; b += 1) consider(b);
  if (bestB === null) return null;
  const coarse: number = bestB;
  for (let d = -9; d <= 9; d++) if (d !== 0) consider(Math.round((coarse + d / 10) * 10) / 10);
  return bestB;
}

/**
 * The bases of the searched degree-day drivers (hdd and cdd alternately when both are searched,
 * the heating base kept at or below the cooling base). null: no base leaves enough buckets on
 * both sides, the default stays.
 */
export function searchDegreeDayBases(input: DegreeDayInput, defaults: { hdd: number; cdd: number }): { hdd: number | null; cdd: number | null } {
  const searchHdd = input.hdd === undefined;
  const searchCdd = input.cdd === undefined;
  let hdd = input.hdd ?? null;
  let cdd = input.cdd ?? null;
  const column = (kind: "hdd" | "cdd", b: number | null) => (b === null ? [] : [degreeDayColumn(kind, b, input)]);
  for (let round = 0; round < 3; round++) {
    const before = [hdd, cdd];
    if (searchHdd) {
      const other = searchCdd && cdd === null && round === 0 ? defaults.cdd : cdd;
      hdd = best("hdd", input, [...input.fixed, ...column("cdd", other)], (b) => other === null || b <= other) ?? hdd;
    }
    if (searchCdd) cdd = best("cdd", input, [...input.fixed, ...column("hdd", hdd)], (b) => hdd === null || b >= hdd) ?? cdd;
    if (!(searchHdd && searchCdd) || (before[0] === hdd && before[1] === cdd)) break;
  }
  return { hdd, cdd };
}

export interface DegreeDayBases {
  hdd_base_c: number | null;
  cdd_base_c: number | null;
  /** Which bases were searched (the others were given or are unused). */
  searched: ("hdd" | "cdd")[];
}

/**
 * For a frame built with keepTemperatures: searches the bases of the hdd/cdd drivers the request
 * gave none for, and rewrites those frame columns at the bases found. Bases of drivers the model
 * does not use are null.
 */
export function fitDegreeDayBases(
  frame: { y: number[]; X: Record<string, number[]>; temperatures?: number[][]; scales?: number[]; hoursPerRow: number },
  drivers: string[],
  given: { hdd?: number; cdd?: number },
  defaults: { hdd: number; cdd: number },
): DegreeDayBases {
  const uses = { hdd: drivers.includes("hdd"), cdd: drivers.includes("cdd") };
  const searched = (["hdd", "cdd"] as const).filter((k) => uses[k] && given[k] === undefined);
  const bases = { hdd: uses.hdd ? (given.hdd ?? defaults.hdd) : null, cdd: uses.cdd ? (given.cdd ?? defaults.cdd) : null };
  if (searched.length > 0 && frame.temperatures && frame.scales && frame.y.length > 0) {
    const input = { y: frame.y, temperatures: frame.temperatures, scales: frame.scales, hoursPerRow: frame.hoursPerRow };
    const found = searchDegreeDayBases(
      {
        ...input,
        fixed: drivers.filter((d) => d !== "hdd" && d !== "cdd").map((d) => frame.X[d]!),
        hdd: !uses.hdd ? null : searched.includes("hdd") ? undefined : bases.hdd,
        cdd: !uses.cdd ? null : searched.includes("cdd") ? undefined : bases.cdd,
      },
      defaults,
    );
    for (const k of searched) {
      bases[k] = found[k] ?? bases[k];
      frame.X[k] = degreeDayColumn(k, bases[k]!, input);
    }
  }
  return { hdd_base_c: bases.hdd, cdd_base_c: bases.cdd, searched };
}

// What a chart draws of a long series. A year of hourly buckets is 8,760 points; a chart 700 px
// wide cannot show more than a few per pixel column, and drawing every one as an SVG node made the
// baseline studio take seconds per re-render (bench/ui.ts `studioToggles`). The CSV downloads keep
// every bucket: only what is drawn is reduced.

/** Numeric value of a row's field, or null when it is missing or not finite. */
function value(row: object, key: PropertyKey): number | null {
  const v = (row as Record<PropertyKey, unknown>)[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * The rows a line chart `columns` pixels wide needs to look exactly as with every row (M4:
 * Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014): per pixel
 * column of [from, to), the first and last row and, for each of `keys`, the rows holding its
 * minimum and maximum; and the first row where a key is null (so a gap stays a gap). Rows keep
 * their order; rows outside [from, to) fall into the edge columns. At most (2 + 3·keys) rows per
 * column; a series already that short comes back as it is (the same array).
 *
 * @param rows     ascending in `t` (epoch ms)
 * @param keys     the numeric fields drawn as lines
 * @param columns  plot width in pixels (≥ 1)
 */
export function downsampleLines<T extends { t: number }>(rows: T[], keys: readonly (keyof T)[], from: number, to: number, columns: number): T[] {
  const cols = Math.max(1, Math.floor(columns));
  if (rows.length <= 2 * cols || !(to > from)) return rows;
  const keep = new Uint8Array(rows.length);
  const span = to - from;
  let col = -1;
  let first = 0;
  // Per key: index of min, max and first null in the current column.
  const lo = new Int32Array(keys.length);
  const hi = new Int32Array(keys.length);
  const gap = new Int32Array(keys.length);
  const flush = (last: number) => {
    keep[first] = 1;
    keep[last] = 1;
    for (let k = 0; k < keys.length; k++) {
      if (lo[k]! >= 0) keep[lo[k]!] = 1;
      if (hi[k]! >= 0) keep[hi[k]!] = 1;
      if (gap[k]! >= 0) keep[gap[k]!] = 1;
    }
  };
  for (let i = 0; i < rows.length; i++) {
    const c = Math.min(cols - 1, Math.max(0, Math.floor(((rows[i]!.t - from) / span) * cols)));
    if (c !== col) {
      if (col >= 0) flush(i - 1);
      col = c;
      first = i;
      lo.fill(-1);
      hi.fill(-1);
      gap.fill(-1);
    }
    for (let k = 0; k < keys.length; k++) {
      const v = value(rows[i]!, keys[k]!);
      if (v === null) {
        if (gap[k]! < 0) gap[k] = i;
      } else {
        if (lo[k]! < 0 || v < value(rows[lo[k]!]!, keys[k]!)!) lo[k] = i;
        if (hi[k]! < 0 || v > value(rows[hi[k]!]!, keys[k]!)!) hi[k] = i;
      }
    }
  }
  flush(rows.length - 1);
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) if (keep[i]) out.push(rows[i]!);
  return out;
}

/**
 * A deterministic sample of at most about `max` points for a scatter chart: every (n / max)-th
 * row, plus the rows holding the minimum and maximum of each of `coords` (so the axes' extent and
 * the most extreme points, such as the largest residuals, are always drawn). Rows keep their
 * order; fewer than `max` rows come back as they are (the same array). Returns at most
 * max + 2·coords.length rows.
 */
export function sampleScatter<T>(rows: T[], max: number, coords: readonly ((row: T) => number)[]): T[] {
  const m = Math.max(1, Math.floor(max));
  if (rows.length <= m) return rows;
  const keep = new Uint8Array(rows.length);
  for (let i = 0; i < m; i++) keep[Math.floor((i * rows.length) / m)] = 1;
  for (const f of coords) {
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < rows.length; i++) {
      const v = f(rows[i]!);
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < f(rows[lo]!)) lo = i;
      if (hi < 0 || v > f(rows[hi]!)) hi = i;
    }
    if (lo >= 0) keep[lo] = 1;
    if (hi >= 0) keep[hi] = 1;
  }
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) if (keep[i]) out.push(rows[i]!);
  return out;
}

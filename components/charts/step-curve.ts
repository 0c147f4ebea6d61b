import type { CurveType } from "recharts";

type CurveFactory = Extract<CurveType, (...args: never[]) => unknown>;
type Context = Parameters<CurveFactory>[0];

/**
 * Recharts' `stepAfter`, with the last bucket of each run drawn as wide as the bucket before it.
 * A series' points sit at their buckets' starts, so plain `stepAfter` holds each value until the
 * next point and gives the last bucket no width at all: a two-day range at daily buckets showed
 * one day. For an `<Area>` (d3 draws its top edge forwards, then its base backwards) and a `<Line>`.
 */
export const stepAfterClosed: CurveFactory = (context: Context) => {
  const c = context as unknown as { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; closePath(): void };
  // d3's Step curve state: _line is 0 on an area's top edge, 1 on its base, NaN for a line.
  let line = Number.NaN;
  let n = 0;
  let x = Number.NaN;
  let y = Number.NaN;
  let gap = Number.NaN;
  let end = Number.NaN;
  const base = () => line === 1;
  return {
    areaStart() {
      line = 0;
    },
    areaEnd() {
      line = Number.NaN;
    },
    lineStart() {
      x = y = Number.NaN;
      n = 0;
      if (!base()) end = Number.NaN;
    },
    lineEnd() {
      if (!base() && n > 0 && Number.isFinite(gap)) {
        end = x + gap;
        c.lineTo(end, y);
      }
      if (line === 1 || (line !== 0 && n === 1)) c.closePath();
      if (line >= 0) line = 1 - line;
    },
    point(px: number, py: number) {
      px = +px;
      py = +py;
      if (n === 0) {
        n = 1;
        if (base() && Number.isFinite(end)) {
          c.lineTo(end, py);
          c.lineTo(px, py);
        } else if (line === 1) c.lineTo(px, py);
        else c.moveTo(px, py);
      } else {
        n += 1;
        if (base()) {
          // the base runs backwards: d3's stepBefore mirrors stepAfter
          c.lineTo(x, py);
          c.lineTo(px, py);
        } else {
          gap = px - x;
          c.lineTo(px, y);
          c.lineTo(px, py);
        }
      }
      x = px;
      y = py;
    },
  };
};

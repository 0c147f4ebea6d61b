import { formatTick, plantTicks } from "@/lib/time/plant-time";

/** X-axis props for epoch-millisecond data: ticks on plant-local midnights or hours, labels in plant time. */
export function plantTimeAxis(from: number, to: number, timeZone: string, maxTicks = 8) {
  const ticks = plantTicks(from, to, timeZone, maxTicks);
  return {
    dataKey: "t",
    type: "number" as const,
    scale: "time" as const,
    domain: [from, to] as [number, number],
    ticks: ticks.values,
    tickFormatter: (v: number) => formatTick(v, ticks.unit, timeZone),
    allowDataOverflow: true,
    fontSize: 11,
  };
}

/**
 * X-axis props for bars, one per bucket, drawn on a time axis. Recharts centres a bar on its
 * value (the bucket's start), so on [from, to] the first bar was cut in half at the left edge and
 * half a bucket stood empty at the right: the domain is moved back by half a bucket (the shortest
 * step between the buckets; with one bucket, `bucketMs` or the period), each tick then sits under
 * its bucket's bar. It also reaches a bucket that starts in the period and ends after it (the
 * week that starts on the period's last Monday). `half` is that shift, for areas drawn over bars
 * (the partial bucket's shading).
 */
export function barTimeAxis(from: number, to: number, starts: number[], timeZone: string, maxTicks = 8, bucketMs?: number) {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < starts.length; i++) {
    const d = starts[i]! - starts[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  if (!Number.isFinite(step)) step = bucketMs ?? to - from;
  const half = step / 2;
  const lo = Math.min(from, starts[0] ?? from);
  const hi = Math.max(to, (starts.at(-1) ?? to) + step);
  const axis = plantTimeAxis(lo, hi, timeZone, maxTicks);
  // A tick names the bucket whose bar stands on it: with fewer buckets than ticks (a week's bar
  // under day ticks), each bucket's start is the tick.
  const ticks = starts.length > 0 && starts.length < axis.ticks.length ? starts : axis.ticks.filter((t) => t <= hi - half);
  return { half, axis: { ...axis, domain: [lo - half, hi - half] as [number, number], ticks } };
}

export const num = (v: unknown, digits = 1) => (typeof v === "number" && Number.isFinite(v) ? v.toLocaleString("en-GB", { maximumFractionDigits: digits }) : "—");

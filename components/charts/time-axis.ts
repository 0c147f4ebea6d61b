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
 * step between the buckets), each tick then sits under its bucket's bar. `half` is that shift, for
 * areas drawn over bars (the partial bucket's shading).
 */
export function barTimeAxis(from: number, to: number, starts: number[], timeZone: string, maxTicks = 8) {
  let step = to - from;
  for (let i = 1; i < starts.length; i++) {
    const d = starts[i]! - starts[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  const half = step / 2;
  const axis = plantTimeAxis(from, to, timeZone, maxTicks);
  return { half, axis: { ...axis, domain: [from - half, to - half] as [number, number], ticks: axis.ticks.filter((t) => t <= to - half) } };
}

export const num = (v: unknown, digits = 1) => (typeof v === "number" && Number.isFinite(v) ? v.toLocaleString("en-GB", { maximumFractionDigits: digits }) : "—");

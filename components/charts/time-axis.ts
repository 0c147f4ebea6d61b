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

export const num = (v: unknown, digits = 1) => (typeof v === "number" && Number.isFinite(v) ? v.toLocaleString("en-GB", { maximumFractionDigits: digits }) : "—");

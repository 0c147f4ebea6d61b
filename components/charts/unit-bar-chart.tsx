"use client";

import { axisTick } from "@/lib/dashboard/format";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PARTIAL_NOTE, partialBucketStart } from "@/lib/dashboard/partial";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { barTimeAxis, num } from "./time-axis";
import { chartA11y } from "./a11y";

/** Energy per bucket (kWh) of several units side by side (grouped bars), plant-local ticks; the bucket still filling shaded and named in its tooltip. */
export function UnitBarChart({ data, series, from, to, timeZone, label, unit = "kWh", height = 260, bucketMs }: { data: ({ t: number } & Record<string, number | null>)[]; series: { key: string; name: string; colour: string }[]; from: number; to: number; timeZone: string; label: string; unit?: string; height?: number; /** nominal bucket length, for a chart of one bucket */ bucketMs?: number }) {
  const partial = partialBucketStart(data.map((r) => r.t), to, Date.now());
  const bar = barTimeAxis(from, to, data.map((r) => r.t), timeZone, 7, bucketMs);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart {...chartA11y(label, true)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis {...bar.axis} />
        <YAxis width={64} fontSize={11} tickFormatter={axisTick} label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={(t) => (typeof t === "number" ? `${formatPlantDateTime(t, timeZone)} (${timeZone})${t === partial ? ` — ${PARTIAL_NOTE}` : ""}` : "")} formatter={(v, name) => [`${num(v, 1)} ${unit}`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.colour} isAnimationActive={false} />
        ))}
        {partial !== null ? <ReferenceArea x1={partial - bar.half} x2={bar.axis.domain[1]} fill="#64748b" fillOpacity={0.12} stroke="#64748b" strokeDasharray="3 3" label={{ value: "partial", position: "insideTopRight", fontSize: 11 }} /> : null}
      </BarChart>
    </ResponsiveContainer>
  );
}

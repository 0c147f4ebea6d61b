"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";
import { chartA11y } from "./a11y";
import { stepAfterClosed } from "./step-curve";

export interface ForecastRow {
  /** Start of the hour, epoch ms. */
  t: number;
  expected: number;
  band80: [number, number];
  band95: [number, number];
}

const label = (v: unknown) => (Array.isArray(v) ? `${num(v[0], 2)} – ${num(v[1], 2)} kWh` : `${num(v, 2)} kWh`);

/** Expected energy per hour (kWh) with its 80 % and 95 % prediction intervals as bands; ticks in plant time. */
export function ForecastChart({ data, timeZone, label: name, height = 280 }: { data: ForecastRow[]; timeZone: string; label: string; height?: number }) {
  const from = data[0]?.t ?? 0;
  const to = (data.at(-1)?.t ?? 0) + 3_600_000;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart {...chartA11y(name, true)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone)} />
        <YAxis width={56} fontSize={11} label={{ value: "kWh per hour", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={(t) => (typeof t === "number" ? formatPlantDateTime(t, timeZone) : "")} formatter={(v, name) => [label(v), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Area type={stepAfterClosed} dataKey="band95" name="95 % interval" stroke="none" fill={palette.sky} fillOpacity={0.25} isAnimationActive={false} />
        <Area type={stepAfterClosed} dataKey="band80" name="80 % interval" stroke="none" fill={palette.blue} fillOpacity={0.3} isAnimationActive={false} />
        <Line type={stepAfterClosed} dataKey="expected" name="Expected" stroke={palette.blue} dot={false} strokeWidth={1.8} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

"use client";

import { axisTick } from "@/lib/dashboard/format";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { num } from "./time-axis";
import { chartA11y } from "./a11y";

/** Mean kWh per plant-local hour of day, one line per column; pure. */
export function ProfileChart({ data, series, timeZone, label, height = 280 }: { data: ({ hour: number } & Record<string, number | null>)[]; series: { key: string; name: string; colour: string; dash?: string }[]; timeZone: string; label: string; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart {...chartA11y(label, true)} data={data} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="hour" type="number" domain={[0, 23]} ticks={[0, 3, 6, 9, 12, 15, 18, 21]} fontSize={11} tickFormatter={(h: number) => `${String(h).padStart(2, "0")}:00`} label={{ value: `hour of day (${timeZone})`, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis width={56} fontSize={11} tickFormatter={axisTick} label={{ value: "kWh per hour", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={(h) => `${String(Number(h)).padStart(2, "0")}:00–${String((Number(h) + 1) % 24).padStart(2, "0")}:00 (${timeZone})`} formatter={(v, name) => [`${num(v, 2)} kWh`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} verticalAlign="top" />
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.colour} strokeDasharray={s.dash} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

"use client";

import { axisTick } from "@/lib/dashboard/format";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import { num } from "./time-axis";
import { chartA11y } from "./a11y";

/** Actual against expected energy (kWh) per machine, as grouped bars; pure. */
export function ActualExpectedChart({ data, label, height = 240 }: { data: { name: string; actual: number; expected: number }[]; label: string; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart {...chartA11y(label)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="name" fontSize={10} interval={0} />
        <YAxis width={64} fontSize={11} tickFormatter={axisTick} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " formatter={(v, name) => [`${num(v, 1)} kWh`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="actual" name="Actual" fill={palette.blue} isAnimationActive={false} />
        <Bar dataKey="expected" name="Expected (baseline)" fill={palette.orange} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

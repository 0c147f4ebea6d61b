"use client";

import { axisTick } from "@/lib/dashboard/format";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import type { ParetoRow } from "@/lib/dashboard/pareto";
import { num } from "./time-axis";
import { chartA11y } from "./a11y";

/** Energy by machine, largest first (bars, kWh) with the cumulative share of the total (line, %); pure. */
export function ParetoChart({ rows, label, height = 300 }: { rows: ParetoRow[]; label: string; height?: number }) {
  const data = rows.map((r) => ({ name: r.name, kwh: r.value, cumulative: 100 * r.cumulative }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart {...chartA11y(label)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="name" fontSize={10} interval={0} angle={-35} textAnchor="end" height={80} />
        <YAxis yAxisId="kwh" width={64} fontSize={11} tickFormatter={axisTick} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <YAxis yAxisId="pct" orientation="right" width={44} fontSize={11} domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} label={{ value: "cumulative %", angle: 90, position: "insideRight", fontSize: 11 }} />
        <Tooltip separator=": " formatter={(v, name) => [name === "Cumulative share" ? `${num(v, 1)} %` : `${num(v, 1)} kWh`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine yAxisId="pct" y={80} stroke={palette.grey} strokeDasharray="4 4" label={{ value: "80 %", position: "insideTopRight", fontSize: 10 }} />
        <Bar yAxisId="kwh" dataKey="kwh" name="Energy" fill={palette.blue} isAnimationActive={false} />
        <Line yAxisId="pct" dataKey="cumulative" name="Cumulative share" stroke={palette.vermillion} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

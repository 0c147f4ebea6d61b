"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";

export interface StackSeries {
  key: string;
  name: string;
  colour: string;
}

/** Energy per bucket stacked by machine (kWh), ticks on plant-local midnights or hours; pure. */
export function StackedEnergyChart({ data, series, from, to, timeZone, height = 300 }: { data: ({ t: number } & Record<string, number | null>)[]; series: StackSeries[]; from: number; to: number; timeZone: string; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 7)} />
        <YAxis width={64} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip labelFormatter={(t) => (typeof t === "number" ? `${formatPlantDateTime(t, timeZone)} (${timeZone})` : "")} formatter={(v, name) => [`${num(v, 1)} kWh`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId="energy" fill={s.colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

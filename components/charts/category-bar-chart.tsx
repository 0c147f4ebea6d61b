"use client";

import { axisTick } from "@/lib/dashboard/format";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { num } from "./time-axis";
import { chartA11y } from "./a11y";

/** One bar per category (machine or period) in its own colour, with the unit on the axis; pure. */
export function CategoryBarChart({ data, unit, label, digits = 1, height = 220 }: { data: { name: string; value: number | null; colour: string }[]; unit: string; label: string; digits?: number; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart {...chartA11y(label)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="name" fontSize={10} interval={0} />
        <YAxis width={64} fontSize={11} tickFormatter={axisTick} label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " formatter={(v) => [`${num(v, digits)} ${unit}`]} />
        <Bar dataKey="value" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.colour} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

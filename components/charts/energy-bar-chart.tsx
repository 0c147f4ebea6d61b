"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface EnergyPoint {
  time: string;
  total_energy_kwh: number | null;
}

const hourLabel = (iso: string) => new Date(iso).toLocaleString("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit" });

/** Energy per bucket as bars; pure, takes its data as a prop. */
export function EnergyBarChart({ data, height = 160 }: { data: EnergyPoint[]; height?: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="time" tickFormatter={(t: string) => new Date(t).toLocaleDateString("en-GB", { weekday: "short" })} minTickGap={40} fontSize={11} />
        <YAxis width={48} fontSize={11} />
        <Tooltip labelFormatter={(t) => hourLabel(typeof t === "string" ? t : "")} formatter={(v) => [`${Number(v).toFixed(1)} kWh`, "Energy"]} />
        <Bar dataKey="total_energy_kwh" fill="#0f766e" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

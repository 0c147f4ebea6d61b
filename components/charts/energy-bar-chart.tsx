"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";

export interface EnergyPoint {
  time: string;
  total_energy_kwh: number | null;
}

const HOUR = 3_600_000;

/** Hourly energy as bars, ticks on the plant's midnights; pure, takes its data as a prop. */
export function EnergyBarChart({ data, timeZone, height = 160 }: { data: EnergyPoint[]; timeZone: string; height?: number }) {
  const rows = data.map((p) => ({ t: Date.parse(p.time), total_energy_kwh: p.total_energy_kwh }));
  const from = rows[0]?.t ?? 0;
  const to = (rows.at(-1)?.t ?? from) + HOUR;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 4)} />
        <YAxis width={48} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip labelFormatter={(t) => (typeof t === "number" ? formatPlantDateTime(t, timeZone) : "")} formatter={(v) => [`${num(v, 1)} kWh`, "Energy"]} />
        <Bar dataKey="total_energy_kwh" fill={palette.blue} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

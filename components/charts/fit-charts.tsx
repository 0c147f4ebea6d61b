"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";

export interface FitPoint {
  t: number;
  actual: number;
  fitted: number;
  residual: number;
}

interface Props {
  data: FitPoint[];
  from: number;
  to: number;
  timeZone: string;
  /** "kWh per hour" and the like */
  unit: string;
}

const label = (timeZone: string) => (t: unknown) => (typeof t === "number" ? formatPlantDateTime(t, timeZone) : "");

/** Actual and predicted energy over time. */
export function ActualPredictedChart({ data, from, to, timeZone, unit }: Props) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
        <YAxis width={56} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip labelFormatter={label(timeZone)} formatter={(v, name) => [`${num(v, 2)} ${unit}`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line dataKey="actual" name="Actual" stroke={palette.blue} dot={false} isAnimationActive={false} />
        <Line dataKey="fitted" name="Predicted" stroke={palette.orange} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Actual against predicted with the 1:1 line: points on it are predicted exactly. */
export function PredictedActualScatter({ data, unit }: Pick<Props, "data" | "unit">) {
  const values = data.flatMap((d) => [d.actual, d.fitted]);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ScatterChart margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="fitted" name="Predicted" domain={[lo, hi]} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "predicted (kWh)", position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis type="number" dataKey="actual" name="Actual" domain={[lo, hi]} width={56} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "actual (kWh)", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip formatter={(v, name) => [`${num(v, 2)} ${unit}`, name]} />
        <ReferenceLine segment={[{ x: lo, y: lo }, { x: hi, y: hi }]} stroke={palette.grey} strokeDasharray="4 4" label={{ value: "1:1", position: "insideTopLeft", fontSize: 11 }} ifOverflow="extendDomain" />
        <Scatter data={data} fill={palette.blue} fillOpacity={0.5} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}

/** Residuals (actual − predicted) over time around zero. */
export function ResidualChart({ data, from, to, timeZone, unit }: Props) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
        <YAxis width={56} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip labelFormatter={label(timeZone)} formatter={(v) => [`${num(v, 2)} ${unit}`, "Residual"]} />
        <ReferenceLine y={0} stroke={palette.grey} />
        <Line dataKey="residual" name="Residual" stroke={palette.vermillion} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

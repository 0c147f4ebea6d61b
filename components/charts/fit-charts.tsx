"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { histogram } from "@/lib/dashboard/histogram";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";

export interface FitPoint {
  t: number;
  actual: number;
  fitted: number;
  residual: number;
  /** Driver values of the bucket (per day from daily up). */
  drivers?: Record<string, number>;
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

/** How residuals are spread: a histogram with zero marked (a fair model centres on it). */
export function ResidualHistogram({ data, unit }: Pick<Props, "data" | "unit">) {
  const bins = histogram(data.map((d) => d.residual)).map((b) => ({ ...b, mid: (b.from + b.to) / 2 }));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={bins} margin={{ top: 8, right: 8, bottom: 16, left: 0 }} barCategoryGap={1}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="mid" type="number" domain={["dataMin", "dataMax"]} fontSize={11} tickFormatter={(v: number) => num(v, 1)} label={{ value: `residual (${unit})`, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis width={56} fontSize={11} allowDecimals={false} label={{ value: "buckets", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip labelFormatter={(_, p) => { const b = p?.[0]?.payload as { from: number; to: number } | undefined; return b ? `${num(b.from, 2)} to ${num(b.to, 2)} ${unit}` : ""; }} formatter={(v) => [String(v), "buckets"]} />
        <ReferenceLine x={0} stroke={palette.grey} />
        <Bar dataKey="count" name="Buckets" fill={palette.vermillion} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/**
 * Energy against one driver: the actual buckets, and the model's predictions at the same points
 * (for a one-driver or change-point model they trace its line).
 */
export function DriverScatter({ data, driver, driverUnit, unit }: Pick<Props, "data" | "unit"> & { driver: string; driverUnit: string }) {
  const points = data.filter((d) => d.drivers?.[driver] !== undefined).map((d) => ({ x: d.drivers![driver]!, actual: d.actual, fitted: d.fitted }));
  const line = [...points].sort((a, b) => a.x - b.x);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ScatterChart margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="x" name={driver} domain={["auto", "auto"]} fontSize={11} tickFormatter={(v: number) => num(v, 1)} label={{ value: `${driver} (${driverUnit})`, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis type="number" dataKey="y" width={56} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip formatter={(v, name) => [name === driver ? `${num(v, 2)} ${driverUnit}` : `${num(v, 2)} ${unit}`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Scatter name="Actual" data={points.map((p) => ({ x: p.x, y: p.actual }))} fill={palette.blue} fillOpacity={0.45} isAnimationActive={false} />
        <Scatter name="Predicted" data={line.map((p) => ({ x: p.x, y: p.fitted }))} fill={palette.orange} fillOpacity={0.8} shape="diamond" isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}

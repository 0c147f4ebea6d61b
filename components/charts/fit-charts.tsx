"use client";

import { memo, useCallback, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, useXAxisScale, useYAxisScale } from "recharts";
import { downsampleLines, sampleScatter } from "@/lib/dashboard/downsample";
import { histogram } from "@/lib/dashboard/histogram";
import { PARTIAL_NOTE } from "@/lib/dashboard/partial";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";
import { chartA11y } from "./a11y";

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
  /** The bucket still filling (lib/dashboard/partial.ts `partialBucket`): shaded, and named in the tooltip. */
  partial?: { start: number; end: number } | null;
  /** The chart's accessible name (its figure caption). */
  label: string;
}

/** Points per scatter series drawn as recharts symbols (with tooltips); the rest join the dot cloud. */
export const SCATTER_SYMBOLS = 12;
// Left axis (56) and right margin (8): the rest of the container's width is the plot.
const PLOT_INSET = 64;

/**
 * Plot width in pixels for downsampling, from ResponsiveContainer's resize callback; rounded up
 * to 100 px so a small resize does not redo the work (800 until the first measurement).
 */
function usePlotColumns(): [number, (width: number) => void] {
  const [columns, setColumns] = useState(800);
  const onResize = useCallback((width: number) => setColumns(Math.max(100, Math.ceil((width - PLOT_INSET) / 100) * 100)), []);
  return [columns, onResize];
}

/**
 * Every point of a scatter series as dots in a few SVG paths (zero-length, round-capped segments),
 * placed with the chart's own scales (recharts 3.8 hooks). Drawn as recharts symbols, a year of
 * hourly buckets was thousands of components per chart and made every refit take seconds; this is
 * four DOM nodes. The points are dealt round-robin into the paths so dense areas still darken.
 */
function DotCloud({ points, color, opacity, size = 4 }: { points: { x: number; y: number }[]; color: string; opacity: number; size?: number }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const paths = useMemo(() => {
    if (!xScale || !yScale) return [];
    const d = ["", "", "", ""];
    points.forEach((p, i) => {
      const x = xScale(p.x);
      const y = yScale(p.y);
      if (typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y)) d[i % 4] += `M${x.toFixed(1)} ${y.toFixed(1)}h0`;
    });
    return d.filter(Boolean);
  }, [points, xScale, yScale]);
  return (
    <g className="dot-cloud" data-points={points.length} pointerEvents="none">
      {paths.map((d, i) => (
        <path key={i} d={d} stroke={color} strokeOpacity={opacity} strokeWidth={size} strokeLinecap="round" fill="none" />
      ))}
    </g>
  );
}

const label = (timeZone: string, partial: { start: number } | null | undefined) => (t: unknown) => (typeof t === "number" ? `${formatPlantDateTime(t, timeZone)}${t === partial?.start ? ` — ${PARTIAL_NOTE}` : ""}` : "");

const partialArea = (partial: { start: number; end: number } | null | undefined) =>
  partial ? <ReferenceArea x1={partial.start} x2={partial.end} fill="#64748b" fillOpacity={0.12} stroke="#64748b" strokeDasharray="3 3" ifOverflow="hidden" label={{ value: "partial", position: "insideTopRight", fontSize: 11 }} /> : null;

/**
 * Actual and predicted energy over time. Draws the M4 reduction of the data to the plot's pixel
 * columns (the same picture; a year of hourly buckets is otherwise 8,760 points per line).
 */
export const ActualPredictedChart = memo(function ActualPredictedChart({ data, from, to, timeZone, unit, partial, label: chartName }: Props) {
  const [columns, onResize] = usePlotColumns();
  const drawn = useMemo(() => downsampleLines(data, ["actual", "fitted"], from, to, columns), [data, from, to, columns]);
  return (
    <ResponsiveContainer width="100%" height={260} onResize={onResize}>
      <LineChart {...chartA11y(chartName, true)} data={drawn} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
        <YAxis width={56} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={label(timeZone, partial)} formatter={(v, name) => [`${num(v, 2)} ${unit}`, name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {partialArea(partial)}
        <Line dataKey="actual" name="Actual" stroke={palette.blue} dot={false} isAnimationActive={false} />
        <Line dataKey="fitted" name="Predicted" stroke={palette.orange} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/**
 * Actual against predicted with the 1:1 line: points on it are predicted exactly. Every bucket is
 * drawn (DotCloud); a few (an even sample plus the extremes of actual, predicted and residual: the
 * worst-predicted buckets) are also recharts symbols, which set the axes and carry tooltips.
 */
export const PredictedActualScatter = memo(function PredictedActualScatter({ data, unit, label: chartName }: Pick<Props, "data" | "unit" | "label">) {
  const { drawn, cloud, lo, hi } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of data) {
      lo = Math.min(lo, d.actual, d.fitted);
      hi = Math.max(hi, d.actual, d.fitted);
    }
    const drawn = sampleScatter(data, SCATTER_SYMBOLS, [(d) => d.actual, (d) => d.fitted, (d) => d.residual]);
    const cloud = data.map((d) => ({ x: d.fitted, y: d.actual }));
    return data.length ? { drawn, cloud, lo, hi } : { drawn, cloud, lo: 0, hi: 1 };
  }, [data]);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ScatterChart {...chartA11y(chartName)} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="fitted" name="Predicted" domain={[lo, hi]} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "predicted (kWh)", position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis type="number" dataKey="actual" name="Actual" domain={[lo, hi]} width={56} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "actual (kWh)", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " formatter={(v, name) => [`${num(v, 2)} ${unit}`, name]} />
        <ReferenceLine segment={[{ x: lo, y: lo }, { x: hi, y: hi }]} stroke={palette.grey} strokeDasharray="4 4" label={{ value: "1:1", position: "insideTopLeft", fontSize: 11 }} ifOverflow="extendDomain" />
        <DotCloud points={cloud} color={palette.blue} opacity={0.4} />
        <Scatter data={drawn} fill={palette.blue} fillOpacity={0.6} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
});

/** Residuals (actual − predicted) over time around zero; drawn reduced to the plot's pixel columns (M4). */
export const ResidualChart = memo(function ResidualChart({ data, from, to, timeZone, unit, partial, label: chartName }: Props) {
  const [columns, onResize] = usePlotColumns();
  const drawn = useMemo(() => downsampleLines(data, ["residual"], from, to, columns), [data, from, to, columns]);
  return (
    <ResponsiveContainer width="100%" height={200} onResize={onResize}>
      <LineChart {...chartA11y(chartName, true)} data={drawn} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
        <YAxis width={56} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={label(timeZone, partial)} formatter={(v) => [`${num(v, 2)} ${unit}`, "Residual"]} />
        <ReferenceLine y={0} stroke={palette.grey} />
        {partialArea(partial)}
        <Line dataKey="residual" name="Residual" stroke={palette.vermillion} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** How residuals are spread: a histogram of every bucket with zero marked (a fair model centres on it). */
export const ResidualHistogram = memo(function ResidualHistogram({ data, unit, label: chartName }: Pick<Props, "data" | "unit" | "label">) {
  const bins = useMemo(() => histogram(data.map((d) => d.residual)).map((b) => ({ ...b, mid: (b.from + b.to) / 2 })), [data]);
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart {...chartA11y(chartName)} data={bins} margin={{ top: 8, right: 8, bottom: 16, left: 0 }} barCategoryGap={1}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="mid" type="number" domain={["dataMin", "dataMax"]} fontSize={11} tickFormatter={(v: number) => num(v, 1)} label={{ value: `residual (${unit})`, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis width={56} fontSize={11} allowDecimals={false} label={{ value: "buckets", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " labelFormatter={(_, p) => { const b = p?.[0]?.payload as { from: number; to: number } | undefined; return b ? `${num(b.from, 2)} to ${num(b.to, 2)} ${unit}` : ""; }} formatter={(v) => [String(v), "buckets"]} />
        <ReferenceLine x={0} stroke={palette.grey} />
        <Bar dataKey="count" name="Buckets" fill={palette.vermillion} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
});

/**
 * Energy against one driver: the actual buckets, and the model's predictions at the same points
 * (for a one-driver or change-point model they trace its line). Every bucket is drawn (DotCloud);
 * a few (an even sample plus the extremes of the driver, actual and predicted) are also recharts
 * symbols, which set the axes and the legend and carry tooltips.
 */
export const DriverScatter = memo(function DriverScatter({ data, driver, driverUnit, unit, label: chartName }: Pick<Props, "data" | "unit" | "label"> & { driver: string; driverUnit: string }) {
  const { actual, predicted, actualCloud, predictedCloud } = useMemo(() => {
    const all = data.filter((d) => d.drivers?.[driver] !== undefined).map((d) => ({ x: d.drivers![driver]!, actual: d.actual, fitted: d.fitted }));
    const points = sampleScatter(all, SCATTER_SYMBOLS, [(p) => p.x, (p) => p.actual, (p) => p.fitted]);
    return {
      actual: points.map((p) => ({ x: p.x, y: p.actual })),
      predicted: points.map((p) => ({ x: p.x, y: p.fitted })).sort((a, b) => a.x - b.x),
      actualCloud: all.map((p) => ({ x: p.x, y: p.actual })),
      predictedCloud: all.map((p) => ({ x: p.x, y: p.fitted })),
    };
  }, [data, driver]);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ScatterChart {...chartA11y(chartName)} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" dataKey="x" name={driver} domain={["auto", "auto"]} fontSize={11} tickFormatter={(v: number) => num(v, 1)} label={{ value: `${driver} (${driverUnit})`, position: "insideBottom", offset: -8, fontSize: 11 }} />
        <YAxis type="number" dataKey="y" width={56} fontSize={11} tickFormatter={(v: number) => num(v, 0)} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip separator=": " formatter={(v, name) => [name === driver ? `${num(v, 2)} ${driverUnit}` : `${num(v, 2)} ${unit}`, name]} />
        {/* At the top: at the bottom the legend sat on the x-axis label (the driver's name and unit). */}
        <Legend wrapperStyle={{ fontSize: 12 }} verticalAlign="top" />
        <DotCloud points={actualCloud} color={palette.blue} opacity={0.35} />
        <DotCloud points={predictedCloud} color={palette.orange} opacity={0.6} size={3} />
        <Scatter name="Actual" data={actual} fill={palette.blue} fillOpacity={0.45} isAnimationActive={false} />
        <Scatter name="Predicted" data={predicted} fill={palette.orange} fillOpacity={0.8} shape="diamond" isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
});

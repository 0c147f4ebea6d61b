"use client";

import { axisTick } from "@/lib/dashboard/format";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMemo } from "react";
import { palette } from "@/lib/dashboard/defaults";
import { PARTIAL_NOTE, partialBucketStart } from "@/lib/dashboard/partial";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";
import { chartA11y } from "./a11y";

export interface SeriesRow {
  t: number;
  actual: number | null;
  expected: number | null;
  band: [number, number] | null;
}

/**
 * Hourly actual and expected energy (kWh per hour) around an event, the band inside which a bucket
 * is not flagged as an area, and the event's span shaded; x in plant time. The hour still filling
 * (an event still running) is shaded grey and named in the tooltip (lib/dashboard/partial.ts).
 */
export function AnomalySeriesChart({ data, eventFrom, eventTo, timeZone, label, height = 260 }: { data: SeriesRow[]; eventFrom: number; eventTo: number; timeZone: string; label: string; height?: number }) {
  const from = data[0]?.t ?? eventFrom;
  const to = (data.at(-1)?.t ?? eventTo) + 3_600_000;
  const partial = useMemo(() => partialBucketStart(data.map((r) => r.t), to, Date.now(), 3_600_000), [data, to]);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart {...chartA11y(label, true)} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
        <YAxis width={56} fontSize={11} tickFormatter={axisTick} label={{ value: "kWh per hour", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <ReferenceArea x1={Math.max(from, eventFrom)} x2={Math.min(to, eventTo)} fill={palette.vermillion} fillOpacity={0.12} ifOverflow="hidden" label={{ value: "event", position: "insideTop", fontSize: 11 }} />
        {partial !== null ? <ReferenceArea x1={partial} x2={Math.min(partial + 3_600_000, to)} fill="#64748b" fillOpacity={0.12} stroke="#64748b" strokeDasharray="3 3" label={{ value: "partial", position: "insideTopRight", fontSize: 11 }} /> : null}
        <Area dataKey="band" name="Expected band" stroke="none" fill={palette.sky} fillOpacity={0.3} isAnimationActive={false} connectNulls={false} />
        <Line dataKey="expected" name="Expected" stroke={palette.orange} strokeDasharray="5 3" dot={false} isAnimationActive={false} />
        <Line dataKey="actual" name="Actual" stroke={palette.blue} dot={false} strokeWidth={1.5} isAnimationActive={false} />
        <Tooltip
          separator=": "
          labelFormatter={(v) => `${formatPlantDateTime(Number(v), timeZone)} (${timeZone})${Number(v) === partial ? ` — ${PARTIAL_NOTE}` : ""}`}
          formatter={(v, name) => (Array.isArray(v) ? [`${num(v[0], 2)} – ${num(v[1], 2)} kWh`, name] : [`${num(v, 2)} kWh`, name])}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

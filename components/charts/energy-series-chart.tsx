"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Area, Brush, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PARTIAL_NOTE, partialBucketStart } from "@/lib/dashboard/partial";
import { palette } from "@/lib/dashboard/defaults";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { num, plantTimeAxis } from "./time-axis";
import { chartA11y } from "./a11y";
import { stepAfterClosed } from "./step-curve";

export interface EnergySeriesRow {
  t: number;
  energy: number | null;
  production: number | null;
  temperature: number | null;
}

const units: Record<string, string> = { energy: "kWh", production: "units", temperature: "°C" };

/**
 * Energy per bucket (kWh, left axis) with production (units) and outdoor temperature (°C) on
 * right axes. The brush below selects a range; after a pause it is reported through
 * onRangeChange, so the page can refetch at the bucket width that range calls for.
 */
export function EnergySeriesChart({
  data,
  from,
  to,
  bucketMs,
  timeZone,
  onRangeChange,
  focusHandle = null,
  label,
  height = 320,
}: {
  data: EnergySeriesRow[];
  from: number;
  to: number;
  bucketMs: number;
  timeZone: string;
  onRangeChange?: (from: number, to: number) => void;
  /** The brush handle (0 left, 1 right) to focus once drawn when the focus was lost: the keyboard zoom redraws the chart. */
  focusHandle?: number | null;
  label: string;
  height?: number;
}) {
  const [win, setWin] = useState<{ s: number; e: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const domain = useMemo(() => {
    if (!win || data.length === 0) return { from, to };
    return { from: data[win.s]!.t, to: data[win.e]!.t + bucketMs };
  }, [win, data, from, to, bucketMs]);
  const axis = plantTimeAxis(domain.from, domain.to, timeZone);
  // The bucket still filling is shaded and named in the tooltip (lib/dashboard/partial.ts).
  const partial = useMemo(() => partialBucketStart(data.map((r) => r.t), to, Date.now(), bucketMs), [data, to, bucketMs]);
  // Recharts names both brush handles "Min value: <epoch ms>, Max value: <epoch ms>" (one
  // ariaLabel for both): the left one is named "From <plant time>", the right one "To …".
  const box = useRef<HTMLDivElement>(null);
  const brushFrom = data.length ? data[win?.s ?? 0]!.t : from;
  const brushTo = data.length ? data[win?.e ?? data.length - 1]!.t + bucketMs : to;
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    // The handles are drawn by recharts after it measures the container, outside this component's
    // renders: named whenever they appear or move.
    const name = () => {
      const handles = [...root.querySelectorAll<SVGElement>(".recharts-brush-traveller")].sort((a, b) => a.getBoundingClientRect().x - b.getBoundingClientRect().x);
      const names = [`From ${formatPlantDateTime(brushFrom, timeZone)}`, `To ${formatPlantDateTime(brushTo, timeZone)}`];
      handles.slice(0, 2).forEach((h, i) => {
        const label = `${names[i]} (${timeZone})`;
        if (h.getAttribute("aria-label") !== label) h.setAttribute("aria-label", label);
        if (h.getAttribute("aria-valuetext") !== names[i]) h.setAttribute("aria-valuetext", names[i]!);
      });
      // Each time the focus is lost, not only once: recharts may draw the handles again after the
      // first drawing (its container measured anew), dropping the focus a second time.
      const lost = document.activeElement === null || document.activeElement === document.body;
      const handle = focusHandle === null ? undefined : handles[focusHandle];
      if (handle && lost) handle.focus({ preventScroll: true });
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "transform", "x"] });
    return () => observer.disconnect();
  }, [brushFrom, brushTo, timeZone, focusHandle]);
  return (
    <div ref={box} className="min-w-0">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart {...chartA11y(label, true)} data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...axis} />
          <YAxis yAxisId="kwh" width={56} fontSize={11} label={{ value: "kWh", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <YAxis yAxisId="units" orientation="right" width={48} fontSize={11} stroke={palette.orange} label={{ value: "units", angle: 90, position: "insideRight", fontSize: 11 }} />
          <YAxis yAxisId="temp" orientation="right" width={40} fontSize={11} stroke={palette.vermillion} label={{ value: "°C", angle: 90, position: "insideRight", fontSize: 11 }} />
          <Tooltip
            separator=": "
            labelFormatter={(t) => (typeof t === "number" ? `${formatPlantDateTime(t, timeZone)} (${timeZone})${t === partial ? ` — ${PARTIAL_NOTE}` : ""}` : "")}
            formatter={(v, name, item) => [`${num(v, 2)} ${units[String(item.dataKey)] ?? ""}`, name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area yAxisId="kwh" type={stepAfterClosed} dataKey="energy" name="Energy" stroke={palette.blue} fill={palette.blue} fillOpacity={0.35} isAnimationActive={false} connectNulls={false} />
          <Line yAxisId="units" type="monotone" dataKey="production" name="Production" stroke={palette.orange} dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line yAxisId="temp" type="monotone" dataKey="temperature" name="Outdoor temperature" stroke={palette.vermillion} strokeDasharray="4 2" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          {partial !== null ? <ReferenceArea yAxisId="kwh" x1={partial} x2={Math.min(partial + bucketMs, domain.to)} fill="#64748b" fillOpacity={0.12} stroke="#64748b" strokeDasharray="3 3" label={{ value: "partial", position: "insideTopRight", fontSize: 11 }} /> : null}
          {onRangeChange && data.length > 2 ? (
            <Brush
              dataKey="t"
              height={28}
              stroke={palette.blue}
              tickFormatter={(v: number) => formatPlantDateTime(v, timeZone)}
              ariaLabel={`From ${formatPlantDateTime(brushFrom, timeZone)} to ${formatPlantDateTime(brushTo, timeZone)} (${timeZone})`}
              onChange={(r) => {
                const s = r.startIndex ?? 0;
                const e = r.endIndex ?? data.length - 1;
                setWin({ s, e });
                if (timer.current) clearTimeout(timer.current);
                if (s === 0 && e === data.length - 1) return;
                timer.current = setTimeout(() => onRangeChange(data[s]!.t, data[e]!.t + bucketMs), 600);
              }}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

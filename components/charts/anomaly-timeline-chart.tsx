"use client";

import { CartesianGrid, ComposedChart, ReferenceArea, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { palette } from "@/lib/dashboard/defaults";
import type { TimelineBar, TimelineLane } from "@/lib/dashboard/anomaly-timeline";
import { plantTimeAxis } from "./time-axis";

export const severityColours: Record<string, string> = { low: palette.sky, medium: palette.orange, high: palette.vermillion };

/**
 * Events as bars over time, one lane per machine; x in plant time. Pure: takes the lanes and bars
 * (lib/dashboard/anomaly-timeline.ts). A click on a bar selects its event; the ranked list beside
 * it is the keyboard's way to the same events, so the chart is an image to screen readers.
 */
export function AnomalyTimelineChart({
  lanes,
  bars,
  from,
  to,
  timeZone,
  selectedId,
  onSelect,
}: {
  lanes: TimelineLane[];
  bars: TimelineBar[];
  from: number;
  to: number;
  timeZone: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const height = 40 + 28 * Math.max(1, lanes.length);
  return (
    <div role="img" aria-label={`Timeline of ${bars.length} anomaly events on ${lanes.length} machines, plant time (${timeZone})`} data-testid="anomaly-timeline">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart accessibilityLayer={false} data={[{ t: from, lane: 0 }, { t: to, lane: Math.max(0, lanes.length - 1) }]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
          <XAxis {...plantTimeAxis(from, to, timeZone, 6)} />
          <YAxis
            type="number"
            dataKey="lane"
            domain={[-0.5, Math.max(0, lanes.length - 0.5)]}
            allowDataOverflow
            ticks={lanes.map((_, i) => i)}
            reversed
            interval={0}
            width={104}
            fontSize={11}
            tickFormatter={(i: number) => {
              const name = lanes[i]?.machine_name ?? "";
              return name.length > 16 ? `${name.slice(0, 15)}…` : name;
            }}
          />
          {bars.map((b) => (
            <ReferenceArea
              key={b.id}
              x1={b.x1}
              x2={b.x2}
              y1={b.lane - 0.35}
              y2={b.lane + 0.35}
              ifOverflow="hidden"
              shape={(p: { x: number; y: number; width: number; height: number }) => (
                <rect
                  x={p.x}
                  y={p.y}
                  width={Math.max(2, p.width)}
                  height={p.height}
                  fill={severityColours[b.severity] ?? palette.grey}
                  stroke={b.id === selectedId ? "#0f172a" : "none"}
                  strokeWidth={2}
                  style={{ cursor: "pointer" }}
                  data-testid="timeline-bar"
                  data-event-id={b.id}
                  onClick={() => onSelect(b.id)}
                />
              )}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <p className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden="true">
        {Object.entries(severityColours).map(([s, c]) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ background: c }} /> {s}
          </span>
        ))}
        <span>Times in {timeZone}</span>
      </p>
    </div>
  );
}

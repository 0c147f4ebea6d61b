import { viridis, type HeatmapGrid } from "@/lib/dashboard/heatmap";
import { formatCalendarDate } from "@/lib/time/plant-time";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Energy by plant-local hour of day (columns) and day (rows); pure SVG that scales to its card. */
export function LoadHeatmap({ grid, timeZone }: { grid: HeatmapGrid; timeZone: string }) {
  const rowH = grid.days.length > 40 ? 6 : grid.days.length > 14 ? 10 : 16;
  const labelW = 78;
  const cellW = 20;
  const width = labelW + 24 * cellW;
  const height = 16 + grid.days.length * rowH;
  const span = grid.max !== null && grid.min !== null && grid.max > grid.min ? grid.max - grid.min : 1;
  const labelEvery = Math.max(1, Math.ceil(12 / rowH));
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-label={`Energy in kWh by hour of day (${timeZone}) and day`} data-testid="load-heatmap">
        {HOURS.filter((h) => h % 3 === 0).map((h) => (
          <text key={h} x={labelW + h * cellW + cellW / 2} y={11} fontSize={10} textAnchor="middle" fill="#475569">
            {String(h).padStart(2, "0")}
          </text>
        ))}
        {grid.days.map((d, row) => (
          <g key={d.date}>
            {row % labelEvery === 0 ? (
              <text x={labelW - 4} y={16 + row * rowH + rowH / 2 + 3} fontSize={Math.min(10, rowH * 1.6)} textAnchor="end" fill="#475569">
                {WEEKDAYS[d.weekday]} {formatCalendarDate(d.date)}
              </text>
            ) : null}
            {d.cells.map((v, h) => (
              <rect key={h} x={labelW + h * cellW} y={16 + row * rowH} width={cellW - 1} height={rowH - 1} fill={v === null ? "#f1f5f9" : viridis((v - (grid.min ?? 0)) / span)}>
                <title>{`${WEEKDAYS[d.weekday]} ${formatCalendarDate(d.date, true)} ${String(h).padStart(2, "0")}:00 (${timeZone}): ${v === null ? "no data" : `${v.toFixed(1)} kWh`}${d.repeated.includes(h) ? ` (mean of the two ${String(h).padStart(2, "0")}:00 hours: clock change)` : ""}`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span>Hour of day ({timeZone}) →, days ↓. kWh per hour:</span>
        <span>{grid.min?.toFixed(1) ?? "—"}</span>
        <span aria-hidden="true" className="inline-block h-3 w-24 rounded" style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(viridis).join(",")})` }} />
        <span>{grid.max?.toFixed(1) ?? "—"}</span>
      </figcaption>
    </figure>
  );
}

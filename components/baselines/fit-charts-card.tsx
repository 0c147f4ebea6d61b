"use client";

import { memo, useMemo } from "react";
import { ActualPredictedChart, DriverScatter, PredictedActualScatter, ResidualChart, ResidualHistogram, type FitPoint } from "@/components/charts/fit-charts";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { partialBucket, partialCell, type FitGranularity } from "@/lib/dashboard/partial";
import { toPlantIso } from "@/lib/time/plant-time";

interface FitChartsCardProps {
  title: string;
  points: FitPoint[];
  from: number;
  to: number;
  timeZone: string;
  granularity: FitGranularity;
  unit: string;
  fileStem: string;
  drivers?: { name: string; unit: string }[];
  /** The points are an earlier fit's while a newer one is drawn (aria-busy, dimmed). */
  stale?: boolean;
}

/**
 * Actual and predicted over time, predicted against actual with the 1:1 line, residuals over time
 * and as a histogram, and energy against each driver (when the points carry driver values). The
 * bucket still filling is shaded. Line charts draw a reduction of long series to their pixel
 * columns, scatters every bucket as a dot cloud (see fit-charts.tsx); the CSV holds every bucket
 * at full precision. Memoised: a studio re-render that leaves the points
 * alone (a toggle, the screening columns loading) does not redraw the charts.
 */
export const FitChartsCard = memo(function FitChartsCard({ title, points, from, to, timeZone, granularity, unit, fileStem, drivers, stale = false }: FitChartsCardProps) {
  const shown = useMemo(() => (drivers ?? []).filter((d) => points.some((p) => p.drivers?.[d.name] !== undefined)), [drivers, points]);
  // Date.now() once per new set of points: the shading follows each refit, not the wall clock.
  const partial = useMemo(() => partialBucket(points.map((p) => p.t), to, Date.now(), granularity, timeZone), [points, to, granularity, timeZone]);
  return (
    <Card
      title={title}
      testId="fit-charts"
      actions={
        <CsvDownload
          label="actual, predicted and residuals"
          fileName={csvFileName(fileStem, "actual-predicted")}
          getCsv={() =>
            buildCsv(
              [
                { header: `bucket_start (${timeZone})`, value: (p: FitPoint) => toPlantIso(p.t, timeZone) },
                { header: `actual (${unit})`, value: (p: FitPoint) => p.actual },
                { header: `predicted (${unit})`, value: (p: FitPoint) => p.fitted },
                { header: `residual (${unit})`, value: (p: FitPoint) => p.residual },
                ...shown.map((d) => ({ header: `${d.name} (${d.unit})`, value: (p: FitPoint) => p.drivers?.[d.name] ?? null })),
                { header: "partial", value: (p: FitPoint) => partialCell(p.t, partial?.start ?? null) },
              ],
              points,
            )
          }
        />
      }
    >
      <div className={`grid min-w-0 gap-4 xl:grid-cols-3 will-change-[opacity] ${stale ? "opacity-60" : ""}`} aria-busy={stale} data-testid="fit-charts-body" data-points={points.length}>
        <figure className="min-w-0 xl:col-span-2">
          <figcaption className="mb-1 text-xs text-slate-600">Actual and predicted ({unit})</figcaption>
          <ActualPredictedChart label={`Actual and predicted (${unit})`} data={points} from={from} to={to} timeZone={timeZone} unit={unit} partial={partial} />
        </figure>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs text-slate-600">Predicted against actual, with the 1:1 line</figcaption>
          <PredictedActualScatter label="Predicted against actual, with the 1:1 line" data={points} unit={unit} />
        </figure>
        <figure className="min-w-0 xl:col-span-2">
          <figcaption className="mb-1 text-xs text-slate-600">Residuals: actual − predicted ({unit})</figcaption>
          <ResidualChart label={`Residuals: actual − predicted (${unit})`} data={points} from={from} to={to} timeZone={timeZone} unit={unit} partial={partial} />
        </figure>
        <figure className="min-w-0" data-testid="residual-histogram">
          <figcaption className="mb-1 text-xs text-slate-600">Residuals as a histogram ({unit})</figcaption>
          <ResidualHistogram label={`Residuals as a histogram (${unit})`} data={points} unit={unit} />
        </figure>
        {shown.map((d) => (
          <figure key={d.name} className="min-w-0" data-testid={`driver-scatter-${d.name}`}>
            <figcaption className="mb-1 text-xs text-slate-600">
              Energy ({unit}) against {d.name} ({d.unit})
            </figcaption>
            <DriverScatter label={`Energy (${unit}) against ${d.name} (${d.unit})`} data={points} driver={d.name} driverUnit={d.unit} unit={unit} />
          </figure>
        ))}
      </div>
    </Card>
  );
});

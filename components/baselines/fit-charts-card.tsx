"use client";

import { ActualPredictedChart, DriverScatter, PredictedActualScatter, ResidualChart, ResidualHistogram, type FitPoint } from "@/components/charts/fit-charts";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { toPlantIso } from "@/lib/time/plant-time";

/**
 * Actual and predicted over time, predicted against actual with the 1:1 line, residuals over time
 * and as a histogram, and energy against each driver (when the points carry driver values).
 */
export function FitChartsCard({ title, points, from, to, timeZone, unit, fileStem, drivers = [] }: { title: string; points: FitPoint[]; from: number; to: number; timeZone: string; unit: string; fileStem: string; drivers?: { name: string; unit: string }[] }) {
  const shown = drivers.filter((d) => points.some((p) => p.drivers?.[d.name] !== undefined));
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
              ],
              points,
            )
          }
        />
      }
    >
      <div className="grid min-w-0 gap-4 xl:grid-cols-3">
        <figure className="min-w-0 xl:col-span-2">
          <figcaption className="mb-1 text-xs text-slate-600">Actual and predicted ({unit})</figcaption>
          <ActualPredictedChart data={points} from={from} to={to} timeZone={timeZone} unit={unit} />
        </figure>
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs text-slate-600">Predicted against actual, with the 1:1 line</figcaption>
          <PredictedActualScatter data={points} unit={unit} />
        </figure>
        <figure className="min-w-0 xl:col-span-2">
          <figcaption className="mb-1 text-xs text-slate-600">Residuals: actual − predicted ({unit})</figcaption>
          <ResidualChart data={points} from={from} to={to} timeZone={timeZone} unit={unit} />
        </figure>
        <figure className="min-w-0" data-testid="residual-histogram">
          <figcaption className="mb-1 text-xs text-slate-600">Residuals as a histogram ({unit})</figcaption>
          <ResidualHistogram data={points} unit={unit} />
        </figure>
        {shown.map((d) => (
          <figure key={d.name} className="min-w-0" data-testid={`driver-scatter-${d.name}`}>
            <figcaption className="mb-1 text-xs text-slate-600">
              Energy ({unit}) against {d.name} ({d.unit})
            </figcaption>
            <DriverScatter data={points} driver={d.name} driverUnit={d.unit} unit={unit} />
          </figure>
        ))}
      </div>
    </Card>
  );
}

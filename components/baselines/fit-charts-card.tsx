"use client";

import { ActualPredictedChart, PredictedActualScatter, ResidualChart, type FitPoint } from "@/components/charts/fit-charts";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { toPlantIso } from "@/lib/time/plant-time";

/** Actual and predicted over time, predicted against actual with the 1:1 line, residuals over time. */
export function FitChartsCard({ title, points, from, to, timeZone, unit, fileStem }: { title: string; points: FitPoint[]; from: number; to: number; timeZone: string; unit: string; fileStem: string }) {
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
        <figure className="min-w-0 xl:col-span-3">
          <figcaption className="mb-1 text-xs text-slate-600">Residuals: actual − predicted ({unit})</figcaption>
          <ResidualChart data={points} from={from} to={to} timeZone={timeZone} unit={unit} />
        </figure>
      </div>
    </Card>
  );
}

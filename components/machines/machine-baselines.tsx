"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ModelStatusChip } from "@/components/baselines/model-status";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { modelsQuery, type BaselineModel } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { formatPlantDate } from "@/lib/time/plant-time";

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

export function studioHref(m: Pick<BaselineModel, "machine_id" | "training_start_date" | "training_end_date" | "granularity" | "drivers">): string {
  const q = new URLSearchParams({ machine_id: m.machine_id, start_date: m.training_start_date, end_date: m.training_end_date, granularity: m.granularity, drivers: m.drivers.join(",") });
  return `/baselines?${q.toString()}`;
}

export const modelCsvColumns = [
  { header: "version", value: (m: BaselineModel) => m.model_version },
  { header: "active", value: (m: BaselineModel) => m.is_active },
  { header: "model_type", value: (m: BaselineModel) => m.model_type },
  { header: "granularity", value: (m: BaselineModel) => m.granularity },
  { header: "drivers", value: (m: BaselineModel) => m.drivers.join(" ") },
  { header: "r_squared (fraction)", value: (m: BaselineModel) => m.r_squared },
  { header: "cv_rmse (fraction)", value: (m: BaselineModel) => m.cv_rmse },
  { header: "nmbe (fraction)", value: (m: BaselineModel) => m.nmbe },
  { header: "meets_quality_threshold", value: (m: BaselineModel) => m.meets_quality_threshold },
  { header: "training_start (UTC)", value: (m: BaselineModel) => m.training_start_date },
  { header: "training_end (UTC)", value: (m: BaselineModel) => m.training_end_date },
  { header: "created_at (UTC)", value: (m: BaselineModel) => m.created_at },
];

/** The machine's baseline versions (GET /api/v1/baseline/models?machine_id=), each opening the studio. */
export function MachineBaselines({ machineId, machineName, timeZone }: { machineId: string; machineName: string; timeZone: string }) {
  const models = useQuery(modelsQuery(machineId));
  return (
    <Card
      title="Baselines"
      testId="machine-baselines"
      actions={<CsvDownload label={`${machineName} baselines`} fileName={csvFileName(machineName, "baselines")} disabled={!models.data?.length} getCsv={() => buildCsv(modelCsvColumns, models.data ?? [])} />}
    >
      {models.isError ? (
        <ErrorBox error={models.error} action="Could not load the baselines" />
      ) : !models.data ? (
        <Skeleton className="h-32" label="Loading baselines" />
      ) : models.data.length === 0 ? (
        <EmptyState title="No baselines for this machine yet">
          <Link className="text-sky-800 underline" href={`/baselines?machine_id=${machineId}`}>
            Train one in the baseline studio
          </Link>
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-2 py-1">Version</th>
                <th className="px-2 py-1">Drivers</th>
                <th className="px-2 py-1 text-right">R²</th>
                <th className="px-2 py-1 text-right">CV(RMSE)</th>
                <th className="px-2 py-1">Trained on</th>
                <th className="px-2 py-1">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.model_id} className="border-t border-slate-100">
                  <td className="px-2 py-1">
                    v{m.model_version} <ModelStatusChip model={m} />
                  </td>
                  <td className="px-2 py-1 break-words">{m.drivers.join(", ")}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{m.r_squared.toFixed(3)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{pct(m.cv_rmse)}</td>
                  <td className="px-2 py-1 text-xs">
                    {formatPlantDate(Date.parse(m.training_start_date), timeZone)} – {formatPlantDate(Date.parse(m.training_end_date) - 1, timeZone)}, {m.granularity}
                  </td>
                  <td className="px-2 py-1">
                    <Link className="text-sky-800 underline" href={studioHref(m)}>
                      Open in studio
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

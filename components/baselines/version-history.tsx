"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { modelCsvColumns } from "@/components/machines/machine-baselines";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { activateModel, modelHealthQuery, modelsQuery } from "@/lib/api-client/baseline";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { fmt, fmtPct } from "@/lib/dashboard/format";
import { formatPlantDate, formatPlantDateTime } from "@/lib/time/plant-time";
import { ModelStatusChip } from "./model-status";
import { VersionCompare } from "./version-compare";

/** The active version's health: healthy (passes its checks and still fits the last 30 days), drifting, failing its acceptance checks, or too little data to say. */
function HealthBadge({ modelId }: { modelId: string }) {
  const health = useQuery(modelHealthQuery(modelId));
  if (health.isError) return <span className="text-xs text-slate-500">health unknown</span>;
  if (!health.data) return <span className="text-xs text-slate-400">checking health…</span>;
  const h = health.data;
  const title = h.status === "fails_checks" ? `${h.label}. ${h.buckets > 0 ? `Last 30 days: CV(RMSE) ${fmtPct(h.cv_rmse)}, NMBE ${fmtPct(h.nmbe, 2)}` : "Too few buckets in the last 30 days to judge the recent fit"}` : h.status === "insufficient_data" ? "Too few buckets in the last 30 days to judge" : `Last 30 days: CV(RMSE) ${fmtPct(h.cv_rmse)} (≤ ${fmtPct(h.thresholds.max_cv_rmse)}), NMBE ${fmtPct(h.nmbe, 2)} (|…| ≤ ${fmtPct(h.thresholds.max_abs_nmbe, 2)}); ${h.thresholds.source}${h.reasons.length ? `. ${h.reasons.join("; ")}` : ""}${h.failed_checks.length ? `. ${h.label}` : ""}`;
  const style = h.status === "ok" ? "bg-emerald-100 text-emerald-900" : h.status === "insufficient_data" ? "bg-slate-100 text-slate-700" : "bg-amber-100 text-amber-900";
  // "healthy" only for a model that passed its acceptance checks and still fits (decided in lib/analytics/baseline/health.ts).
  const label = h.status === "ok" ? "healthy" : h.status === "drift" ? "drifting" : h.status === "fails_checks" ? "fails its checks" : "too little data";
  return (
    <span className={`rounded px-1 text-xs ${style}`} title={title} data-testid="model-health" data-status={h.status}>
      {label}
      <span className="sr-only">: {title}</span>
    </span>
  );
}

/** Stored versions of the machine's baseline, newest first; one is active, any can be activated or shown. */
export function VersionHistory({ machineId, machineName, timeZone, shownModelId, onShow }: { machineId: string; machineName: string; timeZone: string; shownModelId: string | null; onShow: (id: string | null) => void }) {
  const client = useQueryClient();
  const models = useQuery(modelsQuery(machineId));
  const activate = useMutation({ mutationFn: activateModel, onSuccess: () => client.invalidateQueries({ queryKey: ["baseline", "models", machineId] }) });
  // Two versions ticked for comparison (a third replaces the older pick).
  const [compare, setCompare] = useState<string[]>([]);
  const toggleCompare = (id: string) => setCompare((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id].slice(-2)));
  const compared = (models.data ?? []).filter((m) => m.model_id && compare.includes(m.model_id));
  return (
    <>
    <Card
      title="Version history"
      testId="version-history"
      actions={<CsvDownload label={`${machineName} baseline versions`} fileName={csvFileName(machineName, "baseline-versions")} disabled={!models.data?.length} getCsv={() => buildCsv(modelCsvColumns, models.data ?? [])} />}
    >
      {activate.isError ? <ErrorBox error={activate.error} action="Could not activate that version" /> : null}
      {models.isError ? (
        <ErrorBox error={models.error} action="Could not load the versions" />
      ) : !models.data ? (
        <Skeleton className="h-24" label="Loading versions" />
      ) : models.data.length === 0 ? (
        <EmptyState title="No stored versions yet">Pick drivers until the fit passes its checks, then press “Save as new version”.</EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-2 py-1">Version</th>
                <th className="px-2 py-1">Drivers</th>
                <th className="px-2 py-1 text-right">R²</th>
                <th className="px-2 py-1 text-right">CV(RMSE)</th>
                <th className="px-2 py-1">Window</th>
                <th className="px-2 py-1">Actions</th>
                <th className="px-2 py-1">Compare</th>
              </tr>
            </thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.model_id} className="border-t border-slate-100" data-version={m.model_version} data-active={m.is_active}>
                  <td className="px-2 py-1 whitespace-nowrap" title={`saved ${formatPlantDateTime(Date.parse(m.created_at), timeZone)}`}>
                    v{m.model_version} <ModelStatusChip model={m} />{" "}
                    {m.is_active && m.model_id ? <HealthBadge modelId={m.model_id} /> : null}
                  </td>
                  <td className="px-2 py-1 break-words">{m.drivers.join(", ")}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmt(m.r_squared, 4)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{fmtPct(m.cv_rmse)}</td>
                  <td className="px-2 py-1 text-xs">
                    {formatPlantDate(Date.parse(m.training_start_date), timeZone)} – {formatPlantDate(Date.parse(m.training_end_date) - 1, timeZone)} ({m.granularity})
                  </td>
                  <td className="px-2 py-1">
                    <div className="flex flex-wrap gap-1">
                      {m.is_active ? null : (
                        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50" disabled={activate.isPending} onClick={() => m.model_id && activate.mutate(m.model_id)} aria-label={`Activate version ${m.model_version}`}>
                          Activate
                        </button>
                      )}
                      <button
                        type="button"
                        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50"
                        aria-pressed={shownModelId === m.model_id}
                        onClick={() => onShow(shownModelId === m.model_id ? null : m.model_id)}
                        aria-label={`Show the charts of version ${m.model_version}`}
                      >
                        {shownModelId === m.model_id ? "Shown" : "Show"}
                      </button>
                    </div>
                  </td>
                  <td className="px-2 py-1">
                    <input type="checkbox" checked={Boolean(m.model_id && compare.includes(m.model_id))} onChange={() => m.model_id && toggleCompare(m.model_id)} aria-label={`Compare version ${m.model_version}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
    {compared.length === 2 ? <VersionCompare models={compared} machineName={machineName} timeZone={timeZone} /> : null}
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { parseAsString, useQueryStates } from "nuqs";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { anomalyListParams, eventListSchema } from "@/lib/api-client/anomaly";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { kpiSummaryQuery, kpiUrl } from "@/lib/api-client/kpi";
import { csvFileName } from "@/lib/csv/build";
import { EXPLORER_DAYS } from "@/lib/dashboard/defaults";
import { fmt, fmtPct } from "@/lib/dashboard/format";
import { resolveRange } from "@/lib/dashboard/range";
import { formatPlantDateTime, plantDateInput, toPlantIso } from "@/lib/time/plant-time";
import { Figure } from "@/components/ui/figure";


/**
 * The machine's KPIs over the explorer's range (GET /api/v1/kpi/summary) and its anomalies that
 * overlap it, costliest first (GET /api/v1/anomaly): the same range as the chart above, from the URL.
 */
export function MachineKpis({ machineId, machineName, timeZone }: { machineId: string; machineName: string; timeZone: string }) {
  const [q] = useQueryStates({ start_date: parseAsString, end_date: parseAsString });
  const range = resolveRange(q.start_date, q.end_date, EXPLORER_DAYS, timeZone);
  const scope = { machine_id: machineId, start_date: toPlantIso(range.from, timeZone), end_date: toPlantIso(range.to, timeZone) };
  const kpi = useQuery(kpiSummaryQuery(scope));
  const anomalies = useQuery({
    queryKey: ["anomaly", "machine", scope],
    queryFn: () => fetchJson(`/api/v1/anomaly?${anomalyListParams({ machine_id: machineId, from: scope.start_date, to: scope.end_date }, { order: "cost", limit: "10" })}`, eventListSchema),
  });
  const s = kpi.data;
  const period = `${plantDateInput(range.from, timeZone)}_${plantDateInput(range.to - 1, timeZone)}`;
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-2">
      <Card
        title="KPIs over this range"
        testId="machine-kpis"
        actions={<CsvDownload label={`${machineName} KPIs`} fileName={csvFileName(machineName, "kpis", period)} getCsv={async () => (await fetch(kpiUrl("summary", scope, "csv"))).text()} />}
      >
        {kpi.isError ? (
          <ErrorBox error={kpi.error} action="Could not compute the KPIs" />
        ) : !s ? (
          <Skeleton className="h-24" label="Computing KPIs" />
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              <Figure label="Energy" value={`${fmt(s.total_energy_kwh, 0)} kWh`} testId="machine-kpi-energy" />
              <Figure label="Specific energy" value={s.sec_kwh_per_unit === null ? "—" : `${fmt(s.sec_kwh_per_unit, 3)} kWh/unit`} testId="machine-kpi-sec" />
              <Figure label="Peak demand (15 min)" value={s.peak_demand_kw === null ? "—" : `${fmt(s.peak_demand_kw, 1)} kW`} testId="machine-kpi-peak" />
              <Figure label="Load factor" value={fmtPct(s.load_factor)} testId="machine-kpi-load-factor" />
              <Figure label="Cost" value={s.cost === null ? "—" : `${fmt(s.cost, 0)} ${s.currency ?? ""}`} testId="machine-kpi-cost" />
              <Figure label="EnPI" value={s.enpi === null ? "—" : fmt(s.enpi, 3)} testId="machine-kpi-enpi" />
            </dl>
            <p className="mt-2 text-xs text-slate-500">
              Coverage {fmtPct(s.coverage)} of the range. {Object.entries(s.absent).map(([k, why]) => `${k}: ${why.join("; ")}`).join(" · ")}
            </p>
          </>
        )}
      </Card>
      <Card title="Anomalies in this range" testId="machine-anomalies">
        {anomalies.isError ? (
          <ErrorBox error={anomalies.error} action="Could not load the anomalies" />
        ) : !anomalies.data ? (
          <Skeleton className="h-24" label="Loading anomalies" />
        ) : anomalies.data.items.length === 0 ? (
          <EmptyState title="No anomalies recorded in this range">
            Detection runs every hour; run it now on the{" "}
            <Link className="text-sky-800 underline" href={`/anomalies?machine_id=${machineId}`}>
              anomaly viewer
            </Link>
            .
          </EmptyState>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {anomalies.data.items.map((e) => (
              <li key={e.id} data-testid="machine-anomaly">
                <Link className="text-sky-800 underline" href={`/anomalies?id=${e.id}`}>
                  {formatPlantDateTime(Date.parse(e.start), timeZone)}: {e.detector.replaceAll("_", " ")}
                </Link>{" "}
                <span className="text-slate-600">
                  ({e.severity}, {e.status.replaceAll("_", " ")}, {fmt(e.excess_kwh, 1)} kWh excess{e.excess_cost !== null ? `, ${fmt(e.excess_cost, 2)} ${e.currency ?? ""}` : ""})
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import Link from "next/link";
import { AnomalySeriesChart } from "@/components/charts/anomaly-series-chart";
import { useCan } from "@/components/auth/principal-context";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { anomalyDetailQuery, anomalyStatuses, statusLabels, transitionAnomaly, transitionLabels, type AnomalyStatus } from "@/lib/api-client/anomaly";
import { readEvidence, seriesRows } from "@/lib/dashboard/anomaly-timeline";
import { fmt } from "@/lib/dashboard/format";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { costText, spanText } from "./event-list";

const action = "rounded border px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-700 disabled:cursor-not-allowed disabled:opacity-40";
const actionStyles: Record<AnomalyStatus, string> = {
  acknowledged: "border-sky-700 bg-sky-700 text-white hover:bg-sky-800",
  resolved: "border-emerald-700 text-emerald-800 hover:bg-emerald-50",
  false_positive: "border-slate-400 text-slate-800 hover:bg-slate-50",
  open: "border-slate-400 text-slate-800 hover:bg-slate-50",
};
const ORDER: AnomalyStatus[] = ["acknowledged", "resolved", "false_positive", "open"];

/** One event: its series with the expected band, the evidence, the workflow buttons and the history. */
export function EventDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const client = useQueryClient();
  const detail = useQuery(anomalyDetailQuery(id));
  const [note, setNote] = useState("");
  const canMove = useCan("operate");
  const move = useMutation({
    mutationFn: (status: AnomalyStatus) => transitionAnomaly(id, status, note.trim() || null),
    onSuccess: async () => {
      setNote("");
      await client.invalidateQueries({ queryKey: ["anomaly"] });
    },
    // A 409 means someone else moved the event meanwhile: show their status beside the message.
    onError: () => client.invalidateQueries({ queryKey: ["anomaly"] }),
  });
  const rows = useMemo(() => seriesRows(detail.data?.series.points ?? [], Date.now()), [detail.data]);
  const evidence = useMemo(() => (detail.data ? readEvidence(detail.data.evidence) : null), [detail.data]);

  if (detail.isError) return <ErrorBox error={detail.error} action="Could not read this event" />;
  if (!detail.data) return <Skeleton className="h-96" label="Reading the event and its series" />;
  const e = detail.data;
  const tz = e.time_zone;
  const allowed = new Set(e.allowed_transitions);
  return (
    <Card
      title={`${e.machine_name}: ${e.detector.replace(/_/g, " ")}`}
      testId="anomaly-detail"
      actions={
        <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-700">
          Close <span className="sr-only">the event</span>
        </button>
      }
    >
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline text-slate-500">Period: </dt>
          <dd className="inline">{spanText(e.start, e.end, tz)} ({tz})</dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Status: </dt>
          <dd className="inline font-medium" data-testid="detail-status" data-status={e.status}>
            {statusLabels[e.status]}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Severity: </dt>
          <dd className="inline">
            {e.severity} (peak score {fmt(e.peak_score, 2)})
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Excess: </dt>
          <dd className="inline tabular-nums">
            {fmt(e.excess_kwh, 1)} kWh, {costText(e.excess_cost, e.currency)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Expected from: </dt>
          <dd className="inline">
            {e.series.expected_from === "baseline" && e.baseline_model_version !== null ? `the active baseline (version ${e.baseline_model_version})` : "the machine's hour-of-week profile (no passing hourly baseline)"}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Machine: </dt>
          <dd className="inline">
            <Link className="text-sky-800 underline" href={`/machines/${e.machine_id}`}>
              {e.machine_name} in the explorer
            </Link>
          </dd>
        </div>
      </dl>

      <h3 className="mt-4 text-sm font-medium">Energy around the event (kWh per hour, {tz})</h3>
      <p className="text-xs text-slate-600">Shaded: the event. Band: {e.series.band}, the line an hour must cross to be flagged.</p>
      <div data-testid="anomaly-series-chart" data-points={rows.length} className="min-w-0">
        {rows.length ? <AnomalySeriesChart label={`${e.machine_name}: hourly energy around the event, actual and expected (kWh)`} data={rows} eventFrom={Date.parse(e.start)} eventTo={Date.parse(e.end)} timeZone={tz} /> : <p className="text-sm text-slate-600">No hourly readings around this event.</p>}
      </div>

      {evidence ? (
        <section aria-label="Evidence" className="mt-4 text-sm" data-testid="anomaly-evidence">
          <h3 className="font-medium">Evidence</h3>
          <ul className="mt-1 list-disc pl-5">
            <li>
              Actual {fmt(evidence.actual_kwh, 1)} kWh against {fmt(evidence.expected_kwh, 1)} kWh expected{evidence.expected_source ? ` (${evidence.expected_source})` : ""} over {evidence.flagged_buckets ?? "—"} flagged hours
            </li>
            {evidence.peak ? (
              <li>
                Peak {evidence.peak.time ? formatPlantDateTime(Date.parse(evidence.peak.time), tz) : "—"}: {fmt(evidence.peak.actual_kwh, 2)} kWh against {fmt(evidence.peak.expected_kwh, 2)} kWh expected, score {fmt(evidence.peak.score, 2)}
                {evidence.peak.max_power_kw !== null ? `, peak power ${fmt(evidence.peak.max_power_kw, 1)} kW` : ""}
              </li>
            ) : null}
            {evidence.peak?.drivers.length ? <li>Drivers at the peak: {evidence.peak.drivers.map((d) => `${d.name.replace(/_/g, " ")} ${fmt(d.value, 2)}`).join(", ")}</li> : null}
            {evidence.parameters.length ? <li className="text-slate-600">Detector parameters: {evidence.parameters.map((p) => `${p.name} ${p.value}`).join(", ")}</li> : null}
          </ul>
        </section>
      ) : null}

      <section aria-label="Change the status" className="mt-4 text-sm">
        <h3 className="font-medium">Status</h3>
        <label className="mt-1 flex flex-col">
          <span className="text-xs text-slate-500">Note (kept in the history)</span>
          <textarea name="note" value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={2000} rows={2} className="rounded border border-slate-300 px-2 py-1" placeholder="What was found, what was done" />
        </label>
        <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Move the event">
          {ORDER.filter((s) => anomalyStatuses.includes(s)).map((s) => (
            <button key={s} type="button" className={`${action} ${actionStyles[s]}`} disabled={!allowed.has(s) || move.isPending || !canMove} onClick={() => move.mutate(s)} title={allowed.has(s) ? undefined : `Not possible from ${statusLabels[e.status]}`}>
              {transitionLabels[s]}
            </button>
          ))}
          {move.isPending ? (
            <span role="status" className="self-center text-xs text-slate-600">
              Saving…
            </span>
          ) : null}
        </div>
        {move.isError ? (
          <div className="mt-2">
            <ErrorBox error={move.error} action="The status was not changed" />
          </div>
        ) : null}
      </section>

      <section aria-label="History" className="mt-4 text-sm">
        <h3 className="font-medium">History</h3>
        <ol className="mt-1 flex flex-col gap-1" data-testid="anomaly-history">
          {e.history.map((h, i) => (
            <li key={`${h.at}-${i}`} data-testid="history-entry" className="break-words">
              <span className="tabular-nums text-slate-600">{formatPlantDateTime(Date.parse(h.at), tz)}</span> · {h.from_status ? `${statusLabels[h.from_status as AnomalyStatus] ?? h.from_status} → ` : ""}
              <span className="font-medium">{statusLabels[h.to_status as AnomalyStatus] ?? h.to_status}</span> by {h.who}
              {h.note ? <span className="text-slate-700">: “{h.note}”</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </Card>
  );
}

"use client";

import { statusLabels, type AnomalyEvent, type AnomalyOrder } from "@/lib/api-client/anomaly";
import { fmt, fmtFixed } from "@/lib/dashboard/format";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { severityColours } from "@/components/charts/anomaly-timeline-chart";

/** Money with its currency, or why there is none. */
export const costText = (cost: number | null, currency: string | null) => (cost === null ? "no tariff" : `${fmtFixed(cost, 2)} ${currency ?? ""}`.trim());

/** A span in plant time: "Mon 23 Nov 2026, 14:00 → Tue 24 Nov 2026, 02:00". */
export const spanText = (start: string, end: string, timeZone: string) => `${formatPlantDateTime(Date.parse(start), timeZone)} → ${formatPlantDateTime(Date.parse(end), timeZone)}`;

/**
 * The ranked list: each event a button that opens it in the detail panel (the selected one is
 * aria-current). Ordered as the API ordered it; `order` only names the ranking.
 */
export function EventList({ events, order, timeZone, selectedId, onSelect }: { events: AnomalyEvent[]; order: AnomalyOrder; timeZone: string; selectedId: string | null; onSelect: (id: string) => void }) {
  return (
    <ol className="flex flex-col divide-y divide-slate-100" aria-label={order === "cost" ? "Events, most expensive first" : "Events, newest first"} data-testid="anomaly-list">
      {events.map((e, i) => (
        <li key={e.id}>
          <button
            type="button"
            onClick={() => onSelect(e.id)}
            aria-current={e.id === selectedId ? "true" : undefined}
            data-testid="anomaly-row"
            data-event-id={e.id}
            className={`flex w-full min-w-0 flex-col gap-0.5 rounded px-2 py-2 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 ${e.id === selectedId ? "bg-sky-50 ring-1 ring-sky-300" : ""}`}
          >
            <span className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-medium">
                <span className="sr-only">Rank {i + 1}: </span>
                {e.machine_name} · {e.detector.replace(/_/g, " ")}
              </span>
              <span className="tabular-nums" data-testid="row-excess">
                {fmt(e.excess_kwh, 1)} kWh · {costText(e.excess_cost, e.currency)}
              </span>
            </span>
            <span className="flex flex-wrap items-center gap-x-3 text-xs text-slate-600">
              <span className="inline-flex items-center gap-1">
                <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: severityColours[e.severity] }} />
                {e.severity}
              </span>
              <span data-testid="row-status">{statusLabels[e.status]}</span>
              <span className="break-words">{spanText(e.start, e.end, timeZone)}</span>
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useEffect, useMemo, useRef } from "react";
import Link from "next/link";
import { AnomalyTimelineChart } from "@/components/charts/anomaly-timeline-chart";
import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { anomalyListQuery, anomalyTimelineQuery, fetchAnomalyCsv, type AnomalyFilters as Filters } from "@/lib/api-client/anomaly";
import { csvFileName } from "@/lib/csv/build";
import { timelineLanes } from "@/lib/dashboard/anomaly-timeline";
import { ANOMALY_DAYS, anomalyParsers } from "@/lib/dashboard/anomaly-url";
import { resolvePeriod } from "@/lib/dashboard/period";
import { defaultRange, formatPlantRange, plantDateInput, toPlantIso } from "@/lib/time/plant-time";
import { AnomalyFilters } from "./anomaly-filters";
import { DetectPanel } from "./detect-panel";
import { EventDetail } from "./event-detail";
import { EventList } from "./event-list";

const toggle = "rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 aria-pressed:bg-sky-100 aria-pressed:font-medium";

/** The anomaly viewer: filters, order and the open event in the URL (the API's names); timeline, ranked list, detail. */
export function AnomalyViewer({ machines, timeZone }: { machines: { id: string; name: string }[]; timeZone: string }) {
  const [q, setQ] = useQueryStates(anomalyParsers, { history: "push" });
  const resolved = resolvePeriod(q.from, q.to, ANOMALY_DAYS, timeZone);
  // Without a period in the URL: the last 30 plant days up to and including today (events are recent).
  const period = resolved.isDefault ? defaultRange(Date.now(), ANOMALY_DAYS, timeZone) : resolved;
  const filters: Filters = useMemo(
    () => ({ machine_id: q.machine_id, status: q.status, severity: q.severity, detector: q.detector, from: toPlantIso(period.from, timeZone), to: toPlantIso(period.to, timeZone) }),
    [q.machine_id, q.status, q.severity, q.detector, period.from, period.to, timeZone],
  );
  const list = useInfiniteQuery(anomalyListQuery(filters, q.order));
  const timeline = useQuery(anomalyTimelineQuery(filters));
  const events = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const shaped = useMemo(() => timelineLanes(timeline.data?.items ?? [], period.from, period.to), [timeline.data, period.from, period.to]);
  const detailRef = useRef<HTMLDivElement>(null);
  const chosen = useRef(false);
  const select = (id: string | null) => {
    chosen.current = id !== null;
    void setQ({ id });
  };
  // A choice in the list or timeline moves focus to the detail (keyboard and screen-reader users
  // land on what they opened); on narrow screens, where it sits below the list, it scrolls there.
  useEffect(() => {
    if (!q.id || !chosen.current || !detailRef.current) return;
    chosen.current = false;
    const narrow = window.innerWidth < 1024;
    detailRef.current.focus({ preventScroll: !narrow });
    if (narrow) detailRef.current.scrollIntoView({ block: "start" });
  }, [q.id]);

  const filtered = Boolean(q.machine_id || q.status || q.severity || q.detector);
  const machineName = machines.find((m) => m.id === q.machine_id)?.name;
  const periodName = `${plantDateInput(period.from, timeZone)}_${plantDateInput(period.to - 1, timeZone)}`;

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <AnomalyFilters values={q} period={period} machines={machines} timeZone={timeZone} onChange={(patch) => void setQ(patch)} />
      <p className="text-sm text-slate-600" data-testid="anomaly-period">
        Events overlapping {formatPlantRange(period.from, period.to, timeZone)} ({timeZone})
      </p>
      <DetectPanel key={`${period.from}-${period.to}-${q.machine_id ?? ""}`} period={period} machines={machines} timeZone={timeZone} machineId={q.machine_id} />

      <Card title="Timeline" testId="timeline-card">
        {timeline.isError ? (
          <ErrorBox error={timeline.error} action="Could not read the events" />
        ) : !timeline.data ? (
          <Skeleton className="h-32" label="Reading the events" />
        ) : shaped.bars.length === 0 ? (
          <p className="text-sm text-slate-600">No events to draw in this period.</p>
        ) : (
          <>
            <AnomalyTimelineChart lanes={shaped.lanes} bars={shaped.bars} from={period.from} to={period.to} timeZone={timeZone} selectedId={q.id} onSelect={select} />
            {timeline.data.next_cursor ? <p className="mt-1 text-xs text-slate-600">The timeline shows the newest 500 events; narrow the filters to see the rest.</p> : null}
          </>
        )}
      </Card>

      <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
        <Card
          title={q.order === "cost" ? "Ranked by excess cost" : "Newest first"}
          testId="anomaly-list-card"
          actions={
            <>
              <div role="group" aria-label="Rank events by" className="flex gap-1">
                <button type="button" className={toggle} aria-pressed={q.order === "cost"} onClick={() => void setQ({ order: "cost" })}>
                  Cost
                </button>
                <button type="button" className={toggle} aria-pressed={q.order === "time"} onClick={() => void setQ({ order: "time" })}>
                  Time
                </button>
              </div>
              <CsvDownload label="the anomaly list" fileName={csvFileName("anomalies", machineName, periodName, `by-${q.order}`)} getCsv={() => fetchAnomalyCsv(filters, q.order)} disabled={events.length === 0} />
            </>
          }
        >
          <p className="mb-2 text-xs text-slate-600">
            {q.order === "cost" ? "Most money wasted first (events without a tariff last, by excess kWh)." : "Newest start first."} Excess: energy above expected, in kWh, priced with the site&apos;s tariff.
          </p>
          {list.isError ? (
            <ErrorBox error={list.error} action="Could not read the events" />
          ) : !list.data ? (
            <Skeleton className="h-64" label="Reading the events" />
          ) : events.length === 0 ? (
            <EmptyState title={filtered ? "No events match these filters" : "No anomalies in this period"}>
              {filtered ? "Clear a filter or widen the period, or " : ""}
              run detection with <strong>Detect now</strong> above. Machines without a passing baseline are judged by their hour-of-week profile;{" "}
              <Link className="text-sky-800 underline" href="/baselines">
                train a baseline
              </Link>{" "}
              for sharper detection, or{" "}
              <Link className="text-sky-800 underline" href="/data">
                upload readings
              </Link>{" "}
              if the period has none.
            </EmptyState>
          ) : (
            <>
              <EventList events={events} order={q.order} timeZone={timeZone} selectedId={q.id} onSelect={select} />
              <div className="mt-2 flex items-center gap-3 text-sm">
                {list.hasNextPage ? (
                  <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 disabled:opacity-50">
                    {list.isFetchingNextPage ? "Loading…" : "Load more"}
                  </button>
                ) : null}
                <span className="text-xs text-slate-600" aria-live="polite" data-testid="list-count">
                  {events.length} event{events.length === 1 ? "" : "s"} shown{list.hasNextPage ? ", more to load" : ""}
                </span>
              </div>
            </>
          )}
        </Card>
        <div ref={detailRef} tabIndex={-1} className="min-w-0 focus:outline-none">
          {q.id ? (
            <EventDetail key={q.id} id={q.id} onClose={() => select(null)} />
          ) : (
            <Card title="Event">
              <p className="text-sm text-slate-600">Choose an event in the list or the timeline to see its energy against the expected band, the evidence and its history.</p>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}

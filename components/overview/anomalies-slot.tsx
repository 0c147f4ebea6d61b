import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { listEvents } from "@/lib/anomaly";
import { cachedRead } from "@/lib/api/read-cache";
import type { Database } from "@/lib/db/types";
import { fmt, fmtFixed } from "@/lib/dashboard/format";
import { formatPlantDateTime } from "@/lib/time/plant-time";
import { listQuerySchema } from "@/lib/validation/anomaly";

export const OVERVIEW_ANOMALIES = 5;

/**
 * The open anomalies that waste the most money (GET /api/v1/anomaly?status=open&order=cost&limit=5,
 * read through lib/anomaly's listEvents on the server), whatever the period: an open event needs
 * attention until someone acknowledges or closes it. Each links to its detail in /anomalies.
 */
export async function AnomaliesSlot({ db, timeZone }: { db: Database; timeZone: string }) {
  let page;
  try {
    // Stored events: only writes other than readings (detection, the workflow) change them.
    page = await cachedRead(db, `overview anomalies ${timeZone}`, {}, () => listEvents(db, listQuerySchema.parse({ status: "open", order: "cost", limit: OVERVIEW_ANOMALIES }), timeZone));
  } catch (error) {
    return (
      <Card title="Open anomalies ranked by cost" testId="anomalies-slot">
        <ErrorBox error={error} action="Could not read the open anomalies" />
      </Card>
    );
  }
  return (
    <Card
      title="Open anomalies ranked by cost"
      testId="anomalies-slot"
      actions={
        page.items.length ? (
          <Link className="text-sm text-sky-800 underline" href="/anomalies?status=open&order=cost">
            All open anomalies
          </Link>
        ) : null
      }
    >
      {page.items.length === 0 ? (
        <EmptyState title="No open anomalies">
          <Link className="text-sky-800 underline" href="/anomalies">
            Open the anomaly viewer
          </Link>{" "}
          to run detection over a period and review events by machine, severity and cost.
        </EmptyState>
      ) : (
        <>
        {page.items.every((e) => e.excess_cost === null) ? <p className="mb-1 text-xs text-slate-600">No tariff is set, so these are ranked by excess energy (kWh above expected).</p> : null}
        <ol className="flex flex-col divide-y divide-slate-100 text-sm">
          {page.items.map((e) => (
            <li key={e.id} className="py-2" data-testid="overview-anomaly" data-event-id={e.id}>
              <Link href={`/anomalies?id=${e.id}&order=cost`} className="flex flex-col gap-0.5 rounded hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700">
                <span className="flex flex-wrap justify-between gap-x-3">
                  <span className="font-medium text-sky-900 underline">
                    {e.machine_name} · {e.detector.replace(/_/g, " ")}
                  </span>
                  <span className="tabular-nums">
                    {fmt(e.excess_kwh, 1)} kWh · {e.excess_cost === null ? "no tariff" : `${fmtFixed(e.excess_cost, 2)} ${e.currency ?? ""}`}
                  </span>
                </span>
                <span className="text-xs text-slate-600">
                  {e.severity} · {formatPlantDateTime(Date.parse(e.start), timeZone)} → {formatPlantDateTime(Date.parse(e.end), timeZone)}
                </span>
              </Link>
            </li>
          ))}
        </ol>
        </>
      )}
    </Card>
  );
}

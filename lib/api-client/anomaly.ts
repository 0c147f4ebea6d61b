import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { joinCsvPages } from "@/lib/csv/build";
import { ApiError, fetchJson } from "./fetch-json";

// The anomaly API (README "## Anomalies"): the keyset-paged event list, one event with its series
// and history, the workflow PATCH and detection. Every answer is parsed with the shape the route
// returns (lib/anomaly/list.ts, detail.ts, api.ts).

export const anomalyStatuses = ["open", "acknowledged", "resolved", "false_positive"] as const;
export const anomalySeverities = ["low", "medium", "high"] as const;
export const anomalyDetectors = ["baseline_residual", "cusum", "profile", "idle_leak", "over_power", "spike", "stuck_meter", "data_gap", "isolation_forest", "silent_meter"] as const;
export const anomalyOrders = ["cost", "time"] as const;
export type AnomalyStatus = (typeof anomalyStatuses)[number];
export type AnomalyOrder = (typeof anomalyOrders)[number];

export const statusLabels: Record<AnomalyStatus, string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved", false_positive: "False positive" };
/** The button that moves an event into a status. */
export const transitionLabels: Record<AnomalyStatus, string> = { open: "Reopen", acknowledged: "Acknowledge", resolved: "Resolve", false_positive: "Mark false positive" };

export const eventSchema = z.object({
  id: z.string(),
  machine_id: z.string(),
  machine_name: z.string(),
  detector: z.string(),
  start: z.string(),
  end: z.string(),
  severity: z.enum(anomalySeverities),
  peak_score: z.number(),
  excess_kwh: z.number(),
  excess_cost: z.number().nullable(),
  currency: z.string().nullable(),
  baseline_model_id: z.string().nullable(),
  baseline_model_version: z.number().nullable(),
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(anomalyStatuses),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AnomalyEvent = z.infer<typeof eventSchema>;

export const eventListSchema = z.object({ items: z.array(eventSchema), next_cursor: z.string().nullable() });
export type AnomalyEventList = z.infer<typeof eventListSchema>;

const pointSchema = z.object({
  time: z.string(),
  actual_kwh: z.number().nullable(),
  expected_kwh: z.number().nullable(),
  lower_kwh: z.number().nullable(),
  upper_kwh: z.number().nullable(),
  coverage: z.number(),
  max_power_kw: z.number().nullable().optional(),
  in_event: z.boolean(),
});
export type AnomalyPoint = z.infer<typeof pointSchema>;

const historySchema = z.object({ from_status: z.string().nullable(), to_status: z.string(), note: z.string().nullable(), who: z.string(), at: z.string() });
export type AnomalyHistoryEntry = z.infer<typeof historySchema>;

export const eventDetailSchema = eventSchema.extend({
  history: z.array(historySchema),
  allowed_transitions: z.array(z.enum(anomalyStatuses)),
  time_zone: z.string(),
  series: z.object({
    expected_from: z.string(),
    band: z.string(),
    units: z.object({ values: z.string() }).passthrough(),
    points: z.array(pointSchema),
  }),
});
export type AnomalyEventDetail = z.infer<typeof eventDetailSchema>;

export const detectResultSchema = z.object({
  start_date: z.string(),
  end_date: z.string(),
  sensitivity: z.number(),
  created: z.number(),
  updated: z.number(),
  machines: z.array(
    z.object({
      machine_id: z.string(),
      machine_name: z.string(),
      created: z.number(),
      updated: z.number(),
      skipped: z.string().nullable().optional(),
      expected_from: z.string().nullable().optional(),
      baseline_note: z.string().nullable().optional(),
    }),
  ),
  events: z.array(eventSchema),
  next_cursor: z.string().nullable(),
});
export type DetectResult = z.infer<typeof detectResultSchema>;

/** The list filters, with the API's names (also the page's URL keys). */
export interface AnomalyFilters {
  machine_id?: string | null;
  status?: string | null;
  severity?: string | null;
  detector?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The query string of GET /api/v1/anomaly for these filters (empty ones left out). */
export function anomalyListParams(f: AnomalyFilters, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ["machine_id", "status", "severity", "detector", "from", "to"] as const) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

const LIST_PAGE = 25;

/** The ranked list, a page of LIST_PAGE at a time ("Load more" follows next_cursor). */
export const anomalyListQuery = (f: AnomalyFilters, order: AnomalyOrder) =>
  infiniteQueryOptions({
    queryKey: ["anomaly", "list", f, order],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchJson(`/api/v1/anomaly?${anomalyListParams(f, { order, limit: String(LIST_PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`, eventListSchema),
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });

/** Up to 500 events of the window in time order, for the timeline. */
export const anomalyTimelineQuery = (f: AnomalyFilters) =>
  queryOptions({
    queryKey: ["anomaly", "timeline", f],
    queryFn: () => fetchJson(`/api/v1/anomaly?${anomalyListParams(f, { order: "time", limit: "500" })}`, eventListSchema),
    placeholderData: keepPreviousData,
  });

export const anomalyDetailQuery = (id: string) =>
  queryOptions({ queryKey: ["anomaly", "detail", id], queryFn: () => fetchJson(`/api/v1/anomaly/${encodeURIComponent(id)}`, eventDetailSchema) });

/** PATCH /api/v1/anomaly/{id}: answers the event after the move; a 409 throws ApiError with the server's message. */
export const transitionAnomaly = (id: string, status: AnomalyStatus, note: string | null) =>
  fetchJson(`/api/v1/anomaly/${encodeURIComponent(id)}`, eventDetailSchema, { method: "PATCH", json: { status, note } });

export const detectAnomalies = (body: { machine_id?: string; start_date: string; end_date: string }) => fetchJson("/api/v1/anomaly/detect", detectResultSchema, { json: body });

/**
 * The whole filtered list as CSV in the given order: the API's format=csv pages (500 rows each)
 * joined, following the x-next-cursor header, with the header line once.
 */
export async function fetchAnomalyCsv(f: AnomalyFilters, order: AnomalyOrder): Promise<string> {
  let cursor: string | null = null;
  const pages: string[] = [];
  for (let page = 0; page < 200; page++) {
    const res: Response = await fetch(`/api/v1/anomaly?${anomalyListParams(f, { order, limit: "500", format: "csv", ...(cursor ? { cursor } : {}) })}`);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      throw new ApiError(res.status, body.message ?? `${res.status} ${res.statusText}`);
    }
    // Joined CSV-aware: a quoted cell may hold a line break, so pages are not split on CRLF.
    pages.push(await res.text());
    cursor = res.headers.get("x-next-cursor");
    if (!cursor) break;
  }
  return joinCsvPages(pages);
}

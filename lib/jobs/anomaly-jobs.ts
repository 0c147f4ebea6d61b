import type { JobDefinition, JobResult } from "./types";

// The two jobs whose work lives in lib/anomaly: they call the functions passed in JobDeps.

const HOUR_MS = 3_600_000;
/** After a long stop, detection looks back at most this far in one run (the window's start moves up). */
const MAX_DETECTION_WINDOW_MS = 31 * 24 * HOUR_MS;

/** A count from whatever the work function answered: a number, a list, or an object with a count. */
export function itemsOf(result: unknown): number {
  if (typeof result === "number" && Number.isFinite(result)) return result;
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === "object") {
    // lib/anomaly answers {created, updated, …}: events created plus events extended.
    const { created, updated } = result as { created?: unknown; updated?: unknown };
    if (typeof created === "number" && typeof updated === "number") return created + updated;
    for (const key of ["count", "events", "raised", "inserted", "detected", "items"]) {
      const v = (result as Record<string, unknown>)[key];
      if (typeof v === "number" && Number.isFinite(v)) return v;
      if (Array.isArray(v)) return v.length;
    }
  }
  return 0;
}

/** Small, JSON-safe summary of a work function's answer for the run's details. */
function summaryOf(result: unknown): unknown {
  try {
    const text = JSON.stringify(result);
    return text !== undefined && text.length <= 4000 ? (JSON.parse(text) as unknown) : { omitted: "answer larger than 4000 characters" };
  } catch {
    return { omitted: "answer is not JSON" };
  }
}

/**
 * Hourly anomaly detection over [end of the last successful run's window, the current whole
 * hour): consecutive runs tile time without gaps or overlaps, and a run repeated within the hour
 * has an empty window. The window is in the run's details (`window_start`, `window_end`).
 */
export const detectAnomaliesJob: JobDefinition = {
  name: "detect-anomalies",
  description: "Anomaly detection over the hours since the last successful run",
  unavailable: (deps) => (deps.detectAnomalies ? null : "detectAnomalies is not wired (lib/anomaly)"),
  async run({ db, deps, now, lastSuccess }): Promise<JobResult> {
    const end = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    const previous = typeof lastSuccess?.details?.window_end === "string" ? new Date(lastSuccess.details.window_end) : null;
    let start = previous && Number.isFinite(previous.getTime()) ? previous : new Date(end.getTime() - HOUR_MS);
    const capped = end.getTime() - start.getTime() > MAX_DETECTION_WINDOW_MS;
    if (capped) start = new Date(end.getTime() - MAX_DETECTION_WINDOW_MS);
    if (start.getTime() >= end.getTime()) {
      return { items: 0, details: { window_start: start.toISOString(), window_end: previous?.toISOString() ?? end.toISOString(), note: "no whole hour since the last run" } };
    }
    const result = await deps.detectAnomalies!(db, { start, end });
    return { items: itemsOf(result), details: { window_start: start.toISOString(), window_end: end.toISOString(), ...(capped ? { capped: true } : {}), result: summaryOf(result) } };
  },
};

/** Freshness: an event for each meter that has gone silent (lib/anomaly decides what silent means). */
export const freshnessCheckJob: JobDefinition = {
  name: "freshness-check",
  description: "Raises an event when a meter goes silent",
  unavailable: (deps) => (deps.raiseSilentMeters ? null : "raiseSilentMeters is not wired (lib/anomaly)"),
  async run({ db, deps, now }): Promise<JobResult> {
    const result = await deps.raiseSilentMeters!(db, { now });
    return { items: itemsOf(result), details: { checked_at: now.toISOString(), result: summaryOf(result) } };
  },
};

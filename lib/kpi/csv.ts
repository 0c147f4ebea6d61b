import type { SeriesPoint } from "@/lib/timeseries/series";
import type { getKpiSummary } from "./summary";

/** The summary's scalar fields as one CSV row (`time` = the window's start); lists stay in the JSON. */
export function summaryCsvRow(s: Awaited<ReturnType<typeof getKpiSummary>>): { columns: string[]; row: SeriesPoint } {
  const row: SeriesPoint = { time: s.window.start };
  for (const [k, v] of Object.entries(s)) {
    if (v === null || typeof v === "number" || typeof v === "string") row[k] = v;
  }
  return { columns: Object.keys(row).filter((k) => k !== "time"), row };
}

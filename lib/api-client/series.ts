import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

/** The series API's granularities (days, weeks and months are the plant's local calendar). */
export const seriesBuckets = ["auto", "1min", "15min", "hourly", "daily", "weekly", "monthly"] as const;
export type SeriesBucket = (typeof seriesBuckets)[number];

export const seriesSchema = z.object({
  machine_id: z.string(),
  bucket: z.enum(["1min", "15min", "hourly", "daily", "weekly", "monthly"]),
  time_zone: z.string().optional(),
  from: z.string(),
  to: z.string(),
  columns: z.array(z.string()),
  points: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type Series = z.infer<typeof seriesSchema>;

export interface SeriesRequest {
  machineId: string;
  metrics: string[];
  from: string;
  to: string;
  bucket: SeriesBucket;
}

export function seriesUrl(r: SeriesRequest, format: "json" | "csv" = "json"): string {
  const q = new URLSearchParams({ metrics: r.metrics.join(","), from: r.from, to: r.to, bucket: r.bucket, format });
  return `/api/v1/machines/${r.machineId}/series?${q.toString()}`;
}

export const seriesQuery = (r: SeriesRequest) =>
  queryOptions({ queryKey: ["series", r], queryFn: () => fetchJson(seriesUrl(r), seriesSchema), placeholderData: keepPreviousData });

import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

// The KPI API as the browser reads it (README "## KPIs"); only the fields the pages show are
// checked, the rest pass through.

const n = z.number().nullable();

export const kpiSummarySchema = z.looseObject({
  machine_id: z.string().nullable(),
  area: z.string().nullable(),
  time_zone: z.string(),
  start_date: z.string(),
  end_date: z.string(),
  total_energy_kwh: n,
  total_production_count: n,
  sec_kwh_per_unit: n,
  peak_demand_kw: n,
  peak_demand_at: z.string().nullable(),
  load_factor: n,
  cost: n,
  currency: z.string().nullable(),
  co2_kg: n,
  enpi: n,
  enpi_form: z.enum(["regression", "ratio"]),
  savings_kwh: n,
  ratio_enpi_kwh_per_unit: n,
  base_load_share: n,
  coverage: z.number(),
  absent: z.record(z.string(), z.array(z.string())),
  warnings: z.array(z.string()),
});
export type KpiSummaryJson = z.infer<typeof kpiSummarySchema>;

export const kpiSeriesSchema = z.looseObject({
  time_zone: z.string(),
  granularity: z.string(),
  columns: z.array(z.string()),
  series: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  currency: z.string().nullable().optional(),
  warnings: z.array(z.string()),
});
export type KpiSeriesJson = z.infer<typeof kpiSeriesSchema>;

export interface KpiScopeParams {
  machine_id?: string;
  area?: string;
  start_date: string;
  end_date: string;
}

export function kpiUrl(kpi: "summary" | "sec" | "cost" | "carbon", p: KpiScopeParams & { granularity?: string }, format: "json" | "csv" = "json"): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p) as [string, string | undefined][]) if (v) q.set(k, v);
  if (format === "csv") q.set("format", "csv");
  return `/api/v1/kpi/${kpi}?${q.toString()}`;
}

export const kpiSummaryQuery = (p: KpiScopeParams) => queryOptions({ queryKey: ["kpi", "summary", p], queryFn: () => fetchJson(kpiUrl("summary", p), kpiSummarySchema) });

export const kpiSeriesQuery = (kpi: "sec" | "cost" | "carbon", p: KpiScopeParams & { granularity: string }) =>
  queryOptions({ queryKey: ["kpi", kpi, p], queryFn: () => fetchJson(kpiUrl(kpi, p), kpiSeriesSchema) });

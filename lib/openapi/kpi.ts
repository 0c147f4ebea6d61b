import { emissionsSchema, kpiNameSchema, kpiQuerySchema, kpiSummaryQuerySchema, siteQuerySchema, siteWriteQuerySchema, tariffSchema } from "@/lib/validation/kpi";
import { operations } from "./registry";

export const kpiOperations = operations(
  {
    method: "get",
    path: "/api/v1/kpi/{kpi}",
    tag: "kpi",
    summary: "One KPI of a machine, an area or the plant per bucket and in total",
    description: "See the README's \"KPIs\" for definitions (SEC, peak demand, load factor, cost, carbon, EnPI). `format=csv` gives the buckets.",
    params: { kpi: kpiNameSchema },
    query: kpiQuerySchema,
    example: { params: { kpi: "sec" } },
    responses: { 200: "`{series, totals, by_machine, absent, warnings, units, read_from}` or CSV", 404: "No such machine, or no active machine in the area" },
  },
  {
    method: "get",
    path: "/api/v1/kpi/summary",
    tag: "kpi",
    summary: "Every KPI of a machine, area or the plant over one period",
    query: kpiSummaryQuerySchema,
    responses: { 200: "One object of figures, or a one-row CSV", 404: "No such machine, or no active machine in the area" },
  },
  { method: "get", path: "/api/v1/settings/tariff", tag: "settings", summary: "A site's electricity tariff", query: siteQuerySchema, responses: { 200: "The tariff (`configured: false` when none is set)", 404: "No such site" } },
  {
    method: "put",
    path: "/api/v1/settings/tariff",
    tag: "settings",
    summary: "Sets a site's tariff: flat or time-of-use periods tiling the week, plus a demand charge",
    query: siteWriteQuerySchema,
    body: { schema: tariffSchema },
    responses: { 200: "The tariff", 404: "No such site" },
  },
  { method: "get", path: "/api/v1/settings/emissions", tag: "settings", summary: "A site's grid emission factor", query: siteQuerySchema, responses: { 200: "The factor (`configured: false` when none is set)", 404: "No such site" } },
  {
    method: "put",
    path: "/api/v1/settings/emissions",
    tag: "settings",
    summary: "Sets a site's grid factor in kg CO2 per kWh, optionally 24 values by local hour",
    query: siteWriteQuerySchema,
    body: { schema: emissionsSchema },
    responses: { 200: "The factor", 404: "No such site" },
  },
);

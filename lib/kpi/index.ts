import type { Database } from "@/lib/db/types";
import type { KpiName } from "@/lib/validation/kpi";
import { header, kpiContext, type KpiRequest } from "./context";
import { carbonKpi, costKpi, enpiKpi, peakKpi, secKpi } from "./kpis";

export { getKpiSummary } from "./summary";

/**
 * One KPI of a scope (machine, area or plant) over a period at a granularity: `series` (one row per
 * whole bucket of the site's local calendar, the CSV's rows), `totals` over the period, per-machine
 * figures and why any is absent. Throws AppError 404 for an unknown machine or empty area, 400 for
 * a period without a whole bucket or machines in several time zones.
 */
export async function getKpi(db: Database, kpi: KpiName, q: KpiRequest) {
  // Cost and CO2 depend on the hour only through time-of-use prices and hourly grid factors.
  const c = await kpiContext(db, q, kpi === "cost" || kpi === "carbon" ? { byDayFor: kpi } : {});
  const head = header(kpi, c, q);
  switch (kpi) {
    case "sec":
      return { ...head, ...(await secKpi(db, c)) };
    case "peak-demand":
      return { ...head, ...(await peakKpi(db, c, false)) };
    case "load-factor":
      return { ...head, ...(await peakKpi(db, c, true)) };
    case "cost":
      return { ...head, ...(await costKpi(db, c)) };
    case "carbon":
      return { ...head, ...carbonKpi(c) };
    case "enpi":
      return { ...head, ...(await enpiKpi(db, c)) };
  }
}

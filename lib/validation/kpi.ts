import { z } from "zod";
import { strictObject } from "./strict";
import { isoInstant } from "./dates";
import { AppError } from "@/lib/errors";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";
import { touProblems, wholeHour } from "@/lib/kpi/tariff";
import { canonicalGranularity } from "@/lib/timeseries/granularity";

// Query strings of the KPI API and bodies of the tariff and emission-factor settings.

export const kpiNames = ["sec", "peak-demand", "load-factor", "cost", "carbon", "enpi"] as const;
export type KpiName = (typeof kpiNames)[number];

/** KPI buckets: 1-minute buckets hold no demand interval and are not offered. */
export const kpiGranularities = ["15min", "hourly", "daily", "weekly", "monthly"] as const;
export type KpiGranularity = (typeof kpiGranularities)[number];

const granularity = z.string().transform((s, ctx): KpiGranularity => {
  const g = canonicalGranularity(s);
  if (!g || !(kpiGranularities as readonly string[]).includes(g)) {
    ctx.addIssue({ code: "custom", message: `must be one of ${kpiGranularities.join(", ")} (1hour, 1day … accepted)` });
    return z.NEVER;
  }
  return g as KpiGranularity;
});

const MAX_SPAN_MS = 11 * 366 * 86_400_000;

const scope = {
  machine_id: z.guid({ message: "must be a machine id (uuid); omit it for the plant" }).optional(),
  area: z.string().trim().min(1, "must not be empty").max(200).regex(/^[^\0]*$/, "must not contain NUL characters").optional(),
  start_date: isoInstant("start_date"),
  end_date: isoInstant("end_date"),
  format: z.enum(["json", "csv"], { message: "must be json or csv" }).default("json"),
};

const ordered = <T extends { start_date: Date; end_date: Date }>(v: T) => v.start_date < v.end_date;

export const kpiQuerySchema = z
  .object({ ...scope, granularity: granularity.default("daily") })
  .refine(ordered, { message: "start_date must be before end_date", path: ["start_date"] })
  .refine((v) => v.end_date.getTime() - v.start_date.getTime() <= MAX_SPAN_MS, { message: "the period may span at most 11 years", path: ["end_date"] })
  .refine((v) => v.granularity !== "15min" || v.end_date.getTime() - v.start_date.getTime() <= 400 * 86_400_000, {
    message: "15min buckets are offered over at most 400 days; choose hourly or coarser",
    path: ["granularity"],
  });
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export const kpiSummaryQuerySchema = z
  .object(scope)
  .refine(ordered, { message: "start_date must be before end_date", path: ["start_date"] })
  .refine((v) => v.end_date.getTime() - v.start_date.getTime() <= MAX_SPAN_MS, { message: "the period may span at most 11 years", path: ["end_date"] });
export type KpiSummaryQuery = z.infer<typeof kpiSummaryQuerySchema>;

export const kpiNameSchema = z.enum(kpiNames, { message: `unknown KPI; valid: ${kpiNames.join(", ")}, summary` });

export const siteQuerySchema = z.object({ site_id: z.guid({ message: "must be a site id (uuid)" }).default(DEFAULT_SITE_ID) });

/** PUT /api/v1/settings/{tariff,emissions}?site_id: the site may be named in the query (as on GET) or in the body. */
export const siteWriteQuerySchema = z.object({ site_id: z.guid({ message: "must be a site id (uuid)" }).optional() });

/**
 * A settings body with the query's site_id put in: the body's own site_id must then be absent or
 * the same site. Throws AppError 400 naming site_id when they differ (a write meant for one site
 * must never land on another).
 */
export function withQuerySite(body: unknown, querySite: string | undefined): unknown {
  if (querySite === undefined || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const own = (body as Record<string, unknown>).site_id;
  if (own !== undefined && (typeof own !== "string" || own.toLowerCase() !== querySite.toLowerCase())) {
    const message = `site_id in the query (${querySite}) and in the body (${JSON.stringify(own).slice(0, 60)}) differ: name the site once`;
    throw new AppError("bad_request", message, { errors: [{ field: "site_id", message: "differs from the query's site_id" }] });
  }
  return { ...body, site_id: querySite };
}

const hourText = (name: string) =>
  z.string({ message: `${name} is required ("HH:00", local time)` }).refine((s) => wholeHour(s) !== null && !(name === "start" && s === "24:00"), {
    message: `${name} must be a whole local hour "00:00"…"${name === "start" ? "23" : "24"}:00" (readings are priced by hour)`,
  });

const price = (name: string) => z.number({ message: `${name} must be a number` }).finite().min(0, `${name} must not be negative`).max(100, `${name} above 100 per kWh is not a price`);

const touPeriodSchema = strictObject({
  name: z.string().trim().min(1, "name is required").max(60).regex(/^[^\0]*$/, "name must not contain NUL characters"),
  days: z.enum(["weekday", "weekend", "all"], { message: "days must be weekday, weekend or all" }),
  start: hourText("start"),
  end: hourText("end"),
  price_per_kwh: price("price_per_kwh"),
})
  .refine(
    (p) => {
      const [a, b] = [wholeHour(p.start), wholeHour(p.end)];
      return a === null || b === null || (a === 0 && b === 24) || a !== b % 24;
    },
    { message: "start and end must differ (00:00–24:00 is the whole day)", path: ["end"] },
  );

export const tariffSchema = strictObject({
  site_id: z.guid({ message: "must be a site id (uuid)" }).default(DEFAULT_SITE_ID),
  currency: z.string({ message: "currency is required (ISO 4217, e.g. EUR)" }).regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code such as EUR"),
  flat_price_per_kwh: price("flat_price_per_kwh").nullish(),
  periods: z.array(touPeriodSchema, { message: "periods must be a list of time-of-use periods" }).min(1, "give at least one period").max(48).nullish(),
  demand_charge_per_kw_month: z.number({ message: "must be a number" }).finite().min(0, "must not be negative").max(10_000).default(0),
})
  .superRefine((t, ctx) => {
    const flat = t.flat_price_per_kwh !== null && t.flat_price_per_kwh !== undefined;
    const tou = t.periods !== null && t.periods !== undefined;
    if (flat === tou) {
      ctx.addIssue({ code: "custom", path: ["flat_price_per_kwh"], message: "give either flat_price_per_kwh (a flat tariff) or periods (time of use), not both or neither" });
      return;
    }
    if (tou) for (const p of touProblems(t.periods!)) ctx.addIssue({ code: "custom", path: p.field.split("."), message: p.message });
  });
export type TariffInput = z.infer<typeof tariffSchema>;

const factor = (name: string) => z.number({ message: `${name} must be a number` }).finite().min(0, `${name} must not be negative`).max(5, `${name} above 5 kg CO2 per kWh is not a grid factor`);

export const emissionsSchema = strictObject({
  site_id: z.guid({ message: "must be a site id (uuid)" }).default(DEFAULT_SITE_ID),
  kg_co2_per_kwh: factor("kg_co2_per_kwh"),
  hourly_kg_co2_per_kwh: z
    .array(factor("each hourly value"), { message: "must be a list of 24 numbers (local hours 00–23)" })
    .length(24, "must hold exactly 24 values, one per local hour 00–23")
    .nullish(),
  // PostgreSQL text cannot hold NUL: such a source is bad input, not a server error.
  source: z.string().trim().max(300).regex(/^[^\0]*$/, "must not contain NUL characters").nullish(),
});
export type EmissionsInput = z.infer<typeof emissionsSchema>;

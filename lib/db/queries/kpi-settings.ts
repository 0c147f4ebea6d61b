import "server-only";
import { eq, inArray } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { EmissionsInput, TariffInput } from "@/lib/validation/kpi";
import { siteEmissionFactors, siteTariffs, type SiteEmissionFactor, type SiteTariff } from "../schema";
import type { Database } from "../types";
import { getSite } from "./sites";
import { cachedRead, recordWrite } from "@/lib/api/read-cache";
import { pricesByHourOfWeek } from "@/lib/kpi/tariff";
import { repriceEvents } from "./anomaly";

// Tariff and emission-factor settings per site: stored as given, read back for the KPI engine.

export function tariffJson(siteId: string, t: SiteTariff | null) {
  return {
    site_id: siteId,
    configured: t !== null,
    currency: t?.currency ?? null,
    kind: t === null ? null : t.touPeriods ? "time_of_use" : "flat",
    flat_price_per_kwh: t?.flatPricePerKwh ?? null,
    periods: t?.touPeriods ?? null,
    demand_charge_per_kw_month: t?.demandChargePerKwMonth ?? 0,
    updated_at: t ? new Date(t.updatedAt).toISOString() : null,
  };
}

export function emissionsJson(siteId: string, e: SiteEmissionFactor | null) {
  return {
    site_id: siteId,
    configured: e !== null,
    kg_co2_per_kwh: e?.kgCo2PerKwh ?? null,
    hourly_kg_co2_per_kwh: e?.hourlyKgCo2PerKwh ?? null,
    source: e?.source ?? null,
    updated_at: e ? new Date(e.updatedAt).toISOString() : null,
  };
}

/** A site's tariff, or null when none is set. Throws AppError 404 for an unknown site. */
export async function getTariff(db: Database, siteId: string): Promise<SiteTariff | null> {
  await getSite(db, siteId);
  const [t] = await db.orm.select().from(siteTariffs).where(eq(siteTariffs.siteId, siteId));
  return t ?? null;
}

/**
 * Stores a site's tariff (replacing any) and prices the site's stored anomaly events again at it
 * (repriceEvents). Throws AppError 404 for an unknown site.
 */
export async function putTariff(db: Database, input: TariffInput): Promise<SiteTariff> {
  await getSite(db, input.site_id);
  const values = {
    currency: input.currency,
    flatPricePerKwh: input.flat_price_per_kwh ?? null,
    touPeriods: input.periods ?? null,
    demandChargePerKwMonth: input.demand_charge_per_kw_month,
    updatedAt: new Date(),
  };
  const [t] = await db.orm
    .insert(siteTariffs)
    .values({ siteId: input.site_id, ...values })
    .onConflictDoUpdate({ target: siteTariffs.siteId, set: values })
    .returning();
  if (!t) throw new AppError("internal", "storing the tariff returned no row");
  // Stored anomaly events' excess costs follow the tariff, as the KPIs (read at the tariff of today) do.
  await repriceEvents(db, input.site_id, t.currency, pricesByHourOfWeek(t));
  // Also for callers other than route() (scripts, jobs): cached reads are dropped.
  recordWrite("all");
  return t;
}

export async function getEmissions(db: Database, siteId: string): Promise<SiteEmissionFactor | null> {
  await getSite(db, siteId);
  const [e] = await db.orm.select().from(siteEmissionFactors).where(eq(siteEmissionFactors.siteId, siteId));
  return e ?? null;
}

export async function putEmissions(db: Database, input: EmissionsInput): Promise<SiteEmissionFactor> {
  await getSite(db, input.site_id);
  const values = { kgCo2PerKwh: input.kg_co2_per_kwh, hourlyKgCo2PerKwh: input.hourly_kg_co2_per_kwh ?? null, source: input.source ?? null, updatedAt: new Date() };
  const [e] = await db.orm
    .insert(siteEmissionFactors)
    .values({ siteId: input.site_id, ...values })
    .onConflictDoUpdate({ target: siteEmissionFactors.siteId, set: values })
    .returning();
  if (!e) throw new AppError("internal", "storing the emission factor returned no row");
  recordWrite("all");
  return e;
}

/** Tariffs and emission factors of several sites at once (the KPI engine), keyed by site id. */
export async function kpiSettingsOf(db: Database, siteIds: string[]): Promise<{ tariffs: Map<string, SiteTariff>; emissions: Map<string, SiteEmissionFactor> }> {
  if (siteIds.length === 0) return { tariffs: new Map(), emissions: new Map() };
  // Read by every KPI request; settings change only through writes that drop the read cache.
  return cachedRead(db, `kpi settings ${[...siteIds].sort().join(",")}`, {}, () => readKpiSettings(db, siteIds));
}

async function readKpiSettings(db: Database, siteIds: string[]): Promise<{ tariffs: Map<string, SiteTariff>; emissions: Map<string, SiteEmissionFactor> }> {
  const [t, e] = await Promise.all([
    db.orm.select().from(siteTariffs).where(inArray(siteTariffs.siteId, siteIds)),
    db.orm.select().from(siteEmissionFactors).where(inArray(siteEmissionFactors.siteId, siteIds)),
  ]);
  return { tariffs: new Map(t.map((x) => [x.siteId, x])), emissions: new Map(e.map((x) => [x.siteId, x])) };
}

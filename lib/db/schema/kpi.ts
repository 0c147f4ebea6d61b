import { doublePrecision, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sites } from "./core";

// KPI settings, one row per site: the electricity tariff (cost KPIs) and the grid emission factor
// (CO2). No row: the KPI is reported absent with the reason, never priced at a made-up default.

/** A time-of-use period as stored (validated by lib/validation/kpi.ts: the periods tile the week). */
export interface TouPeriod {
  name: string;
  /** Which local days the period applies to; each hour is judged by its own local date. */
  days: "weekday" | "weekend" | "all";
  /** Local wall-clock hours "HH:00"; end "24:00" is midnight; start > end runs across midnight. */
  start: string;
  end: string;
  price_per_kwh: number;
}

export const siteTariffs = pgTable("site_tariffs", {
  siteId: uuid("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  /** ISO 4217 code of every price below and of the cost KPIs. */
  currency: text("currency").notNull(),
  /** Price per kWh at every hour; null when time-of-use periods are given. */
  flatPricePerKwh: doublePrecision("flat_price_per_kwh"),
  /** Time-of-use periods covering every hour of the week exactly once; null for a flat tariff. */
  touPeriods: jsonb("tou_periods").$type<TouPeriod[]>(),
  /** Charge per kW of the month's highest 15-minute demand (currency per kW-month); 0: none. */
  demandChargePerKwMonth: doublePrecision("demand_charge_per_kw_month").notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const siteEmissionFactors = pgTable("site_emission_factors", {
  siteId: uuid("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  /** Grid emission factor, kg CO2(e) per kWh, used at every hour without an hourly value. */
  kgCo2PerKwh: doublePrecision("kg_co2_per_kwh").notNull(),
  /** Optional 24 values by local hour (index 0 = 00:00–01:00), kg CO2 per kWh. */
  hourlyKgCo2PerKwh: jsonb("hourly_kg_co2_per_kwh").$type<number[]>(),
  /** Where the factor comes from (e.g. "UBA 2024 German grid mix"). */
  source: text("source"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SiteTariff = typeof siteTariffs.$inferSelect;
export type SiteEmissionFactor = typeof siteEmissionFactors.$inferSelect;

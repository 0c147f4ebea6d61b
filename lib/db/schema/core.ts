import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const machineTypes = [
  "compressor",
  "chiller",
  "hvac",
  "boiler",
  "oven",
  "injection_molding",
  "motor",
  "pump",
  "conveyor",
  "other",
] as const;
export const machineTypeEnum = pgEnum("machine_type", machineTypes);

export const DEFAULT_SITE_ID = "5e000000-0000-0000-0000-000000000001";

export const sites = pgTable("sites", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Europe/Berlin"),
  country: text("country").notNull().default("DE"),
  /** Overrides of the baseline quality thresholds (snake_case keys); null: the defaults. */
  qualityThresholds: jsonb("quality_thresholds").$type<Record<string, number>>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const machines = pgTable(
  "machines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    name: text("name").notNull(),
    type: machineTypeEnum("type").notNull().default("other"),
    area: text("area"),
    ratedPowerKw: doublePrecision("rated_power_kw"),
    /**
     * The meter's reading interval (lib/timeseries/intervals.ts: 1min … 1day, a day being the
     * site's local calendar day); null: inferred from the spacing of the readings.
     */
    sampleInterval: text("sample_interval"),
    /** Whether a reading's timestamp marks the start or the end of its interval (utility data: often the end). */
    timestampPosition: text("timestamp_position").notNull().default("start"),
    /** Cumulative registers: the value after which the register rolls over to zero; null: no rollover expected. */
    registerMaxKwh: doublePrecision("register_max_kwh"),
    /** Plausibility: the highest average power a reading may imply; null: derived from rated_power_kw. */
    maxPlausiblePowerKw: doublePrecision("max_plausible_power_kw"),
    isActive: boolean("is_active").notNull().default(true),
    /**
     * Whether the machine's production count is output of the areas and the plant it belongs to,
     * summed into their units and SEC. False where the count is a copy of other machines' output
     * kept as the machine's own driver (a compressor given the plant's output): counted once, at
     * the machines that make the units (ISO 50006: a ratio EnPI's output is the boundary's output).
     */
    countsOutput: boolean("counts_output").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("machines_site_name_key").on(t.siteId, t.name), index("machines_active_idx").on(t.isActive).where(sql`${t.isActive}`)],
);

export type Site = typeof sites.$inferSelect;
export type Machine = typeof machines.$inferSelect;
export type NewMachine = typeof machines.$inferInsert;

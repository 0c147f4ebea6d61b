import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { machines } from "./core";

/**
 * Versioned energy baselines. A model is data: everything needed to predict (state) is stored,
 * so an exported model re-imported predicts identically. One active model per machine.
 */
export const baselineModels = pgTable(
  "baseline_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    machineId: uuid("machine_id")
      .notNull()
      .references(() => machines.id),
    version: integer("version").notNull(),
    modelType: text("model_type").notNull(),
    granularity: text("granularity").notNull(),
    drivers: jsonb("drivers").$type<string[]>().notNull(),
    transforms: jsonb("transforms").$type<Record<string, number | null>>().notNull().default({}),
    coefficients: jsonb("coefficients").$type<Record<string, number>>().notNull(),
    intercept: doublePrecision("intercept").notNull(),
    statistics: jsonb("statistics").$type<Record<string, unknown>>().notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    trainingStart: timestamp("training_start", { withTimezone: true }).notNull(),
    trainingEnd: timestamp("training_end", { withTimezone: true }).notNull(),
    trainingSamples: integer("training_samples").notNull(),
    isActive: boolean("is_active").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("baseline_models_machine_version_key").on(t.machineId, t.version),
    uniqueIndex("baseline_models_one_active_key").on(t.machineId).where(sql`${t.isActive}`),
    index("baseline_models_machine_idx").on(t.machineId, t.createdAt),
  ],
);

export type BaselineModelRow = typeof baselineModels.$inferSelect;

import { sql } from "drizzle-orm";
import { bigserial, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { baselineModels } from "./baseline";
import { machines } from "./core";

// Anomaly events (lib/anomaly): flagged buckets of one machine and detector merged into an event
// [start, end), ranked by the energy and money it wasted, with a workflow status and its history.

export const anomalyEvents = pgTable(
  "anomaly_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    machineId: uuid("machine_id")
      .notNull()
      .references(() => machines.id),
    /** lib/anomaly/types.ts detectorNames (baseline_residual, cusum, idle_leak, …). */
    detector: text("detector").notNull(),
    startTime: timestamp("start_time", { withTimezone: true }).notNull(),
    /** Exclusive: the end of the last flagged bucket. */
    endTime: timestamp("end_time", { withTimezone: true }).notNull(),
    /** low | medium | high. */
    severity: text("severity").notNull(),
    /** The highest score of its buckets, in the detector's own scale (robust z, CUSUM statistic, …). */
    peakScore: doublePrecision("peak_score").notNull(),
    /** Energy above the expected (kWh), never negative; 0 for data-quality events. */
    excessKwh: doublePrecision("excess_kwh").notNull().default(0),
    /** Cost of the excess under the site's tariff; null without a tariff. */
    excessCost: doublePrecision("excess_cost"),
    currency: text("currency"),
    baselineModelId: uuid("baseline_model_id").references(() => baselineModels.id),
    baselineModelVersion: integer("baseline_model_version"),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    /** open | acknowledged | resolved | false_positive (lib/anomaly/workflow.ts). */
    status: text("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Detection looks up a machine's events of one detector around a window (idempotent merging).
    index("anomaly_events_machine_detector_idx").on(t.machineId, t.detector, t.startTime),
    // Listing by period, newest first, with the id as keyset tie-breaker.
    index("anomaly_events_start_idx").on(t.startTime, t.id),
    // Listing ranked by money wasted.
    index("anomaly_events_cost_idx").on(sql`coalesce(${t.excessCost}, -1)`, t.excessKwh, t.id),
    check("anomaly_events_status_check", sql`${t.status} IN ('open', 'acknowledged', 'resolved', 'false_positive')`),
    check("anomaly_events_severity_check", sql`${t.severity} IN ('low', 'medium', 'high')`),
    check("anomaly_events_span_check", sql`${t.endTime} >= ${t.startTime}`),
  ],
);

export const anomalyEventHistory = pgTable(
  "anomaly_event_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => anomalyEvents.id, { onDelete: "cascade" }),
    /** null for the event's creation. */
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    note: text("note"),
    who: text("who").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("anomaly_event_history_event_idx").on(t.eventId, t.at)],
);

export type AnomalyEventRow = typeof anomalyEvents.$inferSelect;
export type AnomalyHistoryRow = typeof anomalyEventHistory.$inferSelect;

import { sql } from "drizzle-orm";
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { machines } from "./core";

// Scheduled jobs (lib/jobs): their run history, the daily KPI snapshots reports read, and the
// state of the living demo plant.

/**
 * One row per run of a job. A run starts as `running` and ends `succeeded` or `failed`; a row
 * left `running` by an instance that died is marked failed by the next instance that takes the
 * job's lock (nobody else can be running it then). A scheduled run carries the slot it was
 * scheduled for, unique per job, so two instances never both run one slot.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    job: text("job").notNull(),
    /** "schedule" (a slot of the job's cron), "catch_up" (a slot missed while down), "manual", "retry". */
    trigger: text("trigger").notNull(),
    /** The cron slot a scheduled or caught-up run stands for; null for manual runs. */
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** running | succeeded | failed */
    status: text("status").notNull(),
    durationMs: integer("duration_ms"),
    itemsProcessed: integer("items_processed"),
    error: text("error"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    /** host:pid of the process that ran it (for the operator; the lock decides liveness). */
    instance: text("instance").notNull(),
  },
  (t) => [
    index("job_runs_job_started_idx").on(t.job, t.startedAt),
    uniqueIndex("job_runs_job_slot_key").on(t.job, t.scheduledFor).where(sql`${t.scheduledFor} IS NOT NULL`),
  ],
);

export type JobRunRow = typeof jobRuns.$inferSelect;

/**
 * Every KPI of a scope over one local day (lib/kpi's summary), kept so reports read a day's
 * figures without recomputing them. `scope_key` is the machine id, or "plant".
 */
export const kpiSnapshots = pgTable(
  "kpi_snapshots",
  {
    scopeKey: text("scope_key").notNull(),
    machineId: uuid("machine_id").references(() => machines.id, { onDelete: "cascade" }),
    /** The local calendar day (site time zone). */
    day: date("day", { mode: "string" }).notNull(),
    timeZone: text("time_zone").notNull(),
    totalEnergyKwh: doublePrecision("total_energy_kwh"),
    totalProductionCount: doublePrecision("total_production_count"),
    secKwhPerUnit: doublePrecision("sec_kwh_per_unit"),
    peakDemandKw: doublePrecision("peak_demand_kw"),
    loadFactor: doublePrecision("load_factor"),
    cost: doublePrecision("cost"),
    co2Kg: doublePrecision("co2_kg"),
    enpi: doublePrecision("enpi"),
    coverage: doublePrecision("coverage"),
    /** The whole summary answer of that day, as GET /api/v1/kpi/summary gives it. */
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("kpi_snapshots_scope_day_key").on(t.scopeKey, t.day), index("kpi_snapshots_day_idx").on(t.day)],
);

export type KpiSnapshotRow = typeof kpiSnapshots.$inferSelect;

/**
 * The demo plant a database was seeded with (one row, id 1): enough to go on generating the same
 * plant's readings. `living`: the living-demo job appends readings up to the present.
 */
export const demoState = pgTable("demo_state", {
  id: integer("id").primaryKey().default(1),
  seed: bigint("seed", { mode: "number" }).notNull(),
  timeZone: text("time_zone").notNull(),
  /** The seeded window [start, seeded_end): its anomalies are the plant's first cycle. */
  start: timestamp("start", { withTimezone: true }).notNull(),
  seededEnd: timestamp("seeded_end", { withTimezone: true }).notNull(),
  /** Readings exist up to here (exclusive). */
  generatedUntil: timestamp("generated_until", { withTimezone: true }).notNull(),
  living: boolean("living").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type DemoStateRow = typeof demoState.$inferSelect;

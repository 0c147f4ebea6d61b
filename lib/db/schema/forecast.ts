import { doublePrecision, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { machines } from "./core";

/**
 * What a plant knows in advance about a machine's drivers: its production plan (planned output,
 * running hours, set-points) and weather forecasts, one value per hour (`time`, the hour's start)
 * as published at `issued_at`. A revision is a new issue; forecasts and backtests read, for each
 * hour, the latest issue at or before their origin, so nothing published later leaks into them.
 */
export const plannedDrivers = pgTable(
  "planned_drivers",
  {
    machineId: uuid("machine_id")
      .notNull()
      .references(() => machines.id, { onDelete: "cascade" }),
    driver: text("driver").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  // Read by machine, driver and a time range; the issue last (a handful per hour).
  (t) => [primaryKey({ columns: [t.machineId, t.driver, t.time, t.issuedAt] })],
);

export type PlannedDriverRecord = typeof plannedDrivers.$inferSelect;

import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid, index } from "drizzle-orm/pg-core";
import { machines } from "./core";

// Import profiles: how a foreign CSV export (a utility portal's, a logger's, a spreadsheet's)
// maps onto our columns, saved under a name so the next file of that source imports in one step
// (lib/import/mapping.ts applies one; lib/validation/import-profiles.ts validates it).

/** What a profile stores besides its name, kind and machine (snake_case, as the API sends it). */
export interface StoredMapping {
  /** Our column → the file's header name. */
  columns: Record<string, string>;
  date_format: "iso" | "day_first" | "month_first";
  tz?: string;
  timestamp_position?: "start" | "end";
  delimiter?: "," | ";" | "\t";
  decimal?: "." | ",";
  period_end?: "exclusive" | "inclusive";
}

export const importProfiles = pgTable(
  "import_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** energy, production, environmental, bill or register (lib/validation/ingest.ts csvKinds). */
    kind: text("kind").notNull(),
    /** The machine every row of the file belongs to; null: the file has a machine column. */
    machineId: uuid("machine_id").references(() => machines.id, { onDelete: "cascade" }),
    mapping: jsonb("mapping").$type<StoredMapping>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("import_profiles_name_key").on(t.name), index("import_profiles_machine_idx").on(t.machineId)],
);

export type ImportProfile = typeof importProfiles.$inferSelect;

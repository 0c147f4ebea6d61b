import { z } from "zod";
import { strictObject } from "./strict";
import { columnSpecs } from "@/lib/ingest/columns";
import { isTimeZone } from "@/lib/ingest/timestamps";
import { csvKinds, csvQuerySchema, type CsvKind } from "./ingest";

// An import mapping: which column of a foreign CSV export fills which of ours, how its dates are
// written, and the rest of what the ingest needs to read it (lib/import/mapping.ts applies it).
// Saved under a name, it is an import profile (lib/db/schema/import.ts).

/** A separate column holding the time of day, for exports that split date and time ("Datum;Uhrzeit"). */
export const TIME_OF_DAY = "time_of_day";

/** Our columns a mapping may fill, per kind: the ingest's own (lib/ingest/columns.ts, bills.ts), plus time_of_day. */
export const targetColumns: Record<CsvKind, string[]> = {
  energy: [...columnSpecs.energy.map((c) => c.name), TIME_OF_DAY],
  production: [...columnSpecs.production.map((c) => c.name), TIME_OF_DAY],
  environmental: [...columnSpecs.environmental.map((c) => c.name), TIME_OF_DAY],
  // lib/ingest/bills.ts billColumns (not imported: this file is also read by the browser).
  bill: ["machine_id", "period_start", "period_end", "energy_kwh", "cost", "peak_kw"],
  register: ["time", "machine_id", "energy_register_kwh", TIME_OF_DAY],
};

/** The columns each kind needs (the machine: a column or one machine for the file, checked apart). */
export const requiredColumns: Record<CsvKind, string[]> = {
  energy: ["time", "energy_kwh"],
  production: ["time", "production_count"],
  environmental: ["time"],
  bill: ["period_start", "period_end", "energy_kwh"],
  register: ["time", "energy_register_kwh"],
};

/** Our columns holding a date or timestamp, read in the mapping's date_format. */
export const dateColumns = ["time", "period_start", "period_end"];

export const dateFormats = ["iso", "day_first", "month_first"] as const;
export type DateFormat = (typeof dateFormats)[number];

// NUL cannot be stored in PostgreSQL text or jsonb (a saved profile would be a 500).
const header = z.string().trim().min(1, "must name a column of the file").max(200, "must be at most 200 characters").regex(/^[^\0]*$/, "must not contain NUL characters");

const mappingFields = strictObject({
  kind: z.enum(csvKinds, { message: `must be one of ${csvKinds.join(", ")}` }),
  /** Our column → the file's header name. */
  columns: z.record(z.string(), header, { message: "must be an object of our column → the file's column" }),
  /** The machine of every row, when the file has no machine column. */
  machine_id: z.guid({ message: "must be a machine id (uuid)" }).nullish(),
  date_format: z.enum(dateFormats, { message: `must be one of ${dateFormats.join(", ")}` }).default("iso"),
  tz: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin").optional(),
  timestamp_position: z.enum(["start", "end"], { message: "must be start or end" }).optional(),
  delimiter: csvQuerySchema.shape.delimiter,
  decimal: csvQuerySchema.shape.decimal,
  period_end: z.enum(["exclusive", "inclusive"], { message: "must be exclusive or inclusive" }).optional(),
});

/** The rules across fields: columns known for the kind, the required ones there, one way of naming the machine. */
function checkMapping(m: z.infer<typeof mappingFields>, ctx: z.RefinementCtx): void {
  const allowed = targetColumns[m.kind];
  for (const target of Object.keys(m.columns)) {
    if (!allowed.includes(target)) ctx.addIssue({ code: "custom", path: ["columns", target], message: `is not a column of kind ${m.kind}; its columns: ${allowed.join(", ")}` });
  }
  for (const need of requiredColumns[m.kind]) {
    if (!m.columns[need]) ctx.addIssue({ code: "custom", path: ["columns", need], message: `is required for kind ${m.kind}: name the file's column that holds it` });
  }
  if (m.columns[TIME_OF_DAY] && m.date_format === "iso") ctx.addIssue({ code: "custom", path: ["date_format"], message: "a separate time-of-day column needs day_first or month_first dates" });
  const machineColumn = m.columns.machine_id;
  if (!machineColumn && !m.machine_id) ctx.addIssue({ code: "custom", path: ["machine_id"], message: "is required: pick the machine of the whole file, or name the file's machine column in columns.machine_id" });
  if (machineColumn && m.machine_id) ctx.addIssue({ code: "custom", path: ["machine_id"], message: "give either one machine for the file or a machine column (columns.machine_id), not both" });
  const seen = new Map<string, string>();
  for (const [target, source] of Object.entries(m.columns)) {
    const other = seen.get(source);
    if (other) ctx.addIssue({ code: "custom", path: ["columns", target], message: `names the file's column "${source}", already mapped to ${other}` });
    seen.set(source, target);
  }
}

export const mappingSchema = mappingFields.superRefine(checkMapping);
export type Mapping = z.infer<typeof mappingSchema>;

const profileName = z
  .string({ message: "is required" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[^\0]*$/, "must not contain NUL characters")
  // A name must not read as an id: profile= takes either.
  .refine((s) => !z.guid().safeParse(s).success, "must not be a uuid (profile= takes an id or a name)");

export const importProfileSchema = mappingFields.extend({ name: profileName }).superRefine(checkMapping);
export type ImportProfileInput = z.infer<typeof importProfileSchema>;

/** GET /api/v1/import-profiles: optionally one machine's profiles. */
export const importProfileListQuerySchema = z.object({ machine_id: z.guid({ message: "must be a machine id (uuid)" }).optional() });

export const importProfileIdSchema = z.guid({ message: "must be an import profile id (uuid)" });

/** POST /api/v1/import/preview: the first lines of a file and, when chosen, a mapping. */
export const previewSchema = strictObject({
  csv: z.string({ message: "is required: the first lines of the file, header first" }).min(1, "must not be empty").max(1024 * 1024, "must be at most 1 MB: send the first lines only"),
  mapping: mappingSchema.optional(),
  /** Data rows checked (the lines beyond are ignored). */
  limit: z.number().int().min(1).max(1000).default(50),
});
export type PreviewInput = z.infer<typeof previewSchema>;

/** `profile=` and the query parameters that may override the profile's, on POST /api/v1/ingest/csv. */
export const profileQuerySchema = z.object({
  profile: z.string().trim().min(1, "must be an import profile's id or name").max(100).regex(/^[^\0]*$/, "must not contain NUL characters"),
  /** The profile gives the kind; a kind given too must be the same (checked against the profile, lib/import/with-profile.ts). */
  kind: csvQuerySchema.shape.kind.optional(),
  on_error: z.enum(["abort", "skip"], { message: "must be abort or skip" }).default("abort"),
  tz: mappingFields.shape.tz,
  timestamp_position: mappingFields.shape.timestamp_position,
  delimiter: mappingFields.shape.delimiter,
  decimal: mappingFields.shape.decimal,
  period_end: mappingFields.shape.period_end,
});
export type ProfileQuery = z.infer<typeof profileQuerySchema>;

import { z } from "zod";
import { billQuerySchema, billRowSchema, csvQuerySchema, ingestKindSchema, ingestQuerySchema, MAX_JSON_ROWS, registerRowSchema, rowSchemas } from "@/lib/validation/ingest";
import { operations } from "./registry";

// Row schemas are built per request (they depend on ?tz and the clock): the spec documents what
// the same factories build without a zone.
const rows = rowSchemas(undefined);
const batch = <T extends z.ZodType>(row: T) =>
  z.union([z.array(row).max(MAX_JSON_ROWS), z.object({ rows: z.array(row).max(MAX_JSON_ROWS) })]);

const ingestResult = {
  200: "`{accepted, written, rejected_count, rejected: [{index, field, message}], superseded_count, superseded, rollups, intervals?}`",
  207: "Some rows rejected with `on_error=skip`; the good rows were written and each rejected one is listed with its index and reason",
};

export const ingestOperations = operations(
  {
    method: "post",
    path: "/api/v1/ingest/{kind}",
    tag: "ingest",
    summary: "A JSON batch of energy, production or environmental readings",
    description: `At most ${MAX_JSON_ROWS.toLocaleString("en")} rows and 64 MiB (more: 413). All or nothing unless \`on_error=skip\`. See the README's "Data rules" for intervals, clock changes, repeats and plausibility.`,
    params: { kind: ingestKindSchema },
    query: ingestQuerySchema,
    body: { schema: z.union([batch(rows.energy), batch(rows.production), batch(rows.environmental)]), validatedIn: "lib/ingest/json.ts" },
    example: { params: { kind: "energy" } },
    responses: ingestResult,
  },
  {
    method: "post",
    path: "/api/v1/ingest/bill",
    tag: "ingest",
    summary: "Utility bills as JSON",
    description: "Energy over billing periods, spread over the period as daily rates (README: Data rules).",
    query: billQuerySchema,
    body: { schema: batch(billRowSchema), validatedIn: "lib/ingest/bills.ts" },
    responses: ingestResult,
  },
  {
    method: "post",
    path: "/api/v1/ingest/register",
    tag: "ingest",
    summary: "Cumulative register readings as JSON",
    description: "Consumption is derived between consecutive readings of a machine; rollovers and meter replacements are detected.",
    query: ingestQuerySchema,
    body: { schema: batch(registerRowSchema(undefined)), validatedIn: "lib/ingest/registers.ts" },
    responses: ingestResult,
  },
  {
    method: "post",
    path: "/api/v1/ingest/csv",
    tag: "ingest",
    summary: "A CSV file of readings, bills or register readings",
    description:
      "Series kinds are streamed (any size; validated and written chunk by chunk, one transaction). Bills and register readings are read whole, at most 64 MiB. The file must be UTF-8; the delimiter and decimal mark are detected unless given. With `profile=<id or name>` instead of `kind`, a file in a saved import profile's layout (kind and columns from the profile; `on_error`, `tz`, `timestamp_position`, `delimiter`, `decimal`, `period_end` override the profile's); the answer adds `source_dialect`, `date_format`, `tz` and `profile`.",
    query: csvQuerySchema,
    body: { schema: z.string(), contentType: "text/csv", validatedIn: "lib/ingest/csv.ts" },
    example: { query: { kind: "energy" } },
    responses: { ...ingestResult, 404: "No such import profile (profile=)" },
  },
);

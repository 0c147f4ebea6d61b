import { z } from "zod";
import { strictObject } from "./strict";
import { seriesKinds } from "@/lib/timeseries/definitions";
import { isTimeZone, parseTimestamp, type TimestampResult } from "@/lib/ingest/timestamps";
import { MAX_INTERVAL_S } from "@/lib/ingest/intervals";
import { decimalMarks, delimiters } from "@/lib/ingest/dialect";

export const MAX_JSON_ROWS = 50_000;
/** Readings may lead the server clock by this much (meter clocks drift); beyond it they are rejected. */
export const FUTURE_TOLERANCE_MS = 60 * 60_000;
export const EARLIEST_MS = Date.UTC(1990, 0, 1);

export const ingestKindSchema = z.enum(seriesKinds, { message: `must be one of ${seriesKinds.join(", ")}` });

export const ingestQuerySchema = z.object({
  on_error: z.enum(["abort", "skip"], { message: "must be abort or skip" }).default("abort"),
  tz: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin")
    .optional(),
  /** Overrides the machines' timestamp_position for this batch: energy rows stamped at their interval's start or end. */
  timestamp_position: z.enum(["start", "end"], { message: "must be start or end" }).optional(),
});
export type IngestQuery = z.infer<typeof ingestQuerySchema>;

/** What a CSV upload may hold: a series kind, utility bills, or cumulative register readings. */
export const csvKinds = [...seriesKinds, "bill", "register"] as const;
export type CsvKind = (typeof csvKinds)[number];

export const csvQuerySchema = ingestQuerySchema.extend({
  kind: z.enum(csvKinds, { message: `must be one of ${csvKinds.join(", ")}` }),
  /** Bills: whether a period_end date is the first day after the period (exclusive, as meter-read dates are) or its last day. */
  period_end: z.enum(["exclusive", "inclusive"], { message: "must be exclusive or inclusive" }).default("exclusive"),
  /** The field delimiter; absent: detected from the header (lib/ingest/dialect.ts). */
  delimiter: z
    .enum([",", ";", "\t", "comma", "semicolon", "tab"], { message: "must be , ; tab (or comma, semicolon)" })
    .transform((d) => delimiters[d])
    .optional(),
  /** The decimal mark of numbers; absent: the comma in semicolon files, else the point. */
  decimal: z
    .enum([".", ",", "point", "comma"], { message: "must be . or , (or point, comma)" })
    .transform((d) => decimalMarks[d])
    .optional(),
});
export type CsvQuery = z.infer<typeof csvQuerySchema>;

export const billQuerySchema = ingestQuerySchema.extend({ period_end: csvQuerySchema.shape.period_end });
export type BillQuery = z.infer<typeof billQuerySchema>;



export type TimeCheck = TimestampResult;

/**
 * The rule for a row's time: an ISO-8601 timestamp (see parseTimestamp), from 1990 on, at most
 * FUTURE_TOLERANCE_MS ahead of `now`. The row schemas use it, and so does the ingest fast path
 * (lib/ingest/fastpath.ts), so both accept exactly the same timestamps.
 */
export function checkTime(text: string, tz: string | undefined, now: number): TimeCheck {
  const r = parseTimestamp(text, tz);
  if (!r.ok) return r;
  if (r.ms > now + FUTURE_TOLERANCE_MS) return { ok: false, message: `"${text}" is in the future (more than 1 hour ahead of the server clock)` };
  if (r.ms < EARLIEST_MS) return { ok: false, message: `"${text}" is before 1990` };
  return r;
}

function timestampSchema(tz: string | undefined, now: number) {
  return z.string({ error: (issue) => (issue.input === undefined ? "is required: an ISO-8601 timestamp" : "must be an ISO-8601 timestamp as text (e.g. 2026-01-31T14:00:00Z)") }).transform((text, ctx) => {
    const r = checkTime(text, tz, now);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    }
    return new Date(r.ms);
  });
}

const num = (min: number, max: number) =>
  z
    // zod 4 numbers reject NaN and ±Infinity themselves. An absent field is named as such: "must
    // be a finite number" sent a gateway that spelt the field differently hunting for a bad value.
    .number({ error: (issue) => (issue.input === undefined ? "is required: a number" : "must be a finite number") })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const optionalNum = (min: number, max: number) => num(min, max).nullish();
const count = () => num(0, 1e9);

/** The values an environmental row measures: a row must give at least one. */
export const environmentalMeasurements = ["outdoor_temp_c", "indoor_temp_c", "humidity_pct", "pressure_bar"] as const;

function rowShapes(tz: string | undefined, now: number) {
  const base = { time: timestampSchema(tz, now), machine_id: z.guid({ message: "must be a machine id (uuid)" }) };
  return {
    energy: {
      ...base,
      // Daily reads carry no power; when present it may be an instantaneous sample.
      power_kw: optionalNum(0, 1e6),
      energy_kwh: num(0, 1e7),
      voltage_v: optionalNum(0, 1e6),
      current_a: optionalNum(0, 1e6),
      power_factor: optionalNum(-1, 1),
      /** Seconds the row covers; else period_end, else the machine's sample_interval, else inferred. */
      interval_s: z
        .number({ message: "must be a whole number of seconds" })
        .int("must be a whole number of seconds")
        .min(1, "must be at least 1")
        .max(MAX_INTERVAL_S, `must be at most ${MAX_INTERVAL_S} (100 days)`)
        .nullish(),
      /** The exclusive end of the row's interval (then `time` is its start, whatever timestamp_position says). */
      period_end: timestampSchema(tz, now).nullish(),
    },
    production: {
      ...base,
      production_count: count(),
      good_count: count().nullish(),
      reject_count: count().nullish(),
      throughput_units_per_hour: optionalNum(0, 1e9),
      product_id: z
        .string()
        .max(100, "must be at most 100 characters")
        // PostgreSQL text cannot hold NUL; COPY would fail on it.
        .regex(/^[^\0]*$/, "must not contain NUL characters")
        .nullish(),
      machine_state: z
        .enum(["running", "idle", "off"], {
          error: (issue) => (typeof issue.input === "string" && ["running", "idle", "off"].includes(issue.input.trim().toLowerCase()) ? `must be running, idle or off, in lower case (not "${issue.input}")` : "must be running, idle or off"),
        })
        .nullish(),
    },
    environmental: {
      ...base,
      outdoor_temp_c: optionalNum(-90, 70),
      indoor_temp_c: optionalNum(-60, 120),
      humidity_pct: optionalNum(0, 100),
      pressure_bar: optionalNum(0, 1000),
    },
  };
}

/**
 * The row schema of each series kind, for rows read with time zone `tz` (for times without an
 * offset) at server time `now`. Strict: a field the kind does not have is an error naming it
 * (lib/validation/strict.ts). An environmental row must measure something.
 */
export function rowSchemas(tz: string | undefined, now = Date.now()) {
  const shapes = rowShapes(tz, now);
  return {
    energy: strictObject(shapes.energy),
    production: strictObject(shapes.production),
    environmental: strictObject(shapes.environmental).refine((r) => environmentalMeasurements.some((m) => r[m] !== null && r[m] !== undefined), {
      message: `holds no measurement: give at least one of ${environmentalMeasurements.join(", ")}`,
    }),
  };
}

/**
 * The same rows without the strict and across-field rules, for the ingest's fast checks
 * (lib/ingest/fastpath.ts compiles plain objects only): lib/ingest/validate.ts sends a row with
 * an unknown field or, for environmental rows, no measurement to rowSchemas() instead.
 */
export function fastRowSchemas(tz: string | undefined, now = Date.now()) {
  const shapes = rowShapes(tz, now);
  return { energy: z.object(shapes.energy), production: z.object(shapes.production), environmental: z.object(shapes.environmental) };
}

export type RowSchemas = ReturnType<typeof rowSchemas>;
export type EnergyInput = z.infer<RowSchemas["energy"]>;
export type ProductionInput = z.infer<RowSchemas["production"]>;
export type EnvironmentalInput = z.infer<RowSchemas["environmental"]>;
export type IngestRow = EnergyInput | ProductionInput | EnvironmentalInput;

/** JSON bodies: an array of rows, or {rows|readings|data: [...]}. */
export const jsonBatchSchema = z.union([
  z.array(z.unknown()),
  strictObject({ rows: z.array(z.unknown()) }).transform((b) => b.rows),
  strictObject({ readings: z.array(z.unknown()) }).transform((b) => b.readings),
  strictObject({ data: z.array(z.unknown()) }).transform((b) => b.data),
], { message: "must be a JSON array of rows or an object with a rows array" });

/** A date (2026-01-31: a local midnight of the machine's site) or an ISO-8601 timestamp. */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ].*)?$/;
const dateOrTime = (what: string) =>
  z.string({ message: `is required: a date (2026-01-31) or an ISO-8601 timestamp, the ${what}` }).trim().regex(DATE_OR_TIME, `must be a date (2026-01-31) or an ISO-8601 timestamp, the ${what}`);

/** One utility bill: energy over a billing period, with its cost and billed peak demand. */
export const billRowSchema = strictObject({
  machine_id: z.guid({ message: "must be a machine id (uuid)" }),
  period_start: dateOrTime("first day billed"),
  period_end: dateOrTime("end of the period"),
  energy_kwh: num(0, 1e9),
  // Credits are negative.
  cost: optionalNum(-1e12, 1e12),
  peak_kw: optionalNum(0, 1e7),
});
export type BillRow = z.infer<typeof billRowSchema>;

/** One cumulative register reading: the meter's kWh index at an instant. */
export function registerRowSchema(tz: string | undefined, now = Date.now()) {
  return strictObject({
    time: timestampSchema(tz, now),
    machine_id: z.guid({ message: "must be a machine id (uuid)" }),
    energy_register_kwh: num(0, 1e15),
  });
}
export type RegisterRow = z.infer<ReturnType<typeof registerRowSchema>>;

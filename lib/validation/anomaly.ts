import { z } from "zod";
import { strictObject } from "./strict";
import { isoInstant } from "./dates";
import { detectorNames, severities, statuses } from "@/lib/anomaly/types";

// Bodies and query strings of the anomaly API.

const ordered = <T extends { start_date: Date; end_date: Date }>(v: T) => v.start_date < v.end_date;
const MAX_DETECT_MS = 2 * 366 * 86_400_000;

export const detectSchema = strictObject({
  machine_id: z.guid({ message: "must be a machine id (uuid); omit it for every active machine" }).optional(),
  start_date: isoInstant("start_date"),
  end_date: isoInstant("end_date"),
  sensitivity: z.number({ message: "must be a number between 0.25 and 4 (1: the defaults)" }).min(0.25, "must be at least 0.25").max(4, "must be at most 4").optional(),
  detectors: z.array(z.enum(detectorNames.filter((d) => d !== "silent_meter") as [string, ...string[]], { message: `must be detector names: ${detectorNames.filter((d) => d !== "silent_meter").join(", ")}` })).min(1).optional(),
})
  .refine(ordered, { message: "start_date must be before end_date", path: ["start_date"] })
  .refine((v) => v.end_date.getTime() - v.start_date.getTime() <= MAX_DETECT_MS, { message: "detection runs over at most 2 years at a time", path: ["end_date"] });
export type DetectInput = z.infer<typeof detectSchema>;

export const listOrders = ["time", "cost"] as const;

export const listQuerySchema = z
  .object({
    machine_id: z.guid({ message: "must be a machine id (uuid)" }).optional(),
    status: z.enum(statuses, { message: `must be one of ${statuses.join(", ")}` }).optional(),
    severity: z.enum(severities, { message: `must be one of ${severities.join(", ")}` }).optional(),
    detector: z.enum(detectorNames, { message: `must be one of ${detectorNames.join(", ")}` }).optional(),
    from: isoInstant("from").optional(),
    to: isoInstant("to").optional(),
    order: z.enum(listOrders, { message: "must be time (newest first) or cost (most expensive first)" }).default("time"),
    limit: z.coerce.number({ message: "must be a whole number 1…500" }).int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").default(50),
    cursor: z.string().max(500).optional(),
    format: z.enum(["json", "csv"], { message: "must be json or csv" }).default("json"),
  })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "from must be before to", path: ["from"] });
export type ListQuery = z.infer<typeof listQuerySchema>;

export const eventIdSchema = z.guid({ message: "must be an anomaly event id (uuid)" });

export const patchSchema = strictObject({
  status: z.enum(statuses, { message: `must be one of ${statuses.join(", ")}` }),
  // NUL cannot be stored in PostgreSQL text (it would be a 500).
  note: z.string().max(2000, "must be at most 2000 characters").regex(/^[^\0]*$/, "must not contain NUL characters").nullable().optional(),
  who: z.string().max(200, "must be at most 200 characters").regex(/^[^\0]*$/, "must not contain NUL characters").optional(),
});
export type PatchInput = z.infer<typeof patchSchema>;

export const detailQuerySchema = z.object({
  /** Hours of series shown before and after the event (default: the event's length, 24 h to 14 days). */
  context_hours: z.coerce.number({ message: "must be a number of hours" }).int("must be a whole number").min(0, "must be at least 0 hours").max(24 * 31, `must be at most ${24 * 31} hours (31 days)`).optional(),
});

import { z } from "zod";
import { strictObject } from "./strict";
import { machineTypes } from "@/lib/db/schema/core";
import { sampleIntervals } from "@/lib/ingest/intervals";

export const machineIdSchema = z.guid({ message: "must be a machine id (uuid)" });

// PostgreSQL text cannot hold NUL: such a name is bad input, not a server error.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\0]*$/, "must not contain NUL characters");

// The fields of a machine as sent: no defaults, so a PATCH changes only what it names.
const machineFields = strictObject({
  name: text(100).min(1, "must not be empty"),
  type: z.enum(machineTypes, { message: `must be one of ${machineTypes.join(", ")}` }),
  area: text(100).nullish(),
  rated_power_kw: z.number({ message: "must be a number of kW" }).finite().min(0, "must not be negative").max(1e6, "must be at most 1e6 kW").nullish(),
  is_active: z.boolean(),
  /** The meter's reading interval; null: inferred from the readings' spacing (lib/ingest/energy.ts). */
  sample_interval: z.enum(sampleIntervals, { message: `must be one of ${sampleIntervals.join(", ")}, or null to infer it` }).nullable(),
  /** Whether a reading's time stamps its interval's start or its end (utility exports: often the end). */
  timestamp_position: z.enum(["start", "end"], { message: "must be start or end" }),
  /** kWh after which a cumulative register rolls over to 0; null: no rollover expected. */
  register_max_kwh: z.number({ message: "must be a number of kWh" }).finite().gt(0, "must be above 0").max(1e15, "must be at most 1e15 kWh").nullable(),
  /** Highest average power (kW) a reading may imply; null: 3 × rated_power_kw when set (lib/ingest/plausibility.ts). */
  max_plausible_power_kw: z.number({ message: "must be a number of kW" }).finite().gt(0, "must be above 0").max(1e9, "must be at most 1e9 kW").nullable(),
  /** Whether its production count is output of its area and the plant (false: a copy of others' output kept as its driver). */
  counts_output: z.boolean({ message: "must be true or false" }),
});

export const createMachineSchema = machineFields.extend({
  type: machineFields.shape.type.default("other"),
  is_active: machineFields.shape.is_active.default(true),
  sample_interval: machineFields.shape.sample_interval.default(null),
  timestamp_position: machineFields.shape.timestamp_position.default("start"),
  register_max_kwh: machineFields.shape.register_max_kwh.default(null),
  max_plausible_power_kw: machineFields.shape.max_plausible_power_kw.default(null),
  counts_output: machineFields.shape.counts_output.default(true),
  site_id: z.guid({ message: "must be a site id (uuid)" }).optional(),
  id: z.guid({ message: "must be a machine id (uuid)" }).optional(),
});
export type CreateMachineInput = z.infer<typeof createMachineSchema>;

export const updateMachineSchema = machineFields
  .extend({ site_id: z.guid({ message: "must be a site id (uuid)" }) })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), `give at least one field to change: ${[...Object.keys(machineFields.shape), "site_id"].join(", ")}`);
export type UpdateMachineInput = z.infer<typeof updateMachineSchema>;

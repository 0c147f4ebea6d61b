import { z } from "zod";
import { machineTypes } from "@/lib/db/schema/core";

export const machineIdSchema = z.guid({ message: "must be a machine id (uuid)" });

// PostgreSQL text cannot hold NUL: such a name is bad input, not a server error.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\0]*$/, "must not contain NUL characters");

// The fields of a machine as sent: no defaults, so a PATCH changes only what it names.
const machineFields = z.object({
  name: text(100).min(1, "must not be empty"),
  type: z.enum(machineTypes, { message: `must be one of ${machineTypes.join(", ")}` }),
  area: text(100).nullish(),
  rated_power_kw: z.number().finite().min(0).max(1e6).nullish(),
  is_active: z.boolean(),
});

export const createMachineSchema = machineFields.extend({
  type: machineFields.shape.type.default("other"),
  is_active: machineFields.shape.is_active.default(true),
  site_id: z.guid({ message: "must be a site id (uuid)" }).optional(),
  id: z.guid({ message: "must be a machine id (uuid)" }).optional(),
});
export type CreateMachineInput = z.infer<typeof createMachineSchema>;

export const updateMachineSchema = machineFields
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), `give at least one field to change: ${Object.keys(machineFields.shape).join(", ")}`);
export type UpdateMachineInput = z.infer<typeof updateMachineSchema>;

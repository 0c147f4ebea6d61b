import { z } from "zod";
import { machineTypes } from "@/lib/db/schema/core";

export const machineIdSchema = z.guid({ message: "must be a machine id (uuid)" });

export const createMachineSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  type: z.enum(machineTypes, { message: `must be one of ${machineTypes.join(", ")}` }).default("other"),
  area: z.string().trim().max(100).nullish(),
  rated_power_kw: z.number().finite().min(0).max(1e6).nullish(),
  is_active: z.boolean().default(true),
  site_id: z.guid().optional(),
  id: z.guid().optional(),
});
export type CreateMachineInput = z.infer<typeof createMachineSchema>;

export const updateMachineSchema = createMachineSchema
  .omit({ id: true, site_id: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change");
export type UpdateMachineInput = z.infer<typeof updateMachineSchema>;

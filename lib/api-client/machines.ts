import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

export const machineSchema = z.object({
  id: z.string(),
  site_id: z.string(),
  name: z.string(),
  type: z.string(),
  area: z.string().nullable(),
  rated_power_kw: z.number().nullable(),
  is_active: z.boolean(),
  counts_output: z.boolean(),
  created_at: z.string(),
});
export type Machine = z.infer<typeof machineSchema>;

export const machinesQuery = () => queryOptions({ queryKey: ["machines"], queryFn: () => fetchJson("/api/v1/machines", z.array(machineSchema)) });

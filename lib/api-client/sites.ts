import { z } from "zod";

export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  country: z.string().nullable().optional(),
  quality_thresholds: z.record(z.string(), z.number()).optional(),
});
export type Site = z.infer<typeof siteSchema>;

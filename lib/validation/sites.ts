import { z } from "zod";
import { strictObject } from "./strict";
import { thresholdNames, type ThresholdName } from "@/lib/analytics/baseline/quality";

export const siteIdSchema = z.guid({ message: "must be a site id (uuid)" });

const fraction = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const pValue = z.number().gt(0, "must be a p-value above 0").max(1, "must be a p-value of at most 1");

/** Every threshold a site may override, with its allowed range; unknown names are rejected. */
const thresholdShape = {
  min_r_squared: fraction,
  max_cv_rmse_daily_and_coarser: z.number().gt(0, "must be a fraction above 0").max(5, "must be at most 5 (500 %)"),
  max_cv_rmse_hourly_and_finer: z.number().gt(0, "must be a fraction above 0").max(5, "must be at most 5 (500 %)"),
  max_abs_nmbe: z.number().min(0, "must be a fraction of at least 0").max(1, "must be at most 1 (100 %)"),
  max_model_p_value: pValue,
  max_driver_p_value: pValue,
  required_driver_p_value: pValue,
  max_vif: z.number().gt(1, "must be above 1").max(1000, "must be at most 1000"),
  min_coverage: fraction,
  min_samples_per_parameter: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000"),
} satisfies Record<ThresholdName, z.ZodType<number>>;

export const qualityThresholdsSchema = z
  .strictObject(thresholdShape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown threshold ${issue.keys.join(", ")}; valid ones are ${Object.keys(thresholdNames).join(", ")}` : undefined,
  })
  .partial();

const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Berlin");

export const updateSiteSchema = strictObject({
  name: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .regex(/^[^\0]*$/, "must not contain NUL characters"),
  time_zone: timeZoneSchema,
  country: z.string().trim().regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166 country code such as DE"),
  /** null resets every threshold to the defaults; an object replaces the site's overrides. */
  quality_thresholds: qualityThresholdsSchema.nullable(),
})
  .partial()
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change");
export type UpdateSiteInput = z.infer<typeof updateSiteSchema>;

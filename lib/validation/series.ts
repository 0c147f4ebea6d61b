import { z } from "zod";
import { isoInstant, isLocal, LocalInstant } from "./dates";
import { buckets, type Bucket } from "@/lib/timeseries/series";
import { autoGranularity, canonicalGranularity, granularityAliases, nominalMs } from "@/lib/timeseries/granularity";
import { isMetric, metricNames, type Metric } from "@/lib/timeseries/metrics";

/** The most buckets one series request may span (a year of minutes is 525,600). */
export const MAX_BUCKETS = 1_000_000;

const bucketSchema = z.string().transform((s, ctx): Bucket => {
  if (s.trim().toLowerCase() === "auto") return "auto";
  const g = canonicalGranularity(s);
  if (!g) {
    ctx.addIssue({ code: "custom", message: `must be one of ${buckets.join(", ")} (aliases: ${Object.keys(granularityAliases).join(", ")})` });
    return z.NEVER;
  }
  return g;
});

export const seriesQuerySchema = z
  .object({
    metrics: z
      .string()
      .default("energy,power")
      .transform((s, ctx) => {
        const names = s.split(",").map((m) => m.trim()).filter(Boolean);
        const unknown = names.filter((m) => !isMetric(m));
        if (unknown.length > 0 || names.length === 0) {
          ctx.addIssue({ code: "custom", message: `unknown metric ${unknown.join(", ") || "(none)"}; valid metrics: ${metricNames.join(", ")}` });
          return z.NEVER;
        }
        return [...new Set(names)] as Metric[];
      }),
    from: isoInstant("from").optional(),
    to: isoInstant("to").optional(),
    bucket: bucketSchema.optional(),
    /** The baseline API's name for the same thing. */
    granularity: bucketSchema.optional(),
    format: z.enum(["json", "csv"], { message: "must be json or csv" }).default("json"),
  })
  // Two names of one parameter: a request naming both must mean the same (bucket=hourly&granularity=daily was read as hourly, unsaid).
  .refine((q) => q.bucket === undefined || q.granularity === undefined || q.bucket === q.granularity, {
    message: "is the same parameter as bucket, which names another granularity: give one of them",
    path: ["granularity"],
  })
  .transform((q) => {
    const to = q.to ?? new Date();
    const from = q.from ?? (isLocal(to) ? new LocalInstant(to.getTime() - 7 * 86_400_000) : new Date(to.getTime() - 7 * 86_400_000));
    const { granularity, ...rest } = q;
    return { ...rest, bucket: q.bucket ?? granularity ?? "auto", from, to };
  })
  // A wall-clock bound and an exact one compare only in the site's zone: the route checks those.
  .refine((q) => q.from < q.to || isLocal(q.from) !== isLocal(q.to), { message: "from must be before to", path: ["from"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 11 * 366 * 86_400_000, { message: "the range may span at most 11 years", path: ["to"] })
  // One answer is held in memory whole: a year of minutes fits, ten do not.
  .refine((q) => (q.to.getTime() - q.from.getTime()) / nominalMs[q.bucket === "auto" ? autoGranularity(q.from, q.to) : q.bucket] <= MAX_BUCKETS, {
    message: `the range holds more than ${MAX_BUCKETS.toLocaleString("en")} buckets of that width; choose a coarser bucket or a shorter range`,
    path: ["bucket"],
  });

export type SeriesQueryInput = z.infer<typeof seriesQuerySchema>;

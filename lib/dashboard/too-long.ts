import { formatPlantDateTime } from "@/lib/time/plant-time";

// Readings longer than a bucket (monthly bills, daily meter reads) are never spread over the
// buckets they span (lib/timeseries/series.ts): a series at a finer granularity leaves such a
// machine out (the overview) or answers 400 naming the granularities that hold its readings (the
// series API). These helpers word that for a plant user: the machine by name, the bucket in plant
// time, the way out.

/** What the series API's 400 says about readings longer than the bucket asked for. */
export interface TooLong {
  machineId: string;
  /** The granularity asked for ("hourly"). */
  granularity: string;
  /** Start of the first bucket a reading overruns (epoch ms). */
  bucketStart: number;
  /** Coarser granularities that hold the readings whole in the window ("monthly"). */
  supported: string[];
}

const article = (g: string) => (/^(hourly|1min)$/.test(g) ? "an" : "a");

/**
 * The TooLong facts in an API error body (`machine_id`, `bucket_start`, `granularity`,
 * `supported_granularities`, as lib/timeseries/series.ts granularityTooFine answers), or null
 * when the body is another error.
 */
export function tooLongOf(body: unknown): TooLong | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as Record<string, unknown>;
  const at = typeof b.bucket_start === "string" ? Date.parse(b.bucket_start) : Number.NaN;
  if (typeof b.machine_id !== "string" || typeof b.granularity !== "string" || !Array.isArray(b.supported_granularities) || !Number.isFinite(at)) return null;
  return { machineId: b.machine_id, granularity: b.granularity, bucketStart: at, supported: b.supported_granularities.filter((g): g is string => typeof g === "string") };
}

/**
 * One sentence: "Press-7 has readings longer than a daily bucket (the one starting Mon 31 Aug
 * 2026, 00:00, Europe/Berlin), such as monthly bills: choose monthly to see them." The way out
 * names the supported granularities, or whole billing periods when none holds them; `wayOut`
 * replaces it where the granularity is fixed (the hourly load profile).
 */
export function tooLongSentence(name: string, t: Omit<TooLong, "machineId">, timeZone: string, wayOut?: string): string {
  const way = wayOut ?? (t.supported.length > 0 ? `choose ${t.supported.join(" or ")} to see them` : "no calendar granularity holds them whole in this period (billing periods?): choose a period of whole bills");
  return `${name} has readings longer than ${article(t.granularity)} ${t.granularity} bucket (the one starting ${formatPlantDateTime(t.bucketStart, timeZone)}, ${timeZone}), such as monthly bills or daily reads, which are never spread over buckets: ${way}.`;
}

import type { Database } from "@/lib/db/types";
import { getEvent } from "@/lib/db/queries/anomaly";
import { getModel } from "@/lib/db/queries/baseline";
import type { BaselineModelRow } from "@/lib/db/schema";
import { expectedSeries } from "./analyse";
import { RESIDUAL_DEFAULTS } from "./detectors/residual";
import { PROFILE_DEFAULTS } from "./detectors/profile";
import { REFERENCE_DAYS } from "./detect";
import { allowedFrom } from "./workflow";
import { baselineUnusable, HOUR_MS, readBuckets } from "./read";

// One event with its history and the hourly series around it: actual, expected (the baseline the
// event was judged by, else the hour-of-week profile) and the band inside which a bucket is not
// flagged (expected ± the low threshold × the robust spread), all in kWh per hour.

export interface EventPoint {
  time: string;
  actual_kwh: number | null;
  expected_kwh: number | null;
  lower_kwh: number | null;
  upper_kwh: number | null;
  coverage: number;
  max_power_kw: number | null;
  in_event: boolean;
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** Throws AppError 404 for an unknown event. */
export async function getEventDetail(db: Database, id: string, contextHours?: number) {
  const event = await getEvent(db, id);
  const [machine] = await db.query<{ id: string; rated_power_kw: number | null; time_zone: string }>(
    `SELECT m.id::text AS id, m.rated_power_kw, s.time_zone FROM machines m JOIN sites s ON s.id = m.site_id WHERE m.id = $1`,
    [event.machine_id],
  );
  let model: BaselineModelRow | null = null;
  if (event.baseline_model_id) {
    const row = await getModel(db, event.baseline_model_id);
    model = baselineUnusable(row) === null ? row : null;
  }
  const start = Date.parse(event.start);
  const end = Date.parse(event.end);
  const context = (contextHours ?? Math.min(14 * 24, Math.max(24, Math.ceil((end - start) / HOUR_MS)))) * HOUR_MS;
  const { buckets: b } = await readBuckets(db, {
    machine: { id: event.machine_id, ratedPowerKw: machine?.rated_power_kw ?? null },
    timeZone: machine?.time_zone ?? "UTC",
    start: start - context,
    end: end + context,
    referenceMs: REFERENCE_DAYS * 86_400_000,
    model,
  });
  const { expected, spread, source } = expectedSeries(b, model !== null);
  const width = source === "baseline" ? RESIDUAL_DEFAULTS.low : PROFILE_DEFAULTS.low;
  const series: EventPoint[] = [];
  for (let i = b.from; i < b.times.length; i++) {
    const t = b.times[i]!;
    const e = expected[i]!;
    series.push({
      time: new Date(t).toISOString(),
      actual_kwh: b.coverage[i]! > 0 ? num(b.energy[i]!) : null,
      expected_kwh: num(e),
      lower_kwh: num(Math.max(0, e - width * spread[i]!)),
      upper_kwh: num(e + width * spread[i]!),
      coverage: Math.min(1, b.coverage[i]!),
      max_power_kw: num(b.maxPowerKw[i]!),
      in_event: t >= start && t < end,
    });
  }
  return {
    ...event,
    allowed_transitions: allowedFrom(event.status),
    time_zone: machine?.time_zone ?? "UTC",
    series: { expected_from: source, band: `expected ± ${width} × robust spread`, units: { values: "kWh per hour", max_power_kw: "kW" }, points: series },
  };
}

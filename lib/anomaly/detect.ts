import type { Database } from "@/lib/db/types";
import { kpiSettingsOf } from "@/lib/db/queries/kpi-settings";
import { upsertEvents, type NewEvent } from "@/lib/db/queries/anomaly";
import { pricesByHourOfWeek } from "@/lib/kpi/tariff";
import { calendarValues } from "@/lib/analytics/drivers/calendar";
import { readOverPowerReadings, withReadingExcess } from "./over-power";
import { and, eq, inArray } from "drizzle-orm";
import { baselineModels, type BaselineModelRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { analyse, DEFAULT_DETECTORS, MAX_GAP_BUCKETS } from "./analyse";
import { baselineUnusable, HOUR_MS, readBuckets } from "./read";
import { severityRank, type DetectorName } from "./types";

// Detection over a window for one machine or every active machine: read each machine's hourly
// buckets with REFERENCE_DAYS before the window, run the detectors, merge flags into events and
// store them idempotently (lib/db/queries/anomaly.ts upsertEvents).

/** Days read before the detection window to learn what is normal: robust scales, the hour-of-week profile, the idle base load. */
export const REFERENCE_DAYS = 28;
export const MIN_SENSITIVITY = 0.25;
export const MAX_SENSITIVITY = 4;
/** Who detection's history entries name. */
export const DETECTOR_ACTOR = "detector";

export interface DetectOptions {
  machineId?: string;
  start: Date;
  end: Date;
  /** Divides the statistical thresholds (z, CUSUM h, isolation score): 2 flags more, 0.5 fewer. Default 1; 0.25…4. */
  sensitivity?: number;
  /** Detectors to run (default DEFAULT_DETECTORS). */
  detectors?: readonly DetectorName[];
  referenceDays?: number;
}

export interface MachineOutcome {
  machine_id: string;
  machine_name: string;
  created: number;
  updated: number;
  /** Why this machine was not judged, or null. */
  skipped: string | null;
  /** "baseline" (residuals against a passing baseline) or "profile" (hour-of-week profile), and why not the baseline. */
  expected_from: "baseline" | "profile";
  baseline_note: string | null;
}

async function activeModels(db: Database, ids: string[]): Promise<Map<string, BaselineModelRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.orm
    .select()
    .from(baselineModels)
    .where(and(eq(baselineModels.isActive, true), inArray(baselineModels.machineId, ids)));
  return new Map(rows.map((r) => [r.machineId, r]));
}

/** A machine as detection needs it: its rated power and its site's tariff and time zone. */
interface JudgedMachine {
  id: string;
  name: string;
  siteId: string;
  ratedPowerKw: number | null;
  timeZone: string;
}

async function machinesFor(db: Database, machineId?: string): Promise<JudgedMachine[]> {
  const rows = await db.query<{ id: string; name: string; site_id: string; rated_power_kw: number | null; time_zone: string }>(
    `SELECT m.id::text AS id, m.name, m.site_id::text AS site_id, m.rated_power_kw, s.time_zone FROM machines m JOIN sites s ON s.id = m.site_id
     WHERE ${machineId ? "m.id = $1" : "m.is_active"} ORDER BY m.name`,
    machineId ? [machineId] : [],
  );
  if (machineId && rows.length === 0) throw new AppError("not_found", `Machine ${machineId} not found`, { errors: [{ field: "machine_id", message: "no such machine" }] });
  return rows.map((r) => ({ id: r.id, name: r.name, siteId: r.site_id, ratedPowerKw: r.rated_power_kw === null ? null : Number(r.rated_power_kw), timeZone: r.time_zone }));
}

/**
 * Runs detection over [start, end) (whole hours) and stores the events: `created` new ones,
 * `updated` existing ones extended or raised. Idempotent: the same window twice creates and
 * updates nothing. Throws AppError 404 for an unknown machine, 400 for a window that is not
 * ordered or a sensitivity outside 0.25…4.
 */
export async function detectAnomaliesDetailed(db: Database, o: DetectOptions): Promise<{ created: number; updated: number; machines: MachineOutcome[] }> {
  const sensitivity = o.sensitivity ?? 1;
  if (!(sensitivity >= MIN_SENSITIVITY && sensitivity <= MAX_SENSITIVITY)) {
    throw new AppError("bad_request", `sensitivity must lie between ${MIN_SENSITIVITY} and ${MAX_SENSITIVITY}`, { errors: [{ field: "sensitivity", message: `must lie between ${MIN_SENSITIVITY} and ${MAX_SENSITIVITY}` }] });
  }
  if (!(o.start < o.end)) throw new AppError("bad_request", "start_date must be before end_date", { errors: [{ field: "start_date", message: "must be before end_date" }] });
  const machines = await machinesFor(db, o.machineId);
  const models = await activeModels(db, machines.map((m) => m.id));
  const { tariffs } = await kpiSettingsOf(db, [...new Set(machines.map((m) => m.siteId))]);
  const detectors = o.detectors ?? DEFAULT_DETECTORS;
  const referenceMs = (o.referenceDays ?? REFERENCE_DAYS) * 86_400_000;
  let created = 0;
  let updated = 0;
  const outcomes: MachineOutcome[] = [];
  for (const m of machines) {
    const active = models.get(m.id) ?? null;
    const note = baselineUnusable(active);
    const model = note === null ? active : null;
    const tariff = tariffs.get(m.siteId);
    const prices = tariff ? pricesByHourOfWeek(tariff) : null;
    const { buckets, overrun } = await readBuckets(db, { machine: m, timeZone: m.timeZone, start: o.start.getTime(), end: o.end.getTime(), referenceMs, model });
    const outcome: MachineOutcome = { machine_id: m.id, machine_name: m.name, created: 0, updated: 0, skipped: null, expected_from: model ? "baseline" : "profile", baseline_note: note };
    outcomes.push(outcome);
    if (overrun) {
      outcome.skipped = "readings longer than an hour (daily reads or bills): detection judges hourly buckets";
      continue;
    }
    const found = analyse(buckets, { detectors, sensitivity, key: m.id, prices, hasBaseline: model !== null });
    // Over-power excess from the readings: the hourly buckets cannot see a short peak's energy.
    const candidates = withReadingExcess(found, await readOverPowerReadings(db, m.id, found, buckets.stepMs), buckets, prices);
    const events: NewEvent[] = candidates.map((c, k) => ({
      ...c,
      // Over-power buckets re-priced from the readings keep their actual and expected energy.
      buckets: c.buckets.map((x, j) => ({ ...found[k]!.buckets[j], ...x })),
      severityRank: severityRank[c.severity],
      currency: tariff?.currency ?? null,
      // Every event of a machine with a passing baseline was judged against it (its expected and excess).
      modelId: model?.id ?? null,
      modelVersion: model?.version ?? null,
    }));
    // An extended event is priced whole at the current tariff, by each bucket's local hour of week.
    const price = prices ? (t: number) => prices[calendarValues(t, m.timeZone).hour_of_week]! : null;
    const r = await upsertEvents(db, m.id, events, MAX_GAP_BUCKETS * HOUR_MS, DETECTOR_ACTOR, price);
    [outcome.created, outcome.updated] = [r.created, r.updated];
    created += r.created;
    updated += r.updated;
  }
  return { created, updated, machines: outcomes };
}

/**
 * For the scheduled jobs: detection over [start, end) for one machine or every active machine,
 * with the default detectors. Returns how many events were created and updated and how many
 * machines were judged. Throws as detectAnomaliesDetailed.
 */
export async function detectAnomalies(db: Database, o: { machineId?: string; start: Date; end: Date; sensitivity?: number }): Promise<{ created: number; updated: number; machines: number }> {
  const r = await detectAnomaliesDetailed(db, o);
  return { created: r.created, updated: r.updated, machines: r.machines.filter((m) => m.skipped === null).length };
}

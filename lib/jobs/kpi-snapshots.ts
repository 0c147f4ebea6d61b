import type { Database } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { getKpiSummary } from "@/lib/kpi";
import { latestSnapshotDays, PLANT_SCOPE, upsertKpiSnapshot } from "@/lib/db/queries/kpi-snapshots";
import { zonedParts } from "@/lib/time/plant-time";
import { LocalInstant } from "@/lib/validation/dates";
import type { JobDefinition } from "./types";

// Daily KPI snapshots: each active machine's and the plant's summary (lib/kpi) over each local
// day, upserted per (scope, day). A run fills the days since the scope's latest snapshot up to
// yesterday and always recomputes yesterday (late readings), so a rerun rewrites the same rows.

/** Days a scope without any snapshot starts with (the week before). */
export const FIRST_SNAPSHOT_DAYS = 7;
/** At most this many days per scope and run: a long stop is filled over several runs. */
export const MAX_SNAPSHOT_DAYS = 31;

const DAY_MS = 86_400_000;
const dayString = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The local calendar day before `now` in `tz`, as YYYY-MM-DD. */
export function yesterdayIn(now: Date, tz: string): string {
  const p = zonedParts(now.getTime(), tz);
  return dayString(Date.UTC(p.year, p.month - 1, p.day) - DAY_MS);
}

/** The days to snapshot for a scope: after its latest snapshot (or the first week) up to yesterday, yesterday always once caught up; at most 31, the earliest first. */
export function daysToSnapshot(latest: string | undefined, yesterday: string): string[] {
  const last = dayMs(yesterday);
  const start = latest ? Math.min(dayMs(latest) + DAY_MS, last) : last - (FIRST_SNAPSHOT_DAYS - 1) * DAY_MS;
  // Capped from the start, not from yesterday: the next run goes on from the latest day written,
  // so a long stop's days are all filled (a cap from yesterday would skip them for good).
  const end = Math.min(last, start + (MAX_SNAPSHOT_DAYS - 1) * DAY_MS);
  const days: string[] = [];
  for (let d = start; d <= end; d += DAY_MS) days.push(dayString(d));
  return days;
}

type Summary = Awaited<ReturnType<typeof getKpiSummary>>;

/** The summary of one scope over one local day: the same call GET /api/v1/kpi/summary makes. */
export function summaryOfDay(db: Database, machineId: string | undefined, day: string): Promise<Summary> {
  const start = new LocalInstant(dayMs(day));
  const end = new LocalInstant(dayMs(day) + DAY_MS);
  return getKpiSummary(db, { machine_id: machineId, start_date: start, end_date: end });
}

async function snapshot(db: Database, scopeKey: string, machineId: string | null, day: string): Promise<void> {
  const s = await summaryOfDay(db, machineId ?? undefined, day);
  await upsertKpiSnapshot(db, {
    scopeKey,
    machineId,
    day,
    timeZone: s.time_zone,
    totalEnergyKwh: s.total_energy_kwh,
    totalProductionCount: s.total_production_count,
    secKwhPerUnit: s.sec_kwh_per_unit,
    peakDemandKw: s.peak_demand_kw,
    loadFactor: s.load_factor,
    cost: s.cost,
    co2Kg: s.co2_kg,
    enpi: s.enpi,
    coverage: s.coverage,
    summary: s,
  });
}

export const kpiSnapshotsJob: JobDefinition = {
  name: "kpi-snapshots",
  description: "Daily KPI snapshots per machine and for the plant (local days)",
  unavailable: () => null,
  async run({ db, now }) {
    const machines = await db.query<{ id: string; tz: string }>(
      `SELECT m.id::text AS id, s.time_zone AS tz FROM machines m JOIN sites s ON s.id = m.site_id WHERE m.is_active ORDER BY m.name`,
    );
    const zones = new Set(machines.map((m) => m.tz));
    const scopes: { key: string; machineId: string | null; tz: string }[] = machines.map((m) => ({ key: m.id, machineId: m.id, tz: m.tz }));
    // The plant's KPIs need one local calendar (lib/kpi refuses a plant spanning zones).
    const skipped: { scope: string; reason: string }[] = [];
    if (zones.size === 1) scopes.push({ key: PLANT_SCOPE, machineId: null, tz: [...zones][0]! });
    else if (zones.size > 1) skipped.push({ scope: PLANT_SCOPE, reason: `machines in ${zones.size} time zones: snapshot per machine only` });
    const latest = await latestSnapshotDays(db);
    let written = 0;
    const days = new Set<string>();
    for (const scope of scopes) {
      for (const day of daysToSnapshot(latest.get(scope.key), yesterdayIn(now, scope.tz))) {
        try {
          await snapshot(db, scope.key, scope.machineId, day);
          written++;
          days.add(day);
        } catch (error) {
          // A scope the KPIs cannot describe that day is recorded and skipped; anything else fails the run.
          if (!(error instanceof AppError)) throw error;
          skipped.push({ scope: `${scope.key} ${day}`, reason: error.message });
        }
      }
    }
    return { items: written, details: { snapshots: written, scopes: scopes.length, days: [...days].sort(), skipped } };
  },
};

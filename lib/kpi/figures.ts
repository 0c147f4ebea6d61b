import type { Database } from "@/lib/db/types";
import { kpiSettingsOf } from "@/lib/db/queries/kpi-settings";
import type { SiteTariff, SiteEmissionFactor } from "@/lib/db/schema";
import { bucketIndex, wholeLocalDays, type KpiWindow } from "./buckets";
import { readEnergy, readRawReadings, type Pricing } from "./read";
import type { KpiScope } from "./scope";
import { factorsByHour, isFlat, pricesByHourOfWeek, type TariffSettings } from "./tariff";

// Per machine and KPI bucket, what every KPI is made of: metered kWh and the time its readings
// cover, their cost and CO2 priced by local hour, the kWh of hours without production, units
// counted and running minutes. Each machine gets the figures its readings support; the others are
// absent with the reason (`absent`), never zero.

export interface Cell {
  kwh: number;
  coveredS: number;
  cost: number | null;
  co2: number | null;
  baseKwh: number | null;
}

export type Absence = "energy" | "cost" | "carbon" | "base_load" | "production" | "peak_demand";

export interface MachineFigures {
  id: string;
  name: string;
  siteId: string;
  /** Whether its units are summed into the scope's (ScopeMachine.countsOutput). */
  countsOutput: boolean;
  /** Per bucket (aligned with the window), null where no reading starts in the bucket. */
  cells: (Cell | null)[];
  units: (number | null)[];
  runningMinutes: (number | null)[];
  /** Readings longer than an hour (daily reads, bills): read raw, priced only where prices are flat. */
  coarse: boolean;
  /** Why a KPI is absent for this machine. */
  absent: Partial<Record<Absence, string>>;
  /** Readings straddling the end of the period, left out (never spread): their kWh. */
  leftOutKwh: number;
  /** The highest billed peak demand of readings in the period (bills with a peak reading), kW. */
  billedPeakKw: number | null;
}

export interface SiteSettings {
  tariff: (TariffSettings & { flat: boolean }) | null;
  emissions: { factors: number[]; flat: boolean; source: string | null } | null;
}

export interface Figures {
  scope: KpiScope;
  window: KpiWindow;
  machines: MachineFigures[];
  settings: Map<string, SiteSettings>;
}

function settingsOf(t: SiteTariff | undefined, e: SiteEmissionFactor | undefined): SiteSettings {
  const tariff = t ? { currency: t.currency, flatPricePerKwh: t.flatPricePerKwh, touPeriods: t.touPeriods, demandChargePerKwMonth: t.demandChargePerKwMonth } : null;
  const factors = e ? factorsByHour({ kgCo2PerKwh: e.kgCo2PerKwh, hourlyKgCo2PerKwh: e.hourlyKgCo2PerKwh, source: e.source }) : null;
  return {
    tariff: tariff ? { ...tariff, flat: isFlat(tariff) } : null,
    emissions: factors ? { factors, flat: factors.every((f) => f === factors[0]), source: e!.source } : null,
  };
}

const NO_TARIFF = "no tariff is set for the machine's site (PUT /api/v1/settings/tariff)";
const NO_FACTOR = "no grid emission factor is set for the machine's site (PUT /api/v1/settings/emissions)";

/**
 * Reads the figures of a scope over a window: the rollups for all machines (one statement per
 * site and kind, side by side) and raw readings for machines read daily or billed. Peaks are read
 * apart (demand.ts); `byDayFor` lets flat-priced cost or CO2 over whole local days read days.
 */
export async function readFigures(db: Database, scope: KpiScope, window: KpiWindow, opts: { byDayFor?: "cost" | "carbon" } = {}): Promise<Figures> {
  const siteIds = [...new Set(scope.machines.map((m) => m.siteId))];
  const { tariffs, emissions } = await kpiSettingsOf(db, siteIds);
  const settings = new Map(siteIds.map((s) => [s, settingsOf(tariffs.get(s), emissions.get(s))]));
  // Whole local days priced at flat rates need no hour: read the 1day rollup (local days on
  // PostgreSQL and PGlite; TimescaleDB's daily aggregate holds UTC days), a 24th of the rows.
  const flat = [...settings.values()].every((s) => (opts.byDayFor === "cost" ? (s.tariff?.flat ?? true) : (s.emissions?.flat ?? true)));
  const byDay = opts.byDayFor !== undefined && flat && db.kind !== "timescaledb" && window.granularity !== "15min" && window.granularity !== "hourly" && wholeLocalDays(window);
  if (byDay) window = { ...window, level: "1day" };
  const ids = scope.machines.map((m) => m.id);
  const n = window.starts.length;

  const energyReads = siteIds.map((site) => {
    const s = settings.get(site)!;
    const pricing: Pricing = {
      prices: s.tariff ? pricesByHourOfWeek(s.tariff) : new Array<number>(168).fill(0),
      factors: s.emissions?.factors ?? new Array<number>(24).fill(0),
    };
    return readEnergy(db, window, scope.machines.filter((m) => m.siteId === site).map((m) => m.id), pricing);
  });
  const reads = await Promise.all(energyReads);
  const energy = new Map(reads.flatMap((r) => [...r.energy.entries()]));
  const production = new Map(reads.flatMap((r) => [...r.production.entries()]));
  const coarseIds = ids.filter((id) => [...(energy.get(id)?.values() ?? [])].some((c) => c.overhang));
  const raw = await readRawReadings(db, window, coarseIds);

  const machines = scope.machines.map((m): MachineFigures => {
    const s = settings.get(m.siteId)!;
    const f: MachineFigures = {
      id: m.id,
      name: m.name,
      siteId: m.siteId,
      countsOutput: m.countsOutput,
      cells: new Array<Cell | null>(n).fill(null),
      units: new Array<number | null>(n).fill(null),
      runningMinutes: new Array<number | null>(n).fill(null),
      coarse: coarseIds.includes(m.id),
      absent: {},
      leftOutKwh: 0,
      billedPeakKw: null,
    };
    if (!s.tariff) f.absent.cost = NO_TARIFF;
    if (!s.emissions) f.absent.carbon = NO_FACTOR;
    if (byDay) f.absent.base_load = "read by local day (flat prices): base load needs hours";
    if (f.coarse) fillFromRaw(f, raw.get(m.id) ?? [], window, s);
    else {
      for (const [ob, c] of energy.get(m.id) ?? []) {
        const i = bucketIndex(window, ob);
        if (i >= 0) f.cells[i] = { kwh: c.kwh, coveredS: c.coveredS, cost: s.tariff && (!byDay || s.tariff.flat) ? c.cost : null, co2: s.emissions && (!byDay || s.emissions.flat) ? c.co2 : null, baseKwh: byDay ? null : c.baseKwh };
      }
    }
    const prod = production.get(m.id);
    if (!prod || prod.size === 0) {
      f.absent.production = "no production data in the period";
      f.absent.base_load ??= "no production data in the period: hours without production cannot be told apart";
    } else {
      for (const [ob, p] of prod) {
        const i = bucketIndex(window, ob);
        if (i >= 0) [f.units[i], f.runningMinutes[i]] = [p.units, p.runningMinutes];
      }
    }
    if (f.coarse) markNoDemandInterval(f);
    return f;
  });
  return { scope, window, machines, settings };
}

/** A machine whose readings are longer than 15 minutes: no demand interval, perhaps a billed peak. */
export function markNoDemandInterval(f: MachineFigures): void {
  f.absent.peak_demand =
    f.billedPeakKw !== null
      ? "readings are longer than a 15-minute demand interval; the billed peak demand is reported instead (billed_peak_kw)"
      : "readings are longer than a 15-minute demand interval, and no bill in the period carries a peak demand reading";
}

/** Machines read daily or billed: each reading in the bucket it starts in, whole, if it ends there. */
function fillFromRaw(f: MachineFigures, readings: { start: number; end: number; kwh: number; peakKw: number | null }[], w: KpiWindow, s: SiteSettings) {
  const hourly = "readings longer than an hour (daily reads or bills) cannot be";
  f.absent.base_load = `${hourly} split into hours with and without production`;
  if (s.tariff && !s.tariff.flat) f.absent.cost = `${hourly} priced by time-of-use periods; a flat tariff prices them`;
  if (s.emissions && !s.emissions.flat) f.absent.carbon = `${hourly} weighted by hourly grid factors`;
  for (const r of readings) {
    const i = bucketIndex(w, r.start);
    if (i < 0) continue;
    if (r.end > w.ends[i]!) {
      if (w.granularity === "period" || i === w.starts.length - 1) {
        // Straddles the period's end: left out whole (readings are never spread), counted here.
        f.leftOutKwh += r.kwh;
        continue;
      }
      f.absent.energy = `readings of ${Math.round((r.end - r.start) / 3_600_000)} h are longer than a ${w.granularity} bucket (the one starting ${new Date(w.starts[i]!).toISOString()}); readings are never spread over buckets: choose a coarser granularity`;
      f.cells.fill(null);
      return;
    }
    if (r.peakKw !== null) f.billedPeakKw = Math.max(f.billedPeakKw ?? 0, r.peakKw);
    const c = (f.cells[i] ??= { kwh: 0, coveredS: 0, cost: s.tariff?.flat ? 0 : null, co2: s.emissions?.flat ? 0 : null, baseKwh: null });
    c.kwh += r.kwh;
    c.coveredS += (r.end - r.start) / 1000;
    if (c.cost !== null) c.cost += r.kwh * (s.tariff!.flatPricePerKwh ?? pricesByHourOfWeek(s.tariff!)[0]!);
    if (c.co2 !== null) c.co2 += r.kwh * s.emissions!.factors[0]!;
  }
}

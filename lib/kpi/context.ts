import type { Database } from "@/lib/db/types";
import { inZone } from "@/lib/validation/dates";
import { wholeHourOffsets } from "@/lib/timeseries/local";
import { isoUtc } from "@/lib/timeseries/iso";
import { kpiWindow, type KpiBucketing, type KpiWindow } from "./buckets";
import { readFigures, type Figures } from "./figures";
import { resolveScope, type KpiScope } from "./scope";

// What every KPI request starts from: the scope, its window of whole buckets in the site's local
// calendar, and the figures read over it.

export interface KpiRequest {
  machine_id?: string;
  area?: string;
  start_date: Date;
  end_date: Date;
  granularity: KpiBucketing;
}

export interface KpiContext {
  scope: KpiScope;
  window: KpiWindow;
  figures: Figures;
  /** The period asked for, as instants. */
  from: number;
  to: number;
}

/** The scope and its window of whole buckets, before anything is read. */
export async function kpiScopeWindow(db: Database, q: KpiRequest): Promise<Omit<KpiContext, "figures">> {
  const scope = await resolveScope(db, q.machine_id, q.area);
  // Dates and times without an offset are the site's wall clock.
  const from = inZone(q.start_date, scope.timeZone).getTime();
  const to = inZone(q.end_date, scope.timeZone).getTime();
  const window = kpiWindow(from, to, q.granularity, scope.timeZone, wholeHourOffsets(scope.timeZone, from, to));
  return { scope, window, from, to };
}

/** `byDayFor`: the KPI depends on the hour only through its prices, so flat-priced whole days may be read by day. */
export async function kpiContext(db: Database, q: KpiRequest, opts: { byDayFor?: "cost" | "carbon" } = {}): Promise<KpiContext> {
  const sw = await kpiScopeWindow(db, q);
  return { ...sw, figures: await readFigures(db, sw.scope, sw.window, opts) };
}

/** The head of every KPI answer: whose figures, over which whole buckets, in which calendar. */
export function header(kpi: string, c: KpiContext, q: KpiRequest) {
  return {
    kpi,
    machine_id: c.scope.machineId,
    area: c.scope.area,
    scope: c.scope.machineId ? "machine" : c.scope.area ? "area" : "plant",
    machines: c.scope.machines.map((m) => ({ machine_id: m.id, machine_name: m.name, area: m.area })),
    time_zone: c.scope.timeZone,
    granularity: q.granularity,
    start_date: isoUtc(c.from),
    end_date: isoUtc(c.to),
    // The whole buckets reported: the period snapped inwards to them.
    window: { start: isoUtc(c.window.starts[0]!), end: isoUtc(c.window.ends.at(-1)!) },
    // The rollup the energy figures were read from: 1day where only flat prices depend on the hour.
    read_from: c.figures.window.level,
  };
}

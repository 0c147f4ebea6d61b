// The reports page's shaping: whose figures (a list of machines, an area, or the plant), and the
// per-bucket table joined from the KPI endpoints (sec: energy, units, SEC, coverage; cost; carbon).

export interface ReportMachine {
  id: string;
  name: string;
  area: string | null;
  is_active: boolean;
}

export interface ReportUnit {
  /** query parameters of the KPI API for this unit */
  params: { machine_id?: string; area?: string };
  label: string;
}

export interface ReportScope {
  kind: "machines" | "area" | "plant";
  /** one per chosen machine, or one for the area or plant */
  units: ReportUnit[];
  /** the machines whose figures the scope holds (KPIs by machine) */
  machines: ReportMachine[];
}

/**
 * The scope the URL names: chosen machines (unknown ids dropped), else an area's active machines,
 * else the plant's active machines (as the KPI API scopes them).
 */
export function reportScope(all: ReportMachine[], machineIds: string[], area: string | null): ReportScope {
  const chosen = machineIds.map((id) => all.find((m) => m.id === id)).filter((m): m is ReportMachine => m !== undefined);
  if (chosen.length > 0) return { kind: "machines", units: chosen.map((m) => ({ params: { machine_id: m.id }, label: m.name })), machines: chosen };
  if (area) return { kind: "area", units: [{ params: { area }, label: `Area ${area}` }], machines: all.filter((m) => m.is_active && m.area === area) };
  return { kind: "plant", units: [{ params: {}, label: "Plant" }], machines: all.filter((m) => m.is_active) };
}

type Cell = string | number | null;
type SeriesRows = Record<string, Cell>[];

export interface BucketRow {
  time: string;
  unit: string;
  energy_kwh: number | null;
  production_count: number | null;
  sec_kwh_per_unit: number | null;
  cost: number | null;
  co2_kg: number | null;
  coverage: number | null;
}

const numOrNull = (v: Cell | undefined) => (typeof v === "number" ? v : null);

/**
 * One row per bucket of each unit, in the sec endpoint's bucket order, with cost and CO2 from
 * their endpoints' rows of the same time (null where that endpoint has none).
 */
export function bucketRows(units: { label: string; sec: SeriesRows; cost: SeriesRows; carbon: SeriesRows }[]): BucketRow[] {
  return units.flatMap((u) => {
    const cost = new Map(u.cost.map((r) => [String(r.time), r]));
    const carbon = new Map(u.carbon.map((r) => [String(r.time), r]));
    return u.sec.map((r) => {
      const t = String(r.time);
      return {
        time: t,
        unit: u.label,
        energy_kwh: numOrNull(r.energy_kwh),
        production_count: numOrNull(r.production_count),
        sec_kwh_per_unit: numOrNull(r.sec_kwh_per_unit),
        cost: numOrNull(cost.get(t)?.cost),
        co2_kg: numOrNull(carbon.get(t)?.co2_kg),
        coverage: numOrNull(r.coverage),
      };
    });
  });
}

/** Rounds as the tables display (reports' CSVs are rounded as shown); null stays null. */
export function roundAs(v: number | null | undefined, digits: number): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return Number(v.toFixed(digits));
}

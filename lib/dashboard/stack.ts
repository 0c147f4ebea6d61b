// Energy over time stacked by machine: one row per bucket with a column per machine, the shape a
// stacked bar chart and its CSV both take. A machine without a reading in a bucket is null there
// (not 0), so "no data" and "used nothing" stay apart.

export interface MachinePoints {
  id: string;
  points: { time: string; kwh: number | null }[];
}

export type StackRow = { t: number; total: number | null } & Record<string, number | null>;

/** Rows by bucket start (epoch ms, ascending) over the union of the machines' buckets; `total` sums the machines that have a value. */
export function stackRows(machines: MachinePoints[]): StackRow[] {
  const rows = new Map<number, StackRow>();
  for (const m of machines) {
    for (const p of m.points) {
      const t = Date.parse(p.time);
      let row = rows.get(t);
      if (!row) {
        row = { t, total: null };
        for (const other of machines) row[other.id] = null;
        rows.set(t, row);
      }
      row[m.id] = p.kwh;
      if (p.kwh !== null) row.total = (row.total ?? 0) + p.kwh;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * Which machines get a colour of their own in a stacked chart: the `k` largest by energy (the
 * colour-blind-safe palette has few distinguishable colours); the rest are drawn as one "other
 * machines" band. Machines without a reading in the period are in neither (nothing to draw; the
 * CSV still has their columns).
 */
export function topWithOther(machines: { id: string; name: string; kwh: number | null }[], k: number): { shown: string[]; other: string[] } {
  const sorted = machines.filter((m) => m.kwh !== null).sort((a, b) => b.kwh! - a.kwh! || a.name.localeCompare(b.name));
  if (sorted.length <= k) return { shown: sorted.map((m) => m.id), other: [] };
  return { shown: sorted.slice(0, k).map((m) => m.id), other: sorted.slice(k).map((m) => m.id) };
}

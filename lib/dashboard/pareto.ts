// A Pareto of consumers: machines in falling order of energy, each with its share and the
// cumulative share of the total, so "which few machines use most of the energy" reads off the
// chart (Juran's Pareto principle, as ISO 50001 energy reviews use it to find significant energy uses).

export interface ParetoInput {
  id: string;
  name: string;
  value: number | null;
}

export interface ParetoRow {
  id: string;
  name: string;
  value: number;
  /** value ÷ total, fraction */
  share: number;
  /** Σ shares up to and including this row, fraction */
  cumulative: number;
}

/**
 * Rows with a value, largest first (ties by name, so the order is stable); machines without a
 * figure (null) are left out rather than counted as zero. Negative values (net export) are kept
 * at their place but the shares are of the sum of all values. Empty when the total is not positive.
 */
export function paretoRows(items: ParetoInput[]): ParetoRow[] {
  const kept = items.filter((i): i is ParetoInput & { value: number } => i.value !== null && Number.isFinite(i.value));
  const total = kept.reduce((s, i) => s + i.value, 0);
  if (!(total > 0)) return [];
  const sorted = [...kept].sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  let running = 0;
  return sorted.map((i) => {
    running += i.value;
    return { id: i.id, name: i.name, value: i.value, share: i.value / total, cumulative: running / total };
  });
}

/** How many of the largest consumers make up `threshold` (default 80 %) of the total. */
export function vitalFew(rows: ParetoRow[], threshold = 0.8): number {
  const i = rows.findIndex((r) => r.cumulative >= threshold - 1e-12);
  return i === -1 ? rows.length : i + 1;
}

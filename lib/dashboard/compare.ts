import { formatPlantRange } from "@/lib/time/plant-time";
import { previousPeriod, resolvePeriod, type Period } from "./period";

// The columns of the compare page: two to six machines over one period, or one machine over two
// periods (the second defaults to the period before the first).

export const MIN_MACHINES = 2;
export const MAX_MACHINES = 6;

export interface CompareColumn {
  key: string;
  label: string;
  machineId: string;
  period: Period;
}

export interface CompareState {
  mode: "machines" | "periods";
  machine_id: string[];
  start_date: string | null;
  end_date: string | null;
  compare_start_date: string | null;
  compare_end_date: string | null;
}

/**
 * The machine ids a compare link may hold, and a sentence for what was dropped: repeats (an id
 * named twice is compared once), ids of no machine of this plant, more than MAX_MACHINES (the
 * first six are kept), and in periods mode every id after the first (one machine over two
 * periods). `note` is null when the link was already clean; the page writes `ids` back to the URL.
 */
export function cleanCompareIds(mode: CompareState["mode"], ids: string[], machines: { id: string; name: string }[]): { ids: string[]; note: string | null } {
  const nameOf = new Map(machines.map((m) => [m.id, m.name]));
  const seen = new Set<string>();
  const repeated: string[] = [];
  let unknown = 0;
  for (const id of ids) {
    if (!nameOf.has(id)) unknown++;
    else if (seen.has(id)) repeated.push(nameOf.get(id)!);
    else seen.add(id);
  }
  const unique = [...seen];
  const limit = mode === "periods" ? 1 : MAX_MACHINES;
  const kept = unique.slice(0, limit);
  const left = unique.slice(limit).map((id) => nameOf.get(id)!);
  const parts: string[] = [];
  if (repeated.length) parts.push(`${[...new Set(repeated)].join(", ")} ${repeated.length === 1 ? "was" : "were"} named more than once and ${repeated.length === 1 ? "is" : "are"} compared once`);
  if (unknown) parts.push(`${unknown} id${unknown === 1 ? " is" : "s are"} not a machine of this plant and ${unknown === 1 ? "was" : "were"} left out`);
  if (left.length && mode === "periods") parts.push(`one machine is compared over two periods: ${nameOf.get(kept[0]!)} (the first named); ${left.join(", ")} left out`);
  else if (left.length) parts.push(`at most ${MAX_MACHINES} machines are compared: the first ${MAX_MACHINES} named are kept, ${left.join(", ")} left out`);
  return { ids: kept, note: parts.length ? `The link named ${ids.length} machine id${ids.length === 1 ? "" : "s"}: ${parts.join("; ")}.` : null };
}

/** Columns for the state, or why there are none yet (a sentence saying what to do). */
export function compareColumns(s: CompareState, machines: { id: string; name: string }[], defaultDays: number, timeZone: string, nowMs = Date.now()): { columns: CompareColumn[]; problem: string | null } {
  // Repeats, unknown ids and ids past the limit are dropped here too (cleanCompareIds says so on the page).
  const known = cleanCompareIds(s.mode, s.machine_id, machines).ids.map((id) => machines.find((m) => m.id === id)!);
  const a = resolvePeriod(s.start_date, s.end_date, defaultDays, timeZone, nowMs);
  if (s.mode === "machines") {
    if (known.length < MIN_MACHINES) return { columns: [], problem: `Choose ${MIN_MACHINES} to ${MAX_MACHINES} machines to compare (${known.length} chosen).` };
    return { columns: known.map((m) => ({ key: m.id, label: m.name, machineId: m.id, period: { from: a.from, to: a.to } })), problem: null };
  }
  const m = known[0];
  if (!m) return { columns: [], problem: "Choose the machine whose two periods you want to compare." };
  const prev = previousPeriod(a, timeZone);
  const b = resolvePeriod(s.compare_start_date, s.compare_end_date, defaultDays, timeZone, nowMs);
  const second = b.isDefault ? prev : { from: b.from, to: b.to };
  return {
    columns: [
      { key: "a", label: `${m.name}, ${formatPlantRange(a.from, a.to, timeZone)}`, machineId: m.id, period: { from: a.from, to: a.to } },
      { key: "b", label: `${m.name}, ${formatPlantRange(second.from, second.to, timeZone)}`, machineId: m.id, period: second },
    ],
    problem: null,
  };
}

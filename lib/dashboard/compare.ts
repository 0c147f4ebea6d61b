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

/** Columns for the state, or why there are none yet (a sentence saying what to do). */
export function compareColumns(s: CompareState, machines: { id: string; name: string }[], defaultDays: number, timeZone: string, nowMs = Date.now()): { columns: CompareColumn[]; problem: string | null } {
  const known = s.machine_id.map((id) => machines.find((m) => m.id === id)).filter((m): m is { id: string; name: string } => m !== undefined);
  const a = resolvePeriod(s.start_date, s.end_date, defaultDays, timeZone, nowMs);
  if (s.mode === "machines") {
    if (known.length < MIN_MACHINES) return { columns: [], problem: `Choose ${MIN_MACHINES} to ${MAX_MACHINES} machines to compare (${known.length} chosen).` };
    return { columns: known.slice(0, MAX_MACHINES).map((m) => ({ key: m.id, label: m.name, machineId: m.id, period: { from: a.from, to: a.to } })), problem: known.length > MAX_MACHINES ? `Only the first ${MAX_MACHINES} machines are compared.` : null };
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

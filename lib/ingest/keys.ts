import { floorToLevel } from "@/lib/timeseries/definitions";

// What the writer needs to know about a chunk's keys without reading the rows back: the range
// each machine's rows span per UTC day (what rollup_pending records; the writer's upsert groups
// the rows it changes the same way), and whether any (machine, time) repeats.

/** Times kept to check a batch for repeats when its rows are not in time order per machine. */
const MAX_KEPT_TIMES = 1_000_000;

interface DayRange {
  start: number;
  end: number;
}

interface MachineKeys {
  last: number;
  days: Map<number, DayRange>;
  times: number[] | null;
  /** The day of the last row, to skip the map lookup for runs of rows in one day. */
  day: number;
  range: DayRange | undefined;
}

export interface KeyRange {
  machine_id: string;
  s: string;
  e: string;
}

export class BatchKeys {
  /** Rows added. */
  count = 0;
  private readonly machines = new Map<string, MachineKeys>();
  private current: { id: string; keys: MachineKeys } | undefined;
  /** Every machine's times strictly increase in batch order (so none repeats). */
  private ordered = true;
  private kept = 0;
  private keeping = true;

  add(machineId: string, time: number): void {
    this.count += 1;
    let m: MachineKeys;
    if (this.current?.id === machineId) m = this.current.keys;
    else {
      const found = this.machines.get(machineId);
      if (found) m = found;
      else {
        m = { last: -Infinity, days: new Map(), times: [], day: NaN, range: undefined };
        this.machines.set(machineId, m);
      }
      this.current = { id: machineId, keys: m };
    }
    if (time <= m.last) this.ordered = false;
    else m.last = time;
    if (this.keeping) {
      if (this.kept < MAX_KEPT_TIMES) {
        m.times?.push(time);
        this.kept += 1;
      } else {
        this.keeping = false;
        for (const k of this.machines.values()) k.times = null;
      }
    }
    const day = floorToLevel(time, "1day");
    let r = m.day === day ? m.range : m.days.get(day);
    if (!r) {
      r = { start: time, end: time };
      m.days.set(day, r);
    } else if (time < r.start) r.start = time;
    else if (time > r.end) r.end = time;
    m.day = day;
    m.range = r;
  }

  /** True when no (machine, time) occurs twice; false when one may (or does). */
  get distinct(): boolean {
    if (this.ordered) return true;
    if (!this.keeping) return false;
    for (const m of this.machines.values()) {
      const t = Float64Array.from(m.times ?? []).sort();
      for (let i = 1; i < t.length; i++) if (t[i] === t[i - 1]) return false;
    }
    return true;
  }

  /** One range per machine and UTC day (the day buckets of the rollups), as rollup_pending records them. */
  ranges(): KeyRange[] {
    const out: KeyRange[] = [];
    for (const [id, m] of this.machines) {
      for (const r of m.days.values()) out.push({ machine_id: id, s: new Date(r.start).toISOString(), e: new Date(r.end).toISOString() });
    }
    return out;
  }
}

import { localFloor, nextLocal } from "./local";
import { floorToLevel, levelMs, type Level } from "./definitions";

/** A span of raw time for one machine; `end` is the last touched instant (inclusive). */
export interface TouchedRange {
  machineId: string;
  start: number;
  end: number;
}

export interface BucketRange {
  machineId: string;
  /** First bucket start (inclusive). */
  from: number;
  /** Bucket boundary after the last bucket (exclusive). */
  to: number;
}

/** The local days (of zone `tz`) that a touched range reaches. */
function localDayRange(t: TouchedRange, tz: string): BucketRange {
  return { machineId: t.machineId, from: localFloor(t.start, "day", tz), to: nextLocal(localFloor(t.end, "day", tz), "day", tz) };
}

/**
 * The buckets of `level` that touched ranges reach (with `localDays`, the local days of each
 * machine's zone instead of UTC-aligned buckets), merged per machine so that no bucket is
 * recomputed twice (an overlap would double-count in INSERT … SELECT … GROUP BY).
 */
export function bucketRanges(touched: TouchedRange[], level: Level, localDays?: (machineId: string) => string): BucketRange[] {
  const byMachine = new Map<string, BucketRange[]>();
  for (const t of touched) {
    const r = localDays
      ? localDayRange(t, localDays(t.machineId))
      : { machineId: t.machineId, from: floorToLevel(t.start, level), to: floorToLevel(t.end, level) + levelMs[level] };
    const list = byMachine.get(t.machineId) ?? [];
    list.push(r);
    byMachine.set(t.machineId, list);
  }
  const out: BucketRange[] = [];
  for (const list of byMachine.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur: BucketRange | undefined;
    for (const r of list) {
      if (cur && r.from <= cur.to) cur.to = Math.max(cur.to, r.to);
      else {
        if (cur) out.push(cur);
        cur = { ...r };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

export function rangesJson(ranges: BucketRange[]): string {
  return JSON.stringify(
    ranges.map((r) => ({ machine_id: r.machineId, s: new Date(r.from).toISOString(), e: new Date(r.to).toISOString() })),
  );
}

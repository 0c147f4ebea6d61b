import { AppError } from "@/lib/errors";
import type { Queryable } from "@/lib/db/types";
import { plantMoment } from "./bills";
import type { MachineInfo, Spans } from "./energy";
import { BatchKeys } from "./keys";
import { describeRejected, type RowValidator } from "./validate";
import type { ChunkCheck } from "./writer";

// Energy readings of one machine must not overlap: a 15-minute reading over stored 1-minute ones,
// an hourly one over 15-minute ones, a reading inside a stored bill would each count the same
// energy twice (coverage above 1). A reading with the same start and interval as a stored one
// replaces it (a re-send); one overlapping a stored reading with another start or another interval
// is rejected, naming that reading, as is the later (in batch order) of two overlapping rows of a
// batch. Bills check their own periods (lib/ingest/bills.ts).
//
// Checked per chunk the writer is handed, in its transaction, so earlier chunks of a file count as
// stored: one query per chunk reads, per machine of the chunk, the stored reading before its
// earliest start and those starting before its latest end (index range scans on
// (machine_id, time)); the rows are compared in memory. Stored readings do not overlap each other
// (this check and the bills' keep it so), so only the last one before a span can reach into it.

interface Item {
  start: number;
  end: number;
  /** Index in the chunk, or -1 for a stored reading. */
  index: number;
  /** CSV line or JSON index (new rows). */
  position: number;
}

/** Stored readings (start, end in ms) per machine around each range [s, e). */
async function storedAround(tx: Queryable, ranges: { machine_id: string; s: string; e: string }[]): Promise<Map<string, Item[]>> {
  // Times as epoch ms: a re-sent chunk reads back every row of its span, and parsing timestamps costs more than the query.
  const rows = await tx.query<{ machine_id: string; ms: number; interval_s: number }>(
    `SELECT r.machine_id::text AS machine_id, (extract(epoch FROM x.time) * 1000)::float8 AS ms, x.interval_s
       FROM jsonb_to_recordset($1::jsonb) AS r(machine_id uuid, s timestamptz, e timestamptz)
       CROSS JOIN LATERAL (
         (SELECT t.time, t.interval_s FROM energy_readings t WHERE t.machine_id = r.machine_id AND t.time < r.s ORDER BY t.time DESC LIMIT 1)
         UNION ALL
         (SELECT t.time, t.interval_s FROM energy_readings t WHERE t.machine_id = r.machine_id AND t.time >= r.s AND t.time < r.e)
       ) x`,
    [JSON.stringify(ranges)],
  );
  const out = new Map<string, Item[]>();
  for (const r of rows) {
    const start = Number(r.ms);
    const list = out.get(r.machine_id) ?? [];
    list.push({ start, end: start + Number(r.interval_s) * 1000, index: -1, position: -1 });
    out.set(r.machine_id, list);
  }
  return out;
}

/**
 * Whether every stored reading from `s` on has a row of the chunk with its start and interval
 * (`rows`: the machine's rows, in order without overlaps) and the one before `s` ends by `s`.
 */
function resent(around: Item[], s: number, rows: number[], spans: Spans): boolean {
  let ends: Map<number, number> | null = null;
  for (const r of around) {
    if (r.start < s) {
      if (r.end > s) return false;
      continue;
    }
    if (!ends) {
      ends = new Map();
      for (const i of rows) ends.set(spans.starts[i]!, spans.starts[i]! + spans.seconds[i]! * 1000);
    }
    if (ends.get(r.start) !== r.end) return false;
  }
  return true;
}

/**
 * The check of a chunk of planned energy lines (`spans` describes them, one entry per line; see
 * EnergyPlanner.take):
 * rejects through `validator` each row overlapping a stored reading of its machine, or an earlier
 * row of the chunk, with another start or interval. With on_error=abort a rejection throws the
 * batch's 400 (nothing is written); with skip the chunk is written without those rows, counted in
 * `onDropped`.
 */
export function overlapCheck(
  machines: Map<string, MachineInfo>,
  validator: RowValidator,
  byLine: boolean,
  onError: "abort" | "skip",
  onDropped: (n: number) => void,
): (lines: string[], keys: BatchKeys, spans: Spans) => ChunkCheck {
  // Per machine, where its stored readings end: the latest stored one's end when the batch began
  // (read with the machines), then pushed on by each chunk written. Rows in order starting there or
  // later (new data appended, the usual import) need no query. A concurrent writer's rows are not
  // seen, as before this check.
  const endOf = new Map<string, number>();
  for (const m of machines.values()) {
    if (m.latest_time !== null) endOf.set(m.id, m.latest_time + (m.latest_interval_s ?? 0) * 1000);
  }
  return (lines, keys, spans) => async (tx) => {
    // Per machine: the chunk's rows (indexes), its span, and whether the rows go forward without overlapping.
    const byMachine = new Map<string, { rows: number[]; s: number; e: number; ordered: boolean; lastEnd: number }>();
    for (let i = 0; i < lines.length; i++) {
      const id = spans.ids[i]!;
      const start = spans.starts[i]!;
      const end = start + spans.seconds[i]! * 1000;
      const m = byMachine.get(id);
      if (!m) byMachine.set(id, { rows: [i], s: start, e: end, ordered: true, lastEnd: end });
      else {
        m.rows.push(i);
        if (start < m.lastEnd) m.ordered = false;
        if (start < m.s) m.s = start;
        if (end > m.e) m.e = end;
        m.lastEnd = Math.max(m.lastEnd, end);
      }
    }
    const checked = [...byMachine].filter(([id, m]) => !(m.ordered && m.s >= (endOf.get(id) ?? -Infinity)));
    const ranges = checked.map(([machine_id, m]) => ({ machine_id, s: new Date(m.s).toISOString(), e: new Date(m.e).toISOString() }));
    const stored = ranges.length > 0 ? await storedAround(tx, ranges) : new Map<string, Item[]>();
    for (const [id, m] of byMachine) endOf.set(id, Math.max(endOf.get(id) ?? -Infinity, m.e));
    const rejected = new Set<number>();
    const where = (position: number) => (byLine ? { line: position } : { index: position });
    for (const [id, m] of checked) {
      const around = stored.get(id) ?? [];
      // The usual import of new data (rows in order, nothing stored that reaches into them) and the
      // usual re-send (rows in order, each stored one in their span re-sent with its own key).
      if (m.ordered && around.every((r) => r.end <= m.s)) continue;
      if (m.ordered && resent(around, m.s, m.rows, spans)) continue;
      const tz = machines.get(id)?.time_zone ?? "UTC";
      const span = (x: Item) => `${plantMoment(x.start, tz)} – ${plantMoment(x.end, tz)}`;
      const items: Item[] = around.concat(m.rows.map((i) => ({ start: spans.starts[i]!, end: spans.starts[i]! + spans.seconds[i]! * 1000, index: i, position: spans.positions[i]! })));
      // By start; at one start stored first, then batch order.
      items.sort((a, b) => a.start - b.start || (a.index === -1 ? -1 : 0) - (b.index === -1 ? -1 : 0) || a.position - b.position);
      const reject = (loser: Item, other: Item) => {
        rejected.add(loser.index);
        const what =
          other.index === -1
            ? `the stored reading of the same machine at ${plantMoment(other.start, tz)} (${(other.end - other.start) / 1000} s)`
            : `the reading in ${byLine ? "line" : "row"} ${other.position} (${span(other)})`;
        validator.rejectRow(
          where(loser.position),
          "time",
          `the reading ${span(loser)} (${tz}) overlaps ${what}: its energy would be counted twice; only a reading with the same start and interval replaces a stored one (delete the stored readings first to replace them with others)`,
        );
      };
      // Kept items never overlap each other, so only the last kept one can reach into the next.
      const kept: Item[] = [];
      for (const x of items) {
        let keep = true;
        while (kept.length > 0) {
          const last = kept[kept.length - 1]!;
          if (x.start >= last.end) break;
          if (x.start === last.start && (x.end === last.end || (x.index !== -1 && last.index !== -1))) {
            // The same key: a re-send replaces the stored reading. Two rows of the batch at one
            // start are a repeat, which the planner has ruled on (the later row wins).
            if (x.index !== -1) kept.pop();
            else keep = false;
            break;
          }
          if (last.index === -1 && x.index === -1) break; // stored readings that overlapped before this check
          const xLoses = x.index !== -1 && (last.index === -1 || x.position > last.position);
          if (xLoses) {
            reject(x, last);
            keep = false;
            break;
          }
          reject(last, x);
          kept.pop();
        }
        if (keep) kept.push(x);
      }
    }
    if (rejected.size === 0) return { lines, keys };
    if (onError === "abort") {
      throw new AppError("bad_request", `Nothing was written: ${describeRejected(validator)}`, {
        rejected_count: validator.rejectedCount,
        errors: validator.fieldErrors(),
      });
    }
    onDropped(rejected.size);
    const keptLines: string[] = [];
    const keptKeys = new BatchKeys();
    for (let i = 0; i < lines.length; i++) {
      if (rejected.has(i)) continue;
      keptLines.push(lines[i]!);
      keptKeys.add(spans.ids[i]!, spans.starts[i]!);
    }
    return { lines: keptLines, keys: keptKeys };
  };
}

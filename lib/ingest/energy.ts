import { AppError } from "@/lib/errors";
import type { Queryable } from "@/lib/db/types";
import { BatchDuplicates, numbersHash } from "./duplicates";
import { MAX_INTERVAL_S, intervalLengthS, intervalName, intervalStart, medianSpacingS, sampleIntervals, type SampleInterval } from "./intervals";
import { BatchKeys } from "./keys";
import { implausibleEnergy, powerCeilingKw } from "./plausibility";
import type { RowValidator } from "./validate";
import { FUTURE_TOLERANCE_MS } from "@/lib/validation/ingest";

// Energy rows between validation and the writer: what interval each covers, where it starts,
// whether its energy is plausible and whether it repeats a key of the batch. A row's interval is,
// in this order: its interval_s; its period_end − time; the machine's sample_interval; inferred —
// the median spacing of the machine's rows in the batch (≥ 2 of them), else the interval of its
// latest stored reading, else the row is rejected. With timestamp_position=end (the machine's, or
// the request's) the row's time is its interval's end and the row is stored at time − interval;
// a row with period_end states its start and is stored at time.
//
// Rows whose interval must be inferred wait (per machine) until it is known. A JSON batch infers
// from all its rows. A CSV file is written while it streams, so a machine's interval is inferred
// once INFER_MIN of its rows have been read (or at the end of a smaller file) and checked against
// the median of all its rows at the end: if they differ, the whole file is refused.

/** Rows of a machine read before its interval is inferred while a CSV streams. */
export const INFER_MIN = 16;

/** What ingestion needs to know of a machine, read once per batch. */
export interface MachineInfo {
  id: string;
  sample_interval: SampleInterval | null;
  timestamp_position: "start" | "end";
  register_max_kwh: number | null;
  max_plausible_power_kw: number | null;
  rated_power_kw: number | null;
  /** The site's IANA time zone: the "1day" interval is its local calendar day. */
  time_zone: string;
  /** interval_s of the machine's latest stored energy reading (energy batches only). */
  latest_interval_s: number | null;
  /** Start (ms) of the machine's latest stored energy reading (energy batches only). */
  latest_time: number | null;
}

/** Every machine, with its site's zone and (for energy) the interval of its latest stored reading: one query. */
export async function loadMachines(db: Queryable, withLatestInterval: boolean): Promise<Map<string, MachineInfo>> {
  // One index probe per machine (the latest row by (machine_id, time)), for both columns.
  const latest = withLatestInterval
    ? "LEFT JOIN LATERAL (SELECT e.interval_s, e.time FROM energy_readings e WHERE e.machine_id = m.id ORDER BY e.time DESC LIMIT 1) l ON true"
    : "LEFT JOIN LATERAL (SELECT NULL::int AS interval_s, NULL::timestamptz AS time) l ON true";
  const rows = await db.query<Omit<MachineInfo, "latest_time"> & { latest_time: Date | string | null } & Record<string, unknown>>(
    `SELECT m.id::text AS id, m.sample_interval, m.timestamp_position, m.register_max_kwh, m.max_plausible_power_kw, m.rated_power_kw,
            s.time_zone, l.interval_s AS latest_interval_s, l.time AS latest_time
       FROM machines m JOIN sites s ON s.id = m.site_id ${latest}`,
  );
  const known = new Set<string>(sampleIntervals);
  return new Map(
    rows.map((r): [string, MachineInfo] => [
      r.id,
      {
        ...r,
        // A value the API would not accept (set by hand in the database) counts as not set.
        sample_interval: r.sample_interval && known.has(r.sample_interval) ? r.sample_interval : null,
        timestamp_position: r.timestamp_position === "end" ? "end" : "start",
        register_max_kwh: r.register_max_kwh === null ? null : Number(r.register_max_kwh),
        max_plausible_power_kw: r.max_plausible_power_kw === null ? null : Number(r.max_plausible_power_kw),
        rated_power_kw: r.rated_power_kw === null ? null : Number(r.rated_power_kw),
        latest_interval_s: r.latest_interval_s === null ? null : Number(r.latest_interval_s),
        latest_time: r.latest_time === null ? null : new Date(r.latest_time).getTime(),
      },
    ]),
  );
}

/** Per machine of a batch: the interval its rows were given, in the ingest response. */
export interface IntervalUsed {
  machine_id: string;
  /** Seconds, or null when rows differ (a local day, or rows giving different intervals). */
  interval_s: number | null;
  /** The declared name (1min … 1day) when it is one, else null. */
  interval: SampleInterval | null;
  /** row: interval_s or period_end of each row; sample_interval: the machine's; inferred_batch / inferred_stored: see above. */
  source: "row" | "sample_interval" | "inferred_batch" | "inferred_stored" | "mixed";
  inferred: boolean;
  timestamp_position: "start" | "end";
  rows: number;
}

interface Waiting {
  stamp: number;
  /** The validated line up to its power_factor: `time,machine_id,…,power_factor`. */
  head: string;
  hash: number;
  power: number | null;
  energy: number;
  position: number;
}

interface MachinePlan {
  info: MachineInfo;
  position: "start" | "end";
  ceilingKw: number | null;
  /** Inferred interval (s) once known. */
  inferred: number | null;
  inferredFrom: number;
  source: IntervalUsed["source"] | null;
  sources: Set<IntervalUsed["source"]>;
  /** The intervals (s) rows gave themselves (interval_s or period_end), for the report. */
  rowSeconds: Set<number>;
  /** Stamped instants of the rows that take the machine's inferred interval. */
  inferTimes: number[];
  waiting: Waiting[];
  rows: number;
  firstPosition: number;
  /** The end of the stored line for the last interval written: `interval_s,cost,peak_demand_kw`. */
  tailSeconds: number;
  tail: string;
}

/** What the overlap check needs of planned lines, one entry per line (parallel arrays: no object per row). */
export interface Spans {
  ids: string[];
  starts: number[];
  seconds: number[];
  positions: number[];
}

const emptySpans = (): Spans => ({ ids: [], starts: [], seconds: [], positions: [] });

/** Field positions in a validated energy line (columnSpecs.energy order). */
const POWER = 2;
const ENERGY = 3;
const INTERVAL = 7;
const PERIOD_END = 8;

export class EnergyPlanner {
  /** The columns of a validated energy line the planner takes over as they are: time … power_factor (validator option `head`). */
  static readonly HEAD = 7;
  /** Lines ready for the writer (storedColumns.energy order) and their keys. */
  lines: string[] = [];
  keys = new BatchKeys();
  /** Per line of `lines`: its machine, start (ms), interval (s) and CSV line or JSON index, for the overlap check. */
  spans: Spans = emptySpans();
  /** Rows given an interval and stored (or replacing a repeat). */
  planned = 0;
  /** Rows planned but then rejected for overlapping another reading (lib/ingest/overlaps.ts, on_error=skip). */
  dropped = 0;
  private readonly plans = new Map<string, MachinePlan>();
  private readonly repeats = new BatchDuplicates();
  private waitingCount = 0;

  constructor(
    private readonly machines: Map<string, MachineInfo>,
    private readonly validator: RowValidator,
    private readonly byLine: boolean,
    private readonly positionOverride: "start" | "end" | undefined,
  ) {}

  /** Rows waiting for their machine's inferred interval. */
  get waiting(): number {
    return this.waitingCount;
  }

  private plan(id: string, position: number): MachinePlan {
    let p = this.plans.get(id);
    if (!p) {
      const info = this.machines.get(id)!;
      p = {
        info,
        position: this.positionOverride ?? info.timestamp_position,
        ceilingKw: powerCeilingKw(info),
        inferred: null,
        inferredFrom: 0,
        source: null,
        sources: new Set(),
        rowSeconds: new Set(),
        inferTimes: [],
        waiting: [],
        rows: 0,
        firstPosition: position,
        tailSeconds: NaN,
        tail: "",
      };
      this.plans.set(id, p);
    }
    return p;
  }

  private where(position: number): { line: number } | { index: number } {
    return this.byLine ? { line: position } : { index: position };
  }

  /** Takes a line the validator accepted (validator.lastValues describe it) at `position` (CSV line or JSON index). */
  add(line: string, position: number): void {
    const values = this.validator.lastValues;
    const stamp = this.validator.lastTime;
    const id = values[1] as string;
    const p = this.plan(id, position);
    // The validator wrote `time,machine_id,power_kw,…,power_factor,` (HEAD columns): the stored line's head.
    const head = line;
    // The stored values besides time and interval (power_kw … power_factor), for the repeat check.
    const hash = numbersHash(values, POWER, INTERVAL, 0);
    const power = (values[POWER] as number | null | undefined) ?? null;
    const energy = values[ENERGY] as number;
    const own = values[INTERVAL] as number | null | undefined;
    const periodEnd = values[PERIOD_END] as number | null | undefined;
    if (own != null && periodEnd != null && periodEnd - stamp !== own * 1000) {
      // Two intervals for one row: storing one would drop the other unsaid.
      this.validator.rejectRow(this.where(position), "period_end", `is ${(periodEnd - stamp) / 1000} s after time, but interval_s says ${own} s: give one of them, or both agreeing`);
      return;
    }
    if (own != null) {
      p.sources.add("row");
      if (this.emit(p, stamp, p.position === "end" ? stamp - own * 1000 : stamp, own, head, hash, power, energy, position, "interval_s")) p.rowSeconds.add(own);
    } else if (periodEnd != null) {
      p.sources.add("row");
      const seconds = (periodEnd - stamp) / 1000;
      if (!(seconds >= 1 && seconds <= MAX_INTERVAL_S && Number.isInteger(seconds))) {
        this.validator.rejectRow(this.where(position), "period_end", `must be after time by whole seconds, at most ${MAX_INTERVAL_S} s (100 days); it is ${seconds} s`);
        return;
      }
      if (this.emit(p, stamp, stamp, seconds, head, hash, power, energy, position, "period_end")) p.rowSeconds.add(seconds);
    } else if (p.info.sample_interval) {
      p.sources.add("sample_interval");
      const si = p.info.sample_interval;
      const tz = p.info.time_zone;
      const start = p.position === "end" ? intervalStart(stamp, si, tz) : stamp;
      const seconds = p.position === "end" ? Math.round((stamp - start) / 1000) : intervalLengthS(stamp, si, tz);
      this.emit(p, stamp, start, seconds, head, hash, power, energy, position);
    } else {
      p.inferTimes.push(stamp);
      if (p.inferred !== null) {
        const seconds = p.inferred;
        this.emit(p, stamp, p.position === "end" ? stamp - seconds * 1000 : stamp, seconds, head, hash, power, energy, position);
      } else {
        p.waiting.push({ stamp, head, hash, power, energy, position });
        this.waitingCount += 1;
      }
    }
  }

  private emitInferred(p: MachinePlan, w: Waiting): void {
    const seconds = p.inferred!;
    this.emit(p, w.stamp, p.position === "end" ? w.stamp - seconds * 1000 : w.stamp, seconds, w.head, w.hash, w.power, w.energy, w.position);
  }

  /** Checks a row given its interval and hands its stored line to the writer: `head` with the time replaced by `start` when they differ. */
  private emit(p: MachinePlan, stamp: number, start: number, seconds: number, head: string, hash: number, power: number | null, energy: number, position: number, field = "time"): boolean {
    // Energy not yet metered: a reading may start up to an hour ahead of the clock (as any row's
    // time), and must end by then too. A 100-day reading starting now was stored, counted as
    // metered by the KPIs and blocked the machine's later readings (each overlaps it).
    const end = start + seconds * 1000;
    if (end > this.validator.now + FUTURE_TOLERANCE_MS) {
      const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
      this.validator.rejectRow(this.where(position), field, `the reading ${iso(start)} – ${iso(end)} (${seconds} s) ends more than 1 hour after the server clock (${iso(this.validator.now)}): energy not yet metered`);
      return false;
    }
    const implausible = implausibleEnergy(energy, seconds, power, p.ceilingKw);
    if (implausible) {
      this.validator.rejectRow(this.where(position), "energy_kwh", implausible);
      return false;
    }
    const repeat = this.repeats.add(p.info.id, start, position, (hash ^ seconds) >>> 0);
    if (repeat && !this.validator.noteRepeat(repeat, this.where(position), p.info.id, start)) return false;
    if (seconds !== p.tailSeconds) {
      p.tailSeconds = seconds;
      p.tail = `${seconds},,\n`;
    }
    this.lines.push(start === stamp ? head + p.tail : new Date(start).toISOString() + head.slice(head.indexOf(",")) + p.tail);
    this.keys.add(p.info.id, start);
    this.spans.ids.push(p.info.id);
    this.spans.starts.push(start);
    this.spans.seconds.push(seconds);
    this.spans.positions.push(position);
    p.rows += 1;
    this.planned += 1;
    return true;
  }

  /**
   * Gives waiting rows their inferred interval where it can be told: from INFER_MIN rows of the
   * machine, or at the end of the batch from what there is. At the end, a machine with fewer than
   * two rows takes its latest stored interval or has its rows rejected; one whose interval was
   * inferred early must keep it over the whole batch, else the batch is refused (AppError).
   */
  release(atEnd: boolean): void {
    if (this.waitingCount > 0) {
      for (const p of this.plans.values()) {
        if (p.waiting.length === 0 || p.inferred !== null) continue;
        if (!atEnd && p.inferTimes.length < INFER_MIN) continue;
        const median = medianSpacingS(p.inferTimes);
        if (median !== null) {
          p.inferred = median;
          p.inferredFrom = p.inferTimes.length;
          p.source = "inferred_batch";
        } else if (atEnd && p.info.latest_interval_s !== null) {
          p.inferred = p.info.latest_interval_s;
          p.source = "inferred_stored";
        } else if (atEnd) {
          for (const w of p.waiting) {
            this.validator.rejectRow(
              this.where(w.position),
              "interval_s",
              `cannot tell the interval of machine ${p.info.id}'s reading: it is its only reading in the batch and none is stored; set the machine's sample_interval (PATCH /api/v1/machines/${p.info.id}), or send interval_s or period_end`,
            );
          }
          this.waitingCount -= p.waiting.length;
          p.waiting = [];
          continue;
        } else continue;
        p.sources.add(p.source);
        this.waitingCount -= p.waiting.length;
        for (const w of p.waiting) this.emitInferred(p, w);
        p.waiting = [];
      }
    }
    if (!atEnd) return;
    for (const p of this.plans.values()) {
      if (p.source !== "inferred_batch" || p.inferredFrom === p.inferTimes.length) continue;
      const median = medianSpacingS(p.inferTimes);
      if (median !== p.inferred) {
        throw new AppError(
          "bad_request",
          `Nothing was written: machine ${p.info.id}'s interval was inferred as ${p.inferred} s from its first ${p.inferredFrom} rows, but its rows in the whole file are ${median} s apart (median); set the machine's sample_interval (PATCH /api/v1/machines/${p.info.id}), or send interval_s or period_end`,
          { errors: [{ field: "interval_s", message: "interval inferred from the first rows differs from the whole file's", ...this.where(p.firstPosition), ...(this.byLine ? { column: "interval_s" } : {}) }] },
        );
      }
    }
  }

  /** The lines ready so far, their keys and spans, handed to the writer. */
  take(): { lines: string[]; keys: BatchKeys; spans: Spans } {
    const out = { lines: this.lines, keys: this.keys, spans: this.spans };
    this.lines = [];
    this.keys = new BatchKeys();
    this.spans = emptySpans();
    return out;
  }

  /** Per machine, the interval its rows got. */
  intervals(): IntervalUsed[] {
    return [...this.plans.values()].map((p) => {
      const source: IntervalUsed["source"] = p.sources.size === 1 ? [...p.sources][0]! : p.sources.size === 0 ? "row" : "mixed";
      const declared = source === "sample_interval" ? p.info.sample_interval : null;
      const rowSeconds = source === "row" && p.rowSeconds.size === 1 ? [...p.rowSeconds][0]! : null;
      const seconds =
        source === "inferred_batch" || source === "inferred_stored" ? p.inferred : declared && declared !== "1day" ? intervalLengthS(0, declared, "UTC") : rowSeconds;
      return {
        machine_id: p.info.id,
        interval_s: seconds,
        interval: declared ?? (seconds !== null ? intervalName(seconds) : null),
        source,
        inferred: source === "inferred_batch" || source === "inferred_stored",
        timestamp_position: p.position,
        rows: p.rows,
      };
    });
  }
}

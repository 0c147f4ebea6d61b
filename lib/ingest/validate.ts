import type { ZodType } from "zod";
import type { FieldError } from "@/lib/errors";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import { environmentalMeasurements, fastRowSchemas, rowSchemas } from "@/lib/validation/ingest";
import type { Database } from "@/lib/db/types";
import { columnSpecs, inputLine } from "./columns";
import { BatchDuplicates, MAX_KEPT, valuesHash, type Repeat } from "./duplicates";
import { decimalHint, type Dialect } from "./dialect";
import { compileFastRow, type FastRow } from "./fastpath";
import { BatchKeys } from "./keys";
import { parseTimestamp, resolveRepeatedHour } from "./timestamps";

export interface RejectedRow {
  /** 0-based index in a JSON batch. */
  index?: number;
  /** 1-based line in a CSV file (the header is line 1). */
  line?: number;
  field: string;
  column?: string;
  message: string;
}

/** A row replaced by a later one of the same batch with the same machine and time (on_error=skip). */
export interface SupersededRow {
  /** Where the replaced row is: its 1-based CSV line or 0-based JSON index. */
  line?: number;
  index?: number;
  /** The row that replaced it (the later one). */
  by_line?: number;
  by_index?: number;
}

export interface SeriesOptions {
  /**
   * Treat the batch as series per machine in batch order: an ambiguous local time resolves by the
   * machine's previous row, and repeated (machine, time) keys are checked (on_error decides what
   * a repeat with different values does). Energy rows leave the repeats to lib/ingest/energy.ts,
   * which knows their stored instants (`repeats: false`).
   */
  onError: "abort" | "skip";
  repeats: boolean;
  /** Write only the first `head` columns of each line, each followed by a comma (the energy planner completes them). */
  head?: number;
  /**
   * Per machine, the instant (as its rows are stamped) of its latest stored row: an ambiguous
   * local time of a machine with no earlier row in the batch resolves against it as against a
   * previous row (a gateway sending one reading per request). Machines without stored rows are absent.
   */
  stored?: Map<string, number>;
}

/**
 * Validates rows one by one against the kind's schema and the known machines, and notes the keys
 * of the rows it accepts (see BatchKeys). Rows go through the fast checks derived from the schema
 * (fastpath.ts) first and through the schema itself when those cannot vouch for them.
 */
export class RowValidator {
  private readonly schema: ZodType;
  private readonly fast: FastRow | null;
  private readonly names: string[];
  private readonly known: Set<string>;
  /** Environmental rows: the positions of the measurements, one of which must be given. */
  private readonly measured: number[] | null;
  private readonly values: unknown[];
  readonly rejected: RejectedRow[] = [];
  rejectedCount = 0;
  readonly superseded: SupersededRow[] = [];
  supersededCount = 0;
  /**
   * Rows kept that repeat an earlier row's key (identical, or superseding it): the batch writes
   * accepted − repeatedCount keys, however its chunks fall.
   */
  repeatedCount = 0;
  private chunkKeys = new BatchKeys();
  /**
   * The accepted row's values in columnSpecs order (times as ms, absent values undefined or null),
   * valid until the next check; `lastTime` is its instant after resolving an ambiguous local time.
   */
  lastValues: unknown[] = [];
  lastTime = NaN;
  private readonly timeIndexes: number[];
  /** Per machine, the instant of its previous accepted row (series mode with a tz only). */
  private readonly previous: Map<string, number> | null;
  private readonly repeats: BatchDuplicates | null;
  /** A CSV's dialect once its header is read: a point-decimal cell of a decimal-comma file is named as such (decimalHint). */
  dialect: Pick<Dialect, "delimiter" | "decimal"> | null = null;

  constructor(
    readonly kind: SeriesKind,
    private readonly machineIds: Set<string>,
    private readonly tz: string | undefined,
    private readonly keep = 1000,
    /** The server clock the batch is judged by (readings ending over an hour after it are refused). */
    readonly now = Date.now(),
    private readonly series: SeriesOptions | null = null,
  ) {
    this.schema = rowSchemas(tz, now)[kind];
    // The fast checks cover the plain fields; unknown fields and a row without a measurement go to
    // the schema (knownFieldsOnly, measures), which names the problem.
    this.fast = compileFastRow(kind, fastRowSchemas(tz, now)[kind], machineIds, tz, now, series?.head);
    this.names = columnSpecs[kind].map((c) => c.name);
    this.known = new Set(this.names);
    this.measured = kind === "environmental" ? environmentalMeasurements.map((m) => this.names.indexOf(m)) : null;
    this.values = new Array<unknown>(this.names.length);
    this.timeIndexes = columnSpecs[kind].flatMap((c, i) => (c.type === "time" ? [i] : []));
    this.previous = series && tz ? new Map() : null;
    this.repeats = series?.repeats ? new BatchDuplicates() : null;
  }

  /** The keys of the rows accepted since the last call (the lines of one chunk), to hand to the writer. */
  takeKeys(): BatchKeys {
    const keys = this.chunkKeys;
    this.chunkKeys = new BatchKeys();
    return keys;
  }

  /** Whether the fast checks are in use (they are for every kind today; a test keeps it so). */
  get hasFastPath(): boolean {
    return this.fast !== null;
  }

  /** The COPY line of a valid row (a JSON value), or null after recording why the row was rejected. */
  check(value: unknown, position: { index?: number; line?: number }): string | null {
    if (this.fast && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const row = value as Record<string, unknown>;
      for (let i = 0; i < this.names.length; i++) this.values[i] = row[this.names[i]!];
      if (this.knownFieldsOnly(row) && this.measures(this.values)) {
        const line = this.fast.line(this.values);
        if (line !== null) return this.acceptFast(line, this.values, position);
      }
    }
    return this.checkWithSchema(value, position);
  }

  /** Whether a JSON row holds only the kind's fields (else the strict schema names the others). */
  private knownFieldsOnly(row: Record<string, unknown>): boolean {
    for (const key in row) if (!this.known.has(key)) return false;
    return true;
  }

  /** Whether the values (columnSpecs order) give a measurement, for kinds that need one (else the schema says so). */
  private measures(values: unknown[]): boolean {
    return this.measured === null || this.measured.some((i) => values[i] !== null && values[i] !== undefined);
  }

  private acceptFast(line: string, values: unknown[], position: { index?: number; line?: number }): string | null {
    const fast = this.fast!;
    for (const i of this.timeIndexes) values[i] = Number.isNaN(fast.times[i]!) ? undefined : fast.times[i];
    values[1] = fast.machineId;
    return this.accept(line, values, fast.machineId, fast.time, fast.later, position);
  }

  /**
   * The series rules (see SeriesOptions) for a row that passed its checks; its line, or null when
   * they reject it. An ambiguous local time is its first occurrence unless the machine's previous
   * row (its latest stored one when the batch has none before: SeriesOptions.stored) lies at or
   * after that (then the series has passed it: the second); a previous row at or after the second
   * occurrence leaves order unable to tell, and the row is rejected.
   */
  private accept(line: string, values: unknown[], machineId: string, time: number, later: number, position: { index?: number; line?: number }): string | null {
    let text = line;
    let at = time;
    if (this.previous) {
      if (!Number.isNaN(later)) {
        const inBatch = this.previous.get(machineId);
        const before = inBatch ?? this.series?.stored?.get(machineId);
        const resolved = resolveRepeatedHour(time, later, before);
        if (resolved === null) {
          const what = inBatch !== undefined ? "the machine's previous row" : "the machine's latest stored reading";
          this.rejectRow(position, "time", `${new Date(time).toISOString()} and ${new Date(later).toISOString()} share this local time (the clocks went back) and ${what} (${new Date(before!).toISOString()}) is later than both, so the order of the rows cannot tell which is meant: give the time with its UTC offset`);
          return null;
        }
        if (resolved !== time) {
          at = resolved;
          text = new Date(at).toISOString() + line.slice(line.indexOf(","));
        }
      }
      this.previous.set(machineId, at);
    }
    values[0] = at;
    this.lastValues = values;
    this.lastTime = at;
    if (this.repeats) {
      const where = position.line ?? position.index ?? 0;
      const repeat = this.repeats.add(machineId, at, where, valuesHash(text.slice(text.indexOf(","))));
      if (repeat && !this.noteRepeat(repeat, position, machineId, at)) return null;
    }
    if (this.series?.repeats !== false) this.chunkKeys.add(machineId, at);
    return text;
  }

  /**
   * A row repeating an earlier row's machine and instant. Identical values: accepted (the writer
   * keeps one). Different values: rejected naming both rows with on_error=abort; with skip the
   * later row wins and the earlier is listed in `superseded`. Returns whether to keep the row.
   */
  noteRepeat(repeat: Repeat, position: { index?: number; line?: number }, machineId: string, time: number): boolean {
    if (repeat.identical) {
      this.repeatedCount += 1;
      return true;
    }
    if (repeat.unchecked) {
      this.rejectRow(position, "time", `machine ${machineId} goes back in time to ${new Date(time).toISOString()} after the first ${MAX_KEPT.toLocaleString("en")} rows of the batch, the most checked for repeated times: send each machine's rows in time order, or the file in parts`);
      return false;
    }
    const byLine = position.line !== undefined;
    const earlier = byLine ? `line ${repeat.earlier}` : `row ${repeat.earlier}`;
    if (this.series?.onError !== "skip") {
      this.rejectRow(position, "time", `machine ${machineId} at ${new Date(time).toISOString()} is also in ${earlier}, with different values: send one row per machine and time (with on_error=skip the later row wins)`);
      return false;
    }
    this.supersededCount += 1;
    this.repeatedCount += 1;
    if (this.superseded.length < this.keep) {
      this.superseded.push(byLine ? { line: repeat.earlier, by_line: position.line } : { index: repeat.earlier, by_index: position.index });
    }
    return true;
  }

  /**
   * The same for a CSV row given as `values` in columnSpecs order (as cellValue() makes them);
   * `row()` builds the object the schema sees, only when the fast checks do not pass the values.
   */
  checkValues(values: unknown[], row: () => Record<string, unknown>, position: { line: number }): string | null {
    if (this.fast && this.measures(values)) {
      const line = this.fast.line(values);
      if (line !== null) return this.acceptFast(line, values, position);
    }
    return this.checkWithSchema(row(), position);
  }

  private checkWithSchema(value: unknown, position: { index?: number; line?: number }): string | null {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 3)) {
        // An unknown field is named itself, as a missing or bad one is.
        const field = [...issue.path, ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])].join(".") || "(row)";
        const hint = this.dialect && issue.path.length === 1 ? decimalHint(this.dialect, (value as Record<string, unknown>)[field]) : null;
        this.reject({ ...position, field, column: position.line !== undefined ? field : undefined, message: hint ?? issue.message });
      }
      this.rejectedCount += 1;
      return null;
    }
    const row = result.data as Record<string, unknown>;
    const machineId = String(row.machine_id).toLowerCase();
    if (!this.machineIds.has(machineId)) {
      this.reject({ ...position, field: "machine_id", column: position.line !== undefined ? "machine_id" : undefined, message: `unknown machine ${machineId}` });
      this.rejectedCount += 1;
      return null;
    }
    row.machine_id = machineId;
    const values = this.names.map((name) => {
      const v = row[name];
      return v instanceof Date ? v.getTime() : v;
    });
    const time = (row.time as Date).getTime();
    // The schema keeps one instant; an ambiguous local time's second one is read again here.
    const text = (value as Record<string, unknown>).time;
    const parsed = this.previous && typeof text === "string" ? parseTimestamp(text, this.tz) : null;
    const later = parsed?.ok && parsed.later !== undefined ? parsed.later : NaN;
    return this.accept(inputLine(this.kind, row, this.series?.head), values, machineId, time, later, position);
  }

  /** Records a CSV line rejected before its fields could be read. */
  rejectLine(line: number, message: string): void {
    this.reject({ line, field: "(line)", column: "(line)", message });
    this.rejectedCount += 1;
  }

  /** Records a row rejected by a rule past its own fields (the series rules, lib/ingest/energy.ts). */
  rejectRow(position: { index?: number; line?: number }, field: string, message: string): void {
    this.reject({ ...position, field, column: position.line !== undefined ? field : undefined, message });
    this.rejectedCount += 1;
  }

  private reject(r: RejectedRow): void {
    if (this.rejected.length < this.keep) this.rejected.push(r);
  }

  fieldErrors(): FieldError[] {
    return this.rejected.map((r) => ({
      field: r.field,
      message: r.message,
      ...(r.index !== undefined ? { index: r.index } : {}),
      ...(r.line !== undefined ? { line: r.line, column: r.column } : {}),
    }));
  }
}

export async function knownMachineIds(db: Database): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>("SELECT id::text AS id FROM machines");
  return new Set(rows.map((r) => r.id));
}

export function describeRejected(v: RowValidator): string {
  const first = v.rejected[0];
  if (!first) return "";
  const where = first.line !== undefined ? `line ${first.line}, column ${first.column ?? first.field}` : `row ${first.index}, field ${first.field}`;
  return `${v.rejectedCount} row(s) rejected; first: ${where}: ${first.message}`;
}

import type { ZodType } from "zod";
import { checkTime } from "@/lib/validation/ingest";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import { columnSpecs } from "./columns";

// The row schemas (lib/validation/ingest.ts) define what a valid row is. Running zod on every
// row of a large import costs more than the rest of validation, so rows are first tried against
// checks read from those schemas once: a row that passes is one the schema accepts, and its COPY
// line is the one copyLine() makes from the schema's output. Anything the fast checks do not pass
// (or do not understand) goes through zod, which then decides and words the error. A schema part
// this module does not recognise switches the fast path off for that kind.

interface CheckDef {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  maximum?: number;
  minimum?: number;
  format?: string;
  pattern?: RegExp;
}
interface SchemaDef {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  innerType?: Inspectable;
  entries?: Record<string, unknown>;
  format?: string;
  pattern?: RegExp;
  catchall?: unknown;
  shape?: Record<string, Inspectable>;
  in?: Inspectable;
}
interface Inspectable {
  _zod: { def: SchemaDef };
}

const defOf = (schema: unknown): SchemaDef => (schema as Inspectable)._zod.def;

/** A cell's COPY text, or undefined when the fast checks cannot vouch for the value. */
type Cell = (value: unknown) => string | undefined;

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

function unwrap(schema: Inspectable): { def: SchemaDef; nullable: boolean; optional: boolean } {
  let def = defOf(schema);
  let nullable = false;
  let optional = false;
  while ((def.type === "optional" || def.type === "nullable") && def.innerType) {
    if (def.type === "optional") optional = true;
    else nullable = true;
    def = defOf(def.innerType);
  }
  return { def, nullable, optional };
}

function numberCell(def: SchemaDef): Cell | null {
  // z.int() carries its integer rule as the number's format; .int() as a check.
  let integer = def.format === "safeint";
  if (def.format !== undefined && !integer) return null;
  let min = -Infinity;
  let max = Infinity;
  let minInclusive = true;
  let maxInclusive = true;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "number_format" && d.format === "safeint") {
      integer = true;
      continue;
    }
    if (typeof d.value !== "number") return null;
    if (d.check === "greater_than") [min, minInclusive] = [d.value, d.inclusive === true];
    else if (d.check === "less_than") [max, maxInclusive] = [d.value, d.inclusive === true];
    else return null;
  }
  return (v) =>
    typeof v === "number" && Number.isFinite(v) && (!integer || Number.isSafeInteger(v)) && (minInclusive ? v >= min : v > min) && (maxInclusive ? v <= max : v < max)
      ? String(v)
      : undefined;
}

function textCell(def: SchemaDef): Cell | null {
  if (def.format !== undefined) return null;
  let minLength = 0;
  let maxLength = Infinity;
  const patterns: RegExp[] = [];
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "max_length" && typeof d.maximum === "number") maxLength = d.maximum;
    else if (d.check === "min_length" && typeof d.minimum === "number") minLength = d.minimum;
    else if (d.check === "string_format" && d.format === "regex" && d.pattern instanceof RegExp) patterns.push(d.pattern);
    else return null;
  }
  return (v) => {
    if (typeof v !== "string" || v.length > maxLength || v.length < minLength) return undefined;
    for (const p of patterns) {
      p.lastIndex = 0;
      if (!p.test(v)) return undefined;
    }
    return quote(v);
  };
}

function enumCell(def: SchemaDef): Cell | null {
  const values = new Set(Object.values(def.entries ?? {}));
  if (values.size === 0 || (def.checks ?? []).length > 0) return null;
  return (v) => (typeof v === "string" && values.has(v) ? quote(v) : undefined);
}

/**
 * The fast path of one kind; `time`, `later` and `machineId` describe the row the last line()
 * accepted (`later`: the second occurrence of an ambiguous local time, else NaN), and `times`
 * holds the instant (ms) of each time-typed column by position (NaN when absent).
 */
export interface FastRow {
  line(values: unknown[]): string | null;
  time: number;
  later: number;
  machineId: string;
  times: number[];
}

/**
 * Fast checks for `schema` (one of rowSchemas(tz, now)), over values in columnSpecs order; null
 * when the schema holds something they do not cover. `tz` and `now` must be those the schema was
 * built with. With `head`, line() writes only the first `head` columns, each followed by a comma
 * (the rest are checked, not written): the start of a line its caller completes.
 */
export function compileFastRow(
  kind: SeriesKind,
  schema: ZodType,
  machineIds: Set<string>,
  tz: string | undefined,
  now: number,
  head?: number,
): FastRow | null {
  const object = defOf(schema);
  const shape = object.shape;
  const specs = columnSpecs[kind];
  if (object.type !== "object" || !shape || object.catchall !== undefined || (object.checks ?? []).length > 0) return null;
  if (Object.keys(shape).length !== specs.length) return null;
  const fast: FastRow = { line: () => null, time: 0, later: NaN, machineId: "", times: specs.map(() => NaN) };
  const cells: Cell[] = [];
  const optionalTimes: number[] = [];
  for (const [at, spec] of specs.entries()) {
    const field = shape[spec.name];
    if (!field) return null;
    const { def, nullable, optional } = unwrap(field);
    let cell: Cell | null = null;
    if (spec.type === "time") {
      // timestampSchema: a string piped through checkTime into a Date, which copyLine writes as ISO.
      // The row's own time (the first column) is required; others (period_end) may be absent.
      if ((at === 0 && (nullable || optional)) || def.type !== "pipe" || !def.in || defOf(def.in).type !== "string") return null;
      const main = at === 0;
      cell = (v) => {
        if (typeof v !== "string") return undefined;
        const r = checkTime(v, tz, now);
        if (!r.ok) return undefined;
        if (main) {
          fast.time = r.ms;
          fast.later = r.later ?? NaN;
        }
        fast.times[at] = r.ms;
        return r.canonical ? v : new Date(r.ms).toISOString();
      };
      if (!main) optionalTimes.push(at);
    } else if (spec.type === "uuid") {
      const pattern = def.pattern;
      if (nullable || optional || def.type !== "string" || def.format !== "guid" || !pattern || (def.checks ?? []).length > 0) return null;
      // A machine id: a uuid of a known machine, stored in lower case.
      // null, not "": an empty first cell must be tested, not taken for the remembered id.
      let lastText: string | null = null;
      let lastId = "";
      let lastCell = "";
      cell = (v) => {
        if (typeof v !== "string") return undefined;
        if (v !== lastText) {
          pattern.lastIndex = 0;
          if (!pattern.test(v)) return undefined;
          const id = v.toLowerCase();
          if (!machineIds.has(id)) return undefined;
          // Rows usually come in runs of one machine: remember the last id that passed.
          [lastText, lastId, lastCell] = [v, id, quote(id)];
        }
        fast.machineId = lastId;
        return lastCell;
      };
    } else if (def.type === "number") cell = numberCell(def);
    else if (def.type === "string") cell = textCell(def);
    else if (def.type === "enum") cell = enumCell(def);
    if (!cell) return null;
    const inner = cell;
    cells.push(
      nullable || optional
        ? (v) => ((v === undefined && optional) || (v === null && nullable) ? "" : inner(v))
        : inner,
    );
  }
  // Joined from an array rather than concatenated: one flat string per line instead of a rope of
  // a dozen pieces, which matters to the garbage collector when 40,000 lines wait for COPY.
  if (head === undefined) {
    const parts: string[] = new Array<string>(cells.length);
    fast.line = (values) => {
      // An absent optional time leaves no instant behind from an earlier row.
      for (const at of optionalTimes) fast.times[at] = NaN;
      for (let i = 0; i < cells.length; i++) {
        const text = cells[i]!(values[i]);
        if (text === undefined) return null;
        parts[i] = text;
      }
      return parts.join(",") + "\n";
    };
    return fast;
  }
  // The last part stays "", so the head ends in a comma.
  const parts: string[] = new Array<string>(head + 1).fill("");
  fast.line = (values) => {
    for (const at of optionalTimes) fast.times[at] = NaN;
    for (let i = 0; i < cells.length; i++) {
      const text = cells[i]!(values[i]);
      if (text === undefined) return null;
      if (i < head) parts[i] = text;
    }
    return parts.join(",");
  };
  return fast;
}

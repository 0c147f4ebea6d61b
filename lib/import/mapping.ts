import { AppError } from "@/lib/errors";
import { csvParser } from "@/lib/ingest/csv";
import { detectDialect, delimiterHint, type Dialect } from "@/lib/ingest/dialect";
import type { RejectedRow } from "@/lib/ingest/validate";
import { TIME_OF_DAY, dateColumns, type Mapping } from "@/lib/validation/import-profiles";
import { dateReader, type DateReader } from "./dates";

// An import mapping applied as a transform in front of the CSV ingest: the foreign file is parsed
// as it streams, each record's mapped cells are picked out (dates rewritten as ISO-8601, the
// machine looked up by name or id, or the file's one machine filled in) and written as a CSV the
// ingest reads natively (lib/ingest/csv.ts, bills.ts, registers.ts). Numbers pass through as
// written, read by the ingest in the file's decimal mark. Each record keeps the line number it had
// in the file (blank lines stand in for the rest), so the ingest's errors name the file's lines.

/** A machine a machine column may name, by id or by name (outer spaces ignored; see machineLookup for case). */
export interface MachineRef {
  id: string;
  name: string;
  time_zone: string;
}

/** What the mapping itself rejected (an unreadable date, an unknown machine), filled as the file is read. */
export interface MappingState {
  received: number;
  rejected: RejectedRow[];
  rejectedCount: number;
}

export interface MappedFile {
  /** The foreign file's dialect (given or detected from its header line). */
  dialect: Dialect;
  /** Delimiter and decimal mark of the rewritten CSV, for the ingest's query. */
  output: { delimiter: "," | ";"; decimal: "." | "," };
  /** The rewritten CSV, header first; read it once. */
  text: AsyncIterable<string>;
  state: MappingState;
}

type Source = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

const MAX_HEAD = 65_536;
const MAX_LISTED = 1000;

const toBuffer = (chunk: Uint8Array | string) => (typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/** Line breaks in a field as an editor counts them (CRLF once), and CRLFs (csv-parse counts those twice). */
function breaks(s: string): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) lines += 1;
    else if (c === 13) {
      if (s.charCodeAt(i + 1) === 10) crlf += 1;
      else lines += 1;
    }
  }
  return { lines, crlf };
}

function quote(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || cell.includes('"') || cell.includes("\n") || cell.includes("\r") ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The position of each mapped column in the file's header, or a 400 naming the mapping's field. */
function locate(header: string[], mapping: Mapping, dialect: Dialect): Map<string, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const at = new Map<string, number>();
  for (const [target, source] of Object.entries(mapping.columns)) {
    const wanted = source.trim().toLowerCase();
    const hits = names.flatMap((n, i) => (n === wanted ? [i] : []));
    if (hits.length === 1) {
      at.set(target, hits[0]!);
      continue;
    }
    const hint = header.length === 1 ? delimiterHint(header, dialect) : null;
    const message =
      hits.length > 1
        ? `the file has ${hits.length} columns named "${source}"`
        : hint
          ? `the header has one field: ${hint}`
          : `the file has no column "${source}"; its columns: ${header.map((h) => `"${h.trim()}"`).join(", ")}`;
    throw new AppError("bad_request", `Invalid mapping: columns.${target}: ${message}`, { errors: [{ field: `columns.${target}`, message }] });
  }
  return at;
}

/**
 * Reads the head of `source` (up to its first line break), detects its dialect and returns the
 * file rewritten for the ingest. `machines`: those a machine column may name. `abort`: with
 * on_error=abort, a record the mapping rejects fails the whole upload (a 400 listing them) once
 * the file has been read, so nothing is written.
 */
/**
 * The machine a file's machine cell names: its id (any case), else its exact name, else a name
 * equal without regard to case when exactly one machine has it. Two machines whose names differ
 * only in case ("Press-7", "press-7") are told apart by the exact name; a cell matching neither
 * exactly ("PRESS-7") is rejected naming both, never written to one of them.
 */
export function machineLookup(machines: MachineRef[]): (cell: string) => { ok: true; id: string } | { ok: false; message: string } {
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  const byFolded = new Map<string, MachineRef[]>();
  for (const m of machines) {
    byId.set(m.id.toLowerCase(), m.id);
    byName.set(m.name.trim(), m.id);
    const folded = m.name.trim().toLowerCase();
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), m]);
  }
  return (cell) => {
    if (cell === "") return { ok: false, message: "is required: the machine's name or id" };
    const id = byId.get(cell.toLowerCase()) ?? byName.get(cell);
    if (id) return { ok: true, id };
    const candidates = byFolded.get(cell.toLowerCase()) ?? [];
    if (candidates.length === 1) return { ok: true, id: candidates[0]!.id };
    const shown = cell.slice(0, 100);
    if (candidates.length === 0) return { ok: false, message: `no machine is named "${shown}" or has that id` };
    const names = candidates.map((m) => `"${m.name}" (${m.id})`).join(", ");
    return { ok: false, message: `"${shown}" matches ${candidates.length} machines only without regard to case: ${names}; write the name exactly as one of them, or its id` };
  };
}

export async function mapCsv(source: Source, mapping: Mapping, machines: MachineRef[], abort: boolean): Promise<MappedFile> {
  const iterator = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<Uint8Array | string>)[Symbol.iterator]()) as AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  const head: Buffer[] = [];
  let headBytes = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const buf = toBuffer(next.value);
    head.push(buf);
    headBytes += buf.length;
    if (buf.indexOf(10) !== -1 || headBytes >= MAX_HEAD) break;
  }
  const first = Buffer.concat(head);
  const eol = first.indexOf(10);
  const dialect = detectDialect(first.subarray(0, eol === -1 ? first.length : eol).toString("utf8").replace(/^\ufeff/, ""), mapping);
  const output: MappedFile["output"] = { delimiter: dialect.decimal === "," ? ";" : ",", decimal: dialect.decimal };
  const state: MappingState = { received: 0, rejected: [], rejectedCount: 0 };

  async function* text(): AsyncGenerator<string> {
    const parser = csvParser({ bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, delimiter: dialect.delimiter });
    const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    const keepDates = mapping.kind === "bill";
    const reader: DateReader = dateReader(mapping.date_format, keepDates);
    const lookup = machineLookup(machines);
    const out = output.delimiter;
    let header: string[] | null = null;
    let at = new Map<string, number>();
    let targets: string[] = [];
    let outLine = 1;
    let overcount = 0;
    let counted = 0;
    let pending: string[] = [];

    const reject = (line: number, field: string, message: string) => {
      state.rejectedCount += 1;
      if (state.rejected.length < MAX_LISTED) state.rejected.push({ line, field, column: mapping.columns[field] ?? field, message });
    };
    // Blank lines up to `line`, so the next line written is the file's line `line`.
    const moveTo = (line: number) => {
      if (line > outLine) pending.push("\n".repeat(line - outLine));
      outLine = Math.max(outLine, line);
    };
    const take = (record: string[], line: number) => {
      if (!header) {
        header = record;
        at = locate(record, mapping, dialect);
        targets = Object.keys(mapping.columns).filter((t) => t !== TIME_OF_DAY);
        if (!mapping.columns.machine_id) targets.push("machine_id");
        moveTo(line);
        pending.push(targets.join(out) + "\n");
        outLine += 1;
        return;
      }
      state.received += 1;
      if (record.length !== header.length) {
        state.rejectedCount += 1;
        if (state.rejected.length < MAX_LISTED) state.rejected.push({ line, field: "(row)", message: `has ${record.length} fields; the header has ${header.length}` });
        return;
      }
      const cells: string[] = [];
      for (const target of targets) {
        if (target === "machine_id") {
          if (mapping.machine_id) {
            cells.push(mapping.machine_id);
            continue;
          }
          const found = lookup(record[at.get("machine_id")!]!.trim());
          if (!found.ok) return reject(line, "machine_id", found.message);
          cells.push(found.id);
          continue;
        }
        const raw = record[at.get(target)!]!;
        if (dateColumns.includes(target)) {
          const tod = target === "time" && at.has(TIME_OF_DAY) ? record[at.get(TIME_OF_DAY)!] : undefined;
          const read = reader(raw, tod);
          if (!read.ok) return reject(line, target, read.message);
          cells.push(quote(read.text, out));
        } else {
          cells.push(quote(raw.trim(), out));
        }
      }
      moveTo(line);
      const row = cells.join(out);
      pending.push(row + "\n");
      outLine += 1 + breaks(row).lines;
    };
    const push = (record: string[]) => {
      const end = parser.info.lines;
      let inner = 0;
      if (end - counted > 1) {
        for (const field of record) {
          const b = breaks(field);
          overcount += b.crlf;
          inner += b.lines;
        }
      }
      counted = end;
      take(record, end - overcount - inner);
    };
    const feed = (buf: Buffer | undefined) => {
      try {
        if (buf) utf8.decode(buf, { stream: true });
        else utf8.decode();
      } catch {
        throw new AppError("bad_request", `CSV is not UTF-8 text: bytes at or near line ${parser.info.lines - overcount + 1} are not UTF-8; save the file as "CSV UTF-8"`);
      }
      let failed: Error | undefined;
      try {
        failed = parser.parse(buf, buf === undefined, push, () => undefined);
      } catch (error) {
        if (error instanceof AppError) throw error;
        failed = error as Error;
      }
      if (failed) {
        const reached = (failed as { lines?: number }).lines;
        throw new AppError("bad_request", `CSV could not be parsed${reached ? ` at line ${reached - overcount}` : ""}: ${failed.message}`, {}, { cause: failed });
      }
    };

    feed(first);
    for (;;) {
      if (pending.length > 0) {
        yield pending.join("");
        pending = [];
      }
      const next = await iterator.next();
      if (next.done) break;
      feed(toBuffer(next.value));
    }
    feed(undefined);
    if (!header) throw new AppError("bad_request", "CSV is empty: a header line and at least one row are needed");
    if (pending.length > 0) yield pending.join("");
    if (abort && state.rejectedCount > 0) {
      const r = state.rejected[0]!;
      throw new AppError("bad_request", `Nothing was written: ${state.rejectedCount} line(s) rejected by the mapping; first: line ${r.line}, ${r.column ?? r.field}: ${r.message}`, {
        rejected_count: state.rejectedCount,
        errors: state.rejected.map((e) => ({ field: e.field, message: e.message, line: e.line, column: e.column })),
      });
    }
  }

  return { dialect, output, text: text(), state };
}

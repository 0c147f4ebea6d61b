import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import type { IngestQuery } from "@/lib/validation/ingest";
import { cellValue, columnSpecs, type ColumnSpec } from "./columns";
import { cellReader, delimiterHint, detectDialect, type DecimalMark, type Delimiter, type Dialect } from "./dialect";
import { parse, type Options } from "csv-parse";
import { setImmediate } from "node:timers/promises";
import { isUtf8 } from "node:buffer";
import { batchCheckers, type IngestResult } from "./json";
import { describeRejected } from "./validate";
import { writeBatch, type ChunkCheck } from "./writer";

// Streams a CSV file of any size into the database: csv-parse splits each arriving piece into
// records, each row is validated and handed to COPY in chunks, so memory stays flat. Columns are
// matched by header name (any order, aliases allowed); unknown headers are reported and ignored.

/**
 * Lines per write to COPY: a chunk goes to the database as soon as it is idle and MIN_CHUNK lines
 * are waiting, so it starts early and never waits while lines are ready; while it is busy, lines
 * gather up to CHUNK (then parsing waits for it), so that round trips per line stay few.
 */
const MIN_CHUNK = 1_000;
const CHUNK = 40_000;
/**
 * Bytes parsed before the event loop gets a turn. Parsing is synchronous; without these turns,
 * each round trip of the writer (a check, a savepoint, the start and the end of a COPY) would wait
 * for a whole piece of the upload to be parsed, leaving the database idle (an import took 40 %
 * longer with 5,000-line pieces).
 */
const SLICE = 16_384;
const required: Record<SeriesKind, string[]> = {
  energy: ["time", "machine_id", "energy_kwh"],
  production: ["time", "machine_id", "production_count"],
  environmental: ["time", "machine_id"],
};

/** csv-parse's record parser (what its stream Parser runs per piece), driven synchronously. */
export interface RecordParser {
  /** Parses a piece (undefined with end = true: the end of input); returns the error that stopped it. */
  parse(piece: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  /** Counters; `lines` is the line the last completed record ended on (1-based). */
  info: { lines: number };
}

/**
 * The parser behind csv-parse's stream Parser (its `api`, csv-parse 6). Driving it directly skips
 * the stream machinery per record, and reading `info.lines` as each record is pushed replaces the
 * `info` option, whose copy of the counters per record cost more than parsing the record (a third
 * of the time of a large import). Checked here, so a csv-parse that changed it fails loudly.
 */
export function csvParser(options: Options): RecordParser {
  const api = (parse(options) as unknown as { api?: Partial<RecordParser> }).api;
  if (typeof api?.parse !== "function" || typeof api.info?.lines !== "number") {
    throw new Error("csv-parse: its Parser no longer exposes the record parser (api.parse, api.info); see lib/ingest/csv.ts");
  }
  return api as RecordParser;
}

/** Line breaks in a field (CRLF, LF and CR each one). */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n += 1;
  }
  return n;
}

function crlfCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\r\n"); i !== -1; i = s.indexOf("\r\n", i + 2)) n += 1;
  return n;
}

interface HeaderMap {
  /** For each CSV field position, the column it fills, or null when ignored. */
  columns: (ColumnSpec | null)[];
  /** For each CSV field position, the column's index in columnSpecs order, or -1. */
  slots: number[];
  ignored: string[];
}

function mapHeader(kind: SeriesKind, header: string[], dialect: Dialect): HeaderMap {
  const specs = columnSpecs[kind];
  const seen = new Set<string>();
  const ignored: string[] = [];
  const columns = header.map((raw) => {
    const name = raw.trim().toLowerCase();
    const spec = specs.find((s) => s.name === name || s.aliases?.includes(name)) ?? null;
    if (!spec) ignored.push(raw);
    else if (seen.has(spec.name)) throw new AppError("bad_request", `CSV header names column "${spec.name}" twice`);
    else seen.add(spec.name);
    return spec;
  });
  const missing = required[kind].filter((r) => !seen.has(r));
  const hint = missing.length > 0 ? delimiterHint(header, dialect) : null;
  if (hint) throw new AppError("bad_request", `CSV header has one field: ${hint}`);
  if (missing.length > 0) {
    throw new AppError(
      "bad_request",
      `CSV header lacks required column(s) ${missing.join(", ")} for kind ${kind}; accepted columns: ${specs.map((s) => s.name).join(", ")}`,
    );
  }
  return { columns, slots: columns.map((c) => (c ? specs.indexOf(c) : -1)), ignored };
}

export interface CsvIngestResult extends IngestResult {
  ignored_columns: string[];
  /** How the file was read: its delimiter and decimal mark, and which were detected. */
  dialect?: Dialect;
}

export async function ingestCsv(
  db: Database,
  kind: SeriesKind,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  query: IngestQuery & { delimiter?: Delimiter; decimal?: DecimalMark },
  onProgress?: (rows: number) => void,
): Promise<CsvIngestResult> {
  const { validator, planner, overlaps } = await batchCheckers(db, kind, query, true);
  const width = columnSpecs[kind].length;
  let received = 0;
  let accepted = 0;
  let header: HeaderMap | undefined;
  let dialect: Dialect | undefined;

  // The writer's own count depends on where chunks fall (a key repeated within one chunk is one
  // row, across two is two); the batch's distinct keys do not.
  const { refresh } = await writeBatch(
    db,
    kind,
    async (w) => {
      // Created once the header line has arrived: its delimiter is detected from it (dialect.ts).
      let parser: RecordParser = undefined as unknown as RecordParser;
      let cell = cellValue;
      const start = (head: Buffer) => {
        const end = head.indexOf(10);
        dialect = detectDialect(head.subarray(0, end === -1 ? head.length : end).toString("utf8").replace(/^\ufeff/, ""), query);
        parser = csvParser({ bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, delimiter: dialect.delimiter });
        cell = cellReader(dialect.decimal);
        validator.dialect = dialect;
      };
      const values = new Array<unknown>(width);
      let lines: string[] = [];

      const take = (record: string[], line: number) => {
        if (!header) {
          header = mapHeader(kind, record, dialect!);
          return;
        }
        received += 1;
        if (record.length !== header.columns.length) {
          validator.rejectLine(line, `has ${record.length} fields; the header has ${header.columns.length}`);
          return;
        }
        const { columns, slots } = header;
        values.fill(undefined);
        for (let i = 0; i < record.length; i++) {
          const spec = columns[i];
          if (spec) values[slots[i]!] = cell(spec.type, record[i]!);
        }
        const copy = validator.checkValues(
          values,
          () => {
            // What the schema sees: the header's columns only, each as cellValue() read it.
            const row: Record<string, unknown> = {};
            columns.forEach((spec, i) => {
              if (spec) row[spec.name] = values[slots[i]!];
            });
            return row;
          },
          { line },
        );
        if (copy === null) return;
        accepted += 1;
        if (planner) planner.add(copy, line);
        else lines.push(copy);
      };
      const flush = async (atEnd: boolean) => {
        const ready = planner ? planner.lines.length + planner.waiting : lines.length;
        if (!atEnd && ready < CHUNK && !(w.idle && ready >= MIN_CHUNK)) return;
        let keys = validator.takeKeys();
        let check: ChunkCheck | undefined;
        if (planner) {
          planner.release(atEnd);
          const planned = planner.take();
          ({ lines, keys } = planned);
          check = overlaps!(lines, keys, planned.spans);
        }
        if (validator.rejectedCount === 0 || query.on_error === "skip") await w.write(lines, keys, check);
        lines = [];
        onProgress?.(received);
      };

      // Each record is handed over as the parser completes it, with the line it ended on. csv-parse
      // counts the CR and the LF of a line break inside a quoted field as two lines; an editor
      // (and the person reading our message) sees one, so those are taken off. A record whose
      // quoted fields span lines is named by the line it starts on, as a spreadsheet shows it.
      let counted = 0;
      let overcount = 0;
      const push = (record: string[]) => {
        const line = parser.info.lines;
        let inner = 0;
        if (line - counted > 1) {
          for (const field of record) {
            overcount += crlfCount(field);
            inner += lineBreaks(field);
          }
        }
        counted = line;
        take(record, line - overcount - inner);
      };
      const close = () => undefined;
      // Text must be UTF-8 (spreadsheets export Windows-1252 unless asked): a byte that is not is
      // an error, not a silent replacement character in a product id.
      const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
      const checkUtf8 = (slice: Buffer | undefined, lineNow: number) => {
        try {
          if (slice) utf8.decode(slice, { stream: true });
          else utf8.decode();
        } catch {
          // lineNow: the line the parser is on (1-based), where the slice's first bytes belong.
          let line = lineNow;
          if (slice) for (let at = 0, next = slice.indexOf(10); next !== -1 && isUtf8(slice.subarray(at, next)); at = next + 1, next = slice.indexOf(10, at)) line += 1;
          throw new AppError("bad_request", `CSV is not UTF-8 text: bytes at or near line ${line} are not UTF-8; save the file as "CSV UTF-8"`);
        }
      };
      let writing = false;
      const feed = async (buf: Buffer) => {
        for (let i = 0; i < buf.length; i += SLICE) {
          const slice = buf.subarray(i, i + SLICE);
          checkUtf8(slice, parser.info.lines - overcount);
          const failed = parser.parse(slice, false, push, close);
          if (failed) throw failed;
          writing = true;
          await flush(false);
          writing = false;
          await setImmediate();
        }
      };
      try {
        // Pieces before the end of the header line wait for it (up to 64 kB).
        let head: Buffer[] | null = [];
        let headBytes = 0;
        for await (const chunk of source) {
          const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          if (!head) {
            await feed(buf);
            continue;
          }
          head.push(buf);
          headBytes += buf.length;
          if (buf.indexOf(10) === -1 && headBytes < 65_536) continue;
          const all = Buffer.concat(head);
          head = null;
          start(all);
          await feed(all);
        }
        if (head) {
          const all = Buffer.concat(head);
          start(all);
          await feed(all);
        }
        checkUtf8(undefined, parser.info.lines - overcount);
        const failed = parser.parse(undefined, true, push, close);
        if (failed) throw failed;
      } catch (error) {
        // Reading or parsing the upload failed: the client's doing. A failing write is not.
        if (error instanceof AppError || writing) throw error;
        const reached = (error as { lines?: number }).lines;
        const where = reached === undefined ? undefined : reached - overcount;
        throw new AppError("bad_request", `CSV could not be parsed${where ? ` at line ${where}` : ""}: ${(error as Error).message}`, {}, { cause: error });
      }
      if (!header) throw new AppError("bad_request", "CSV is empty: a header line and at least one row are needed");
      // Rows still waiting for their machine's interval get it now (and may be rejected).
      if (planner) {
        planner.release(true);
      }
      if (validator.rejectedCount > 0 && query.on_error === "abort") {
        throw new AppError("bad_request", `Nothing was written: ${describeRejected(validator)}`, {
          rejected_count: validator.rejectedCount,
          errors: validator.fieldErrors(),
        });
      }
      await flush(true);
    },
  );
  return {
    kind,
    received,
    accepted: planner ? planner.planned - planner.dropped : accepted,
    written: (planner ? planner.planned - planner.dropped : accepted) - validator.repeatedCount,
    rejected_count: validator.rejectedCount,
    rejected: validator.rejected,
    superseded_count: validator.supersededCount,
    superseded: validator.superseded,
    ...(planner ? { intervals: planner.intervals() } : {}),
    rollups: refresh,
    ignored_columns: header?.ignored ?? [],
    dialect,
  };
}

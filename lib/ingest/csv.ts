import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import type { IngestQuery } from "@/lib/validation/ingest";
import { cellValue, columnSpecs, type ColumnSpec } from "./columns";
import { parse } from "csv-parse";
import type { IngestResult } from "./json";
import { RowValidator, describeRejected, knownMachineIds } from "./validate";
import { writeBatch } from "./writer";

// Streams a CSV file of any size into the database: csv-parse splits each arriving piece into
// records (taken from its 'data' events as each piece is written, without an async iterator per
// record), each row is validated and handed to COPY in chunks, so memory stays flat. Columns are
// matched by header name (any order, aliases allowed); unknown headers are reported and ignored.

/** Lines per write to COPY (checked after each piece of the upload, so a write may hold a piece more). */
const CHUNK = 20_000;
const required: Record<SeriesKind, string[]> = {
  energy: ["time", "machine_id", "power_kw", "energy_kwh"],
  production: ["time", "machine_id", "production_count"],
  environmental: ["time", "machine_id"],
};

interface HeaderMap {
  /** For each CSV field position, the column it fills, or null when ignored. */
  columns: (ColumnSpec | null)[];
  /** For each CSV field position, the column's index in columnSpecs order, or -1. */
  slots: number[];
  ignored: string[];
}

function mapHeader(kind: SeriesKind, header: string[]): HeaderMap {
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
}

export async function ingestCsv(
  db: Database,
  kind: SeriesKind,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  query: IngestQuery,
  onProgress?: (rows: number) => void,
): Promise<CsvIngestResult> {
  const validator = new RowValidator(kind, await knownMachineIds(db), query.tz);
  const width = columnSpecs[kind].length;
  let received = 0;
  let accepted = 0;
  let header: HeaderMap | undefined;

  const { written, refresh } = await writeBatch(
    db,
    kind,
    async (w) => {
      const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
      const parsed: { record: string[]; info: { lines: number } }[] = [];
      let parseError: Error | undefined;
      parser.on("data", (r: { record: string[]; info: { lines: number } }) => parsed.push(r));
      parser.on("error", (e: Error) => (parseError ??= e));
      // Settles when the parser has emitted its last record, or failed.
      const done = new Promise<void>((resolve) => {
        parser.once("end", resolve);
        parser.once("error", () => resolve());
      });
      const values = new Array<unknown>(width);
      let lines: string[] = [];

      const take = (record: string[], line: number) => {
        if (!header) {
          header = mapHeader(kind, record);
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
          if (spec) values[slots[i]!] = cellValue(spec.type, record[i]!);
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
        lines.push(copy);
      };
      const flush = async (atEnd: boolean) => {
        if (lines.length < CHUNK && !atEnd) return;
        const keys = validator.takeKeys();
        if (validator.rejectedCount === 0 || query.on_error === "skip") await w.write(lines, keys);
        lines = [];
        onProgress?.(received);
      };

      const drain = () => {
        if (parseError) throw parseError;
        for (const r of parsed) take(r.record, r.info.lines);
        parsed.length = 0;
      };
      let writing = false;
      try {
        for await (const chunk of source) {
          parser.write(chunk);
          // Records of this piece arrive as 'data' events, at the latest by the next turn.
          if (parsed.length === 0 && !parseError) await new Promise((r) => setImmediate(r));
          drain();
          writing = true;
          await flush(false);
          writing = false;
        }
        parser.end();
        await done;
        drain();
      } catch (error) {
        // Reading or parsing the upload failed: the client's doing. A failing write is not.
        if (error instanceof AppError || writing) throw error;
        const where = (error as { lines?: number }).lines;
        throw new AppError("bad_request", `CSV could not be parsed${where ? ` at line ${where}` : ""}: ${(error as Error).message}`, {}, { cause: error });
      }
      if (!header) throw new AppError("bad_request", "CSV is empty: a header line and at least one row are needed");
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
    accepted,
    written,
    rejected_count: validator.rejectedCount,
    rejected: validator.rejected,
    rollups: refresh,
    ignored_columns: header?.ignored ?? [],
  };
}

import { parse } from "csv-parse";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import type { IngestQuery } from "@/lib/validation/ingest";
import { cellValue, columnSpecs, type ColumnSpec } from "./columns";
import type { IngestResult } from "./json";
import { RowValidator, describeRejected, knownMachineIds } from "./validate";
import { writeBatch } from "./writer";

// Streams a CSV file of any size into the database: csv-parse reads it record by record, each
// row is validated and handed to COPY in chunks, so memory stays flat. Columns are matched by
// header name (any order, aliases allowed); unknown headers are reported and ignored.

const CHUNK = 20_000;
const required: Record<SeriesKind, string[]> = {
  energy: ["time", "machine_id", "power_kw", "energy_kwh"],
  production: ["time", "machine_id", "production_count"],
  environmental: ["time", "machine_id"],
};

interface HeaderMap {
  /** For each CSV field position, the column it fills, or null when ignored. */
  columns: (ColumnSpec | null)[];
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
  return { columns, ignored };
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
  let received = 0;
  let accepted = 0;
  let header: HeaderMap | undefined;
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });

  const { written, refresh } = await writeBatch(db, kind, async (w) => {
    const feed = (async () => {
      try {
        for await (const chunk of source) if (!parser.write(chunk)) await new Promise((r) => parser.once("drain", r));
        parser.end();
      } catch (e) {
        parser.destroy(e as Error);
      }
    })();
    let lines: string[] = [];
    try {
      for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const { record, info } = rec;
        if (!header) {
          header = mapHeader(kind, record);
          continue;
        }
        received += 1;
        const line = info.lines;
        if (record.length !== header.columns.length) {
          validator.rejectLine(line, `has ${record.length} fields; the header has ${header.columns.length}`);
          continue;
        }
        const row: Record<string, unknown> = {};
        header.columns.forEach((spec, i) => {
          if (spec) row[spec.name] = cellValue(spec.type, record[i] ?? "");
        });
        const copy = validator.check(row, { line }, line);
        if (copy === null) continue;
        accepted += 1;
        lines.push(copy);
        if (lines.length >= CHUNK) {
          if (validator.rejectedCount === 0 || query.on_error === "skip") await w.write(lines);
          lines = [];
          onProgress?.(received);
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      const where = (error as { lines?: number }).lines;
      throw new AppError("bad_request", `CSV could not be parsed${where ? ` at line ${where}` : ""}: ${(error as Error).message}`, {}, { cause: error });
    }
    await feed;
    if (!header) throw new AppError("bad_request", "CSV is empty: a header line and at least one row are needed");
    if (validator.rejectedCount > 0 && query.on_error === "abort") {
      throw new AppError("bad_request", `Nothing was written: ${describeRejected(validator)}`, {
        rejected_count: validator.rejectedCount,
        errors: validator.fieldErrors(),
      });
    }
    await w.write(lines);
    onProgress?.(received);
  });
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

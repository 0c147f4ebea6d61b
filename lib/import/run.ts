import { AppError, type FieldError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { Dialect } from "@/lib/ingest/dialect";
import { ingestUpload, type UploadResult } from "@/lib/ingest/upload";
import type { RejectedRow } from "@/lib/ingest/validate";
import type { CsvQuery } from "@/lib/validation/ingest";
import type { Mapping } from "@/lib/validation/import-profiles";
import { mapCsv, type MachineRef } from "./mapping";

// A foreign CSV imported through a mapping: rewritten as it streams (lib/import/mapping.ts) and
// handed to the ingest every native upload goes through, so the rules, the all-or-nothing write
// and the answer are the ingest's own. Lines rejected by the mapping (an unreadable date, an
// unknown machine) are merged into the ingest's answer; each rejected line also names the file's
// column (`source_column`).

export type MappedResult = UploadResult & {
  /** The foreign file's dialect (the ingest's own `dialect` describes the rewritten CSV). */
  source_dialect: Dialect;
  date_format: Mapping["date_format"];
  /** The time zone local times were read in. */
  tz: string | null;
};

/** The machines a file's machine column may name, with their site's time zone. */
export async function machineRefs(db: Database): Promise<MachineRef[]> {
  return db.query<MachineRef & Record<string, unknown>>(
    "SELECT m.id::text AS id, m.name, s.time_zone FROM machines m JOIN sites s ON s.id = m.site_id ORDER BY m.name",
  );
}

/**
 * The zone local times are read in: the mapping's, else the file's one machine's site zone. A
 * series file with day-/month-first dates and a machine column needs it given (machines may sit
 * in different zones). Throws 400 naming machine_id or tz.
 */
function zoneOf(mapping: Mapping, machines: MachineRef[]): string | undefined {
  if (mapping.tz) return mapping.tz;
  if (mapping.machine_id) {
    const m = machines.find((x) => x.id === mapping.machine_id!.toLowerCase());
    if (!m) throw new AppError("bad_request", `Invalid mapping: machine_id: no machine ${mapping.machine_id} exists`, { errors: [{ field: "machine_id", message: "no such machine" }] });
    return m.time_zone;
  }
  if (mapping.date_format !== "iso" && mapping.kind !== "bill") {
    throw new AppError("bad_request", "Invalid mapping: tz: give the time zone of the file's local times (the file names several machines)", { errors: [{ field: "tz", message: "is required with day_first or month_first dates and a machine column" }] });
  }
  return undefined;
}

/** Rejections with the file's own header name as `column` (and `source_column`), where the field is a mapped one. */
function withSource<T extends RejectedRow | FieldError>(rows: T[], mapping: Mapping): (T & { source_column?: string })[] {
  return rows.map((r) => {
    const source = mapping.columns[r.field] ?? (r.column ? mapping.columns[r.column] : undefined);
    return source ? { ...r, column: source, source_column: source } : r;
  });
}

/**
 * Imports `source` (a CSV in the mapping's layout) through the ingest. `on_error` as the ingest's:
 * abort writes nothing when any line is rejected (by the mapping or the ingest; a 400 listing
 * them), skip writes the rest. Throws AppError 400 for a mapping that does not fit the file.
 */
export async function importMapped(
  db: Database,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  mapping: Mapping,
  options: { on_error: "abort" | "skip"; onProgress?: (rows: number) => void },
): Promise<MappedResult> {
  const machines = await machineRefs(db);
  const tz = zoneOf(mapping, machines);
  const mapped = await mapCsv(source, mapping, machines, options.on_error === "abort");
  const query: CsvQuery = {
    kind: mapping.kind,
    on_error: options.on_error,
    tz,
    timestamp_position: mapping.timestamp_position,
    period_end: mapping.period_end ?? "exclusive",
    delimiter: mapped.output.delimiter,
    decimal: mapped.output.decimal,
  };
  let result: UploadResult;
  try {
    result = await ingestUpload(db, query, mapped.text, options.onProgress);
  } catch (error) {
    if (error instanceof AppError && error.details.errors) {
      throw new AppError(error.code, error.message, { ...error.details, errors: withSource(error.details.errors, mapping) }, { cause: error });
    }
    throw error;
  }
  const own = mapped.state;
  const rejected = withSource([...own.rejected, ...result.rejected], mapping)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .slice(0, 1000);
  return {
    ...result,
    // Every record of the file: those the mapping rejected never reached the ingest.
    received: own.received,
    rejected_count: result.rejected_count + own.rejectedCount,
    rejected,
    source_dialect: mapped.dialect,
    date_format: mapping.date_format,
    tz: tz ?? null,
  };
}


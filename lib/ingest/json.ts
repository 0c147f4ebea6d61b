import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import type { SeriesKind } from "@/lib/timeseries/definitions";
import { MAX_JSON_ROWS, jsonBatchSchema, type IngestQuery } from "@/lib/validation/ingest";
import { RowValidator, describeRejected, knownMachineIds, type RejectedRow } from "./validate";
import { writeBatch } from "./writer";

export interface IngestResult {
  kind: SeriesKind;
  received: number;
  accepted: number;
  written: number;
  rejected_count: number;
  rejected: RejectedRow[];
  rollups: { ranges: number; buckets: number };
}

/** Ingests one JSON batch: all rows or none, unless on_error=skip. */
export async function ingestJson(db: Database, kind: SeriesKind, body: unknown, query: IngestQuery): Promise<IngestResult> {
  const parsed = jsonBatchSchema.safeParse(body);
  if (!parsed.success) throw new AppError("bad_request", "Invalid body: must be a JSON array of rows or an object with a rows array");
  const rows = parsed.data;
  if (rows.length > MAX_JSON_ROWS) {
    throw new AppError(
      "payload_too_large",
      `Batch has ${rows.length} rows; at most ${MAX_JSON_ROWS} are accepted per JSON request (send more in several batches, or use /api/v1/ingest/csv)`,
    );
  }
  const validator = new RowValidator(kind, await knownMachineIds(db), query.tz);
  const lines: string[] = [];
  rows.forEach((row, index) => {
    const line = validator.check(row, { index });
    if (line) lines.push(line);
  });
  if (validator.rejectedCount > 0 && query.on_error === "abort") {
    throw new AppError("bad_request", `Nothing was written: ${describeRejected(validator)}`, {
      rejected_count: validator.rejectedCount,
      errors: validator.fieldErrors(),
    });
  }
  // One chunk (at most MAX_JSON_ROWS lines): its keys are those of every accepted row.
  const keys = validator.takeKeys();
  const { written, refresh } = await writeBatch(db, kind, (w) => w.write(lines, keys));
  return {
    kind,
    received: rows.length,
    accepted: lines.length,
    written,
    rejected_count: validator.rejectedCount,
    rejected: validator.rejected,
    rollups: refresh,
  };
}

import type { Database } from "@/lib/db/types";
import type { CsvQuery } from "@/lib/validation/ingest";
import { ingestBillCsv, type BillResult } from "./bills";
import { ingestCsv, type CsvIngestResult } from "./csv";
import { ingestRegisterCsv, type RegisterResult } from "./registers";

// A CSV upload of any kind, as the route and `npm run import` take it: series stream into their
// raw tables (lib/ingest/csv.ts); bills and register readings are read whole.

export type UploadResult = CsvIngestResult | BillResult | RegisterResult;

export async function ingestUpload(
  db: Database,
  query: CsvQuery,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onProgress?: (rows: number) => void,
): Promise<UploadResult> {
  if (query.kind === "bill") return ingestBillCsv(db, source, query);
  if (query.kind === "register") return ingestRegisterCsv(db, source, query);
  return ingestCsv(db, query.kind, source, query, onProgress);
}

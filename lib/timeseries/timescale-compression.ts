import type { Queryable } from "@/lib/db/types";
import { rawTable, type SeriesKind } from "./definitions";
import type { TouchedRange } from "./ranges";

// The compression policy runs on its schedule (every 12 hours by default), and its first run
// comes at migration, before any data: a bulk load (the demo seed, a large import, a migration
// from plain PostgreSQL) would otherwise sit uncompressed for hours — measured on the demo:
// energy 48 MB → 11 MB, production 31 MB → 0.6 MB once compressed. So after one, the chunks
// past the compression age are compressed at once.

/** Raw chunks older than this are compressed (the policy's compress_after). */
export const COMPRESS_AFTER = "7 days";
const COMPRESS_AFTER_MS = 7 * 86_400_000;

/**
 * Machine-time written before the compression age that makes a load "bulk" (one machine-day):
 * a few late readings into an old chunk are left to the policy (recompressing a whole 7-day
 * chunk per request would cost more than it saves); a back-fill is compressed at once.
 */
export const BULK_COLD_MS = 86_400_000;

/**
 * Whether the touched ranges (one kind's writes) put at least BULK_COLD_MS of machine-time into
 * chunks past the compression age, as of `now` (ms).
 */
export function compressAfterBulkLoad(touched: readonly TouchedRange[], now: number): boolean {
  const cutoff = now - COMPRESS_AFTER_MS;
  let cold = 0;
  for (const t of touched) if (t.start < cutoff) cold += Math.min(t.end, cutoff) - t.start;
  return cold >= BULK_COLD_MS;
}

/** The statement listing a raw table's chunks past the compression age. */
export function coldChunksSql(kind: SeriesKind): string {
  return `SELECT c::text AS chunk FROM show_chunks('${rawTable[kind]}', older_than => INTERVAL '${COMPRESS_AFTER}') c ORDER BY 1`;
}

/**
 * Compresses the kinds' raw chunks past the compression age, one chunk a statement (each in its
 * own transaction, so ingestion into the other chunks goes on). compress_chunk leaves a compressed
 * chunk alone and recompresses one that took rows since (a partial chunk). Returns the chunks
 * looked at.
 */
export async function compressColdChunks(db: Queryable, kinds: readonly SeriesKind[]): Promise<number> {
  let n = 0;
  for (const kind of kinds) {
    const chunks = await db.query<{ chunk: string }>(coldChunksSql(kind));
    for (const { chunk } of chunks) {
      await db.query(`SELECT compress_chunk($1::regclass, if_not_compressed => true)`, [chunk]);
      n += 1;
    }
  }
  return n;
}

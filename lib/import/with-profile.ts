import type { Database } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import type { ProfileQuery } from "@/lib/validation/import-profiles";
import { getProfile, profileMapping } from "./profiles";
import { importMapped, type MappedResult } from "./run";

/**
 * A CSV imported with a saved profile (`profile=` on POST /api/v1/ingest/csv, `npm run import
 * --profile`): the profile's mapping, with the query's tz, timestamp_position, delimiter, decimal
 * and period_end in place of the profile's where given. Answers as importMapped, plus `profile`.
 * Throws 404 for an unknown profile, 400 when the query's kind is not the profile's.
 */
export async function importWithProfile(
  db: Database,
  query: ProfileQuery,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onProgress?: (rows: number) => void,
): Promise<MappedResult & { profile: { id: string; name: string } }> {
  const profile = await getProfile(db, query.profile);
  if (query.kind !== undefined && query.kind !== profile.kind) {
    const message = `kind=${query.kind} disagrees with profile "${profile.name}", which reads ${profile.kind} files: leave kind out, or use a ${query.kind} profile`;
    throw new AppError("bad_request", message, { errors: [{ field: "kind", message: `must be ${profile.kind} (the profile's kind) or left out` }] });
  }
  const base = profileMapping(profile);
  const mapping = {
    ...base,
    tz: query.tz ?? base.tz,
    timestamp_position: query.timestamp_position ?? base.timestamp_position,
    delimiter: query.delimiter ?? base.delimiter,
    decimal: query.decimal ?? base.decimal,
    period_end: query.period_end ?? base.period_end,
  };
  const result = await importMapped(db, source, mapping, { on_error: query.on_error, onProgress });
  return { ...result, profile: { id: profile.id, name: profile.name } };
}

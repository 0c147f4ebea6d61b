import { asc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Database } from "@/lib/db/types";
import { importProfiles, type ImportProfile, type StoredMapping } from "@/lib/db/schema/import";
import { importProfileIdSchema, mappingSchema, type ImportProfileInput, type Mapping } from "@/lib/validation/import-profiles";

// Import profiles: named mappings, stored per machine (or for files with a machine column), read
// by the API (/api/v1/import-profiles), profile= on the CSV ingest and `npm run import --profile`.
// Plain functions taking `db` (no server-only: the import script calls them too).

export interface ImportProfileJson extends StoredMapping {
  id: string;
  name: string;
  kind: Mapping["kind"];
  machine_id: string | null;
  created_at: string;
  updated_at: string;
}

export function profileJson(p: ImportProfile): ImportProfileJson {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind as Mapping["kind"],
    machine_id: p.machineId,
    ...p.mapping,
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}

/** The mapping a profile stores, validated again (a profile saved by an older version may no longer fit). */
export function profileMapping(p: ImportProfile): Mapping {
  const parsed = mappingSchema.safeParse({ ...p.mapping, kind: p.kind, machine_id: p.machineId });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("unprocessable", `Import profile "${p.name}" no longer fits the ingest: ${issue.path.join(".")}: ${issue.message}; edit it`);
  }
  return parsed.data;
}

function stored(input: ImportProfileInput): { name: string; kind: string; machineId: string | null; mapping: StoredMapping } {
  const { name, kind, machine_id, columns, date_format, tz, timestamp_position, delimiter, decimal, period_end } = input;
  const mapping: StoredMapping = { columns, date_format };
  if (tz) mapping.tz = tz;
  if (timestamp_position) mapping.timestamp_position = timestamp_position;
  if (delimiter) mapping.delimiter = delimiter;
  if (decimal) mapping.decimal = decimal;
  if (period_end) mapping.period_end = period_end;
  return { name, kind, machineId: machine_id ?? null, mapping };
}

function hasCode(error: unknown, code: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if ((e as { code?: string }).code === code) return true;
  return false;
}

function dbError(error: unknown, input: ImportProfileInput): never {
  if (hasCode(error, "23505")) throw new AppError("conflict", `An import profile named "${input.name}" already exists`, { errors: [{ field: "name", message: "is taken" }] }, { cause: error });
  if (hasCode(error, "23503")) throw new AppError("bad_request", `machine_id: no machine ${input.machine_id} exists`, { errors: [{ field: "machine_id", message: "no such machine" }] }, { cause: error });
  throw error;
}

/** Every profile, by name; with `machineId`, that machine's and those with a machine column. */
export async function listProfiles(db: Database, machineId?: string): Promise<ImportProfile[]> {
  const rows = await db.orm.select().from(importProfiles).orderBy(asc(importProfiles.name));
  return machineId ? rows.filter((p) => p.machineId === null || p.machineId === machineId) : rows;
}

/** A profile by id, or by name when `ref` is not a uuid; 404 when there is none. */
export async function getProfile(db: Database, ref: string): Promise<ImportProfile> {
  const byId = importProfileIdSchema.safeParse(ref).success;
  const [p] = await db.orm
    .select()
    .from(importProfiles)
    .where(byId ? eq(importProfiles.id, ref) : eq(importProfiles.name, ref.trim()));
  if (!p) throw new AppError("not_found", `Import profile ${byId ? ref : `"${ref}"`} not found`);
  return p;
}

export async function createProfile(db: Database, input: ImportProfileInput): Promise<ImportProfile> {
  try {
    const [p] = await db.orm.insert(importProfiles).values(stored(input)).returning();
    if (!p) throw new Error("insert returned no row");
    return p;
  } catch (error) {
    dbError(error, input);
  }
}

/** Replaces a profile whole (PUT). */
export async function updateProfile(db: Database, id: string, input: ImportProfileInput): Promise<ImportProfile> {
  await getProfile(db, id);
  try {
    const [p] = await db.orm
      .update(importProfiles)
      .set({ ...stored(input), updatedAt: new Date() })
      .where(eq(importProfiles.id, id))
      .returning();
    if (!p) throw new AppError("not_found", `Import profile ${id} not found`);
    return p;
  } catch (error) {
    dbError(error, input);
  }
}

export async function deleteProfile(db: Database, id: string): Promise<void> {
  const gone = await db.orm.delete(importProfiles).where(eq(importProfiles.id, id)).returning({ id: importProfiles.id });
  if (gone.length === 0) throw new AppError("not_found", `Import profile ${id} not found`);
}

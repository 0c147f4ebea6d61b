import "server-only";
import { asc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { SampleInterval } from "@/lib/ingest/intervals";
import type { CreateMachineInput, UpdateMachineInput } from "@/lib/validation/machines";
import { DEFAULT_SITE_ID, machines, type Machine } from "../schema";
import type { Database } from "../types";
import { recordWrite } from "@/lib/api/read-cache";

export interface MachineJson {
  id: string;
  site_id: string;
  name: string;
  type: Machine["type"];
  area: string | null;
  rated_power_kw: number | null;
  is_active: boolean;
  /** One of 1min … 1day (lib/ingest/intervals.ts); null: inferred from the readings. */
  sample_interval: SampleInterval | null;
  timestamp_position: "start" | "end";
  register_max_kwh: number | null;
  max_plausible_power_kw: number | null;
  /** Whether its production count is summed into its area's and the plant's units (machines.counts_output). */
  counts_output: boolean;
  created_at: string;
}

export function machineJson(m: Machine): MachineJson {
  return {
    id: m.id,
    site_id: m.siteId,
    name: m.name,
    type: m.type,
    area: m.area,
    rated_power_kw: m.ratedPowerKw,
    is_active: m.isActive,
    sample_interval: m.sampleInterval as SampleInterval | null,
    timestamp_position: m.timestampPosition === "end" ? "end" : "start",
    register_max_kwh: m.registerMaxKwh,
    max_plausible_power_kw: m.maxPlausiblePowerKw,
    counts_output: m.countsOutput,
    created_at: new Date(m.createdAt).toISOString(),
  };
}

export async function listMachines(db: Database): Promise<Machine[]> {
  return db.orm.select().from(machines).orderBy(asc(machines.name));
}

export async function getMachine(db: Database, id: string): Promise<Machine> {
  const [m] = await db.orm.select().from(machines).where(eq(machines.id, id));
  if (!m) throw new AppError("not_found", `Machine ${id} not found`);
  return m;
}

function hasCode(error: unknown, code: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === code) return true;
  }
  return false;
}
const isUniqueViolation = (error: unknown) => hasCode(error, "23505");
const isForeignKeyViolation = (error: unknown) => hasCode(error, "23503");

/**
 * Throws AppError 409 naming the machine of site `siteId` whose name equals `name` without regard
 * to case (other than `self`): "Press-7" and "press-7" would be one machine to a person and to the
 * import's name lookup (lib/import/mapping.ts). Checked here rather than by a unique index on
 * lower(name), which existing plants holding such pairs could not migrate to.
 */
async function assertNameFree(db: Database, siteId: string, name: string, self?: string): Promise<void> {
  const [other] = await db.query<{ id: string; name: string }>(
    "SELECT id::text AS id, name FROM machines WHERE site_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3::uuid) ORDER BY name LIMIT 1",
    [siteId, name, self ?? null],
  );
  if (other) {
    const message = `A machine named "${other.name}" (${other.id}) already exists at this site; names are compared without regard to case`;
    throw new AppError("conflict", message, { errors: [{ field: "name", message: `"${other.name}" already exists at this site` }] });
  }
}

export async function createMachine(db: Database, input: CreateMachineInput): Promise<Machine> {
  await assertNameFree(db, input.site_id ?? DEFAULT_SITE_ID, input.name);
  try {
    const [m] = await db.orm
      .insert(machines)
      .values({
        ...(input.id ? { id: input.id } : {}),
        siteId: input.site_id ?? DEFAULT_SITE_ID,
        name: input.name,
        type: input.type,
        area: input.area ?? null,
        ratedPowerKw: input.rated_power_kw ?? null,
        isActive: input.is_active,
        sampleInterval: input.sample_interval,
        timestampPosition: input.timestamp_position,
        registerMaxKwh: input.register_max_kwh,
        maxPlausiblePowerKw: input.max_plausible_power_kw,
        countsOutput: input.counts_output,
      })
      .returning();
    if (!m) throw new Error("insert returned no row");
    // Also for callers other than route() (scripts, jobs): cached reads are dropped.
    recordWrite("all");
    return m;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A machine named "${input.name}" (or with that id) already exists at this site`, {}, { cause: error });
    if (isForeignKeyViolation(error)) throw new AppError("bad_request", `site_id: no site ${input.site_id ?? DEFAULT_SITE_ID} exists`, {}, { cause: error });
    throw error;
  }
}

export async function updateMachine(db: Database, id: string, input: UpdateMachineInput): Promise<Machine> {
  const current = await getMachine(db, id);
  if (input.name !== undefined || input.site_id !== undefined) await assertNameFree(db, input.site_id ?? current.siteId, input.name ?? current.name, current.id);
  try {
    const [m] = await db.orm
      .update(machines)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.type !== undefined ? { type: input.type } : {}),
        ...(input.area !== undefined ? { area: input.area } : {}),
        ...(input.rated_power_kw !== undefined ? { ratedPowerKw: input.rated_power_kw } : {}),
        ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
        ...(input.sample_interval !== undefined ? { sampleInterval: input.sample_interval } : {}),
        ...(input.timestamp_position !== undefined ? { timestampPosition: input.timestamp_position } : {}),
        ...(input.register_max_kwh !== undefined ? { registerMaxKwh: input.register_max_kwh } : {}),
        ...(input.max_plausible_power_kw !== undefined ? { maxPlausiblePowerKw: input.max_plausible_power_kw } : {}),
        ...(input.counts_output !== undefined ? { countsOutput: input.counts_output } : {}),
        ...(input.site_id !== undefined ? { siteId: input.site_id } : {}),
      })
      .where(eq(machines.id, id))
      .returning();
    if (!m) throw new AppError("not_found", `Machine ${id} not found`);
    recordWrite("all");
    return m;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A machine named "${input.name ?? "(this name)"}" already exists at this site`, {}, { cause: error });
    if (isForeignKeyViolation(error)) throw new AppError("bad_request", `Site ${input.site_id} not found`, { errors: [{ field: "site_id", message: "no such site" }] }, { cause: error });
    throw error;
  }
}

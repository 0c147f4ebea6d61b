import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { baselineModels, type BaselineModelRow } from "../schema";
import type { Database } from "../types";

export type NewModel = Omit<typeof baselineModels.$inferInsert, "id" | "version" | "isActive" | "createdAt">;

/**
 * Saves a model with the next version of its machine. The advisory lock serialises concurrent
 * trainings of one machine (n and n+1, never the same); the unique index is the backstop.
 */
export async function insertModel(db: Database, model: NewModel, activate: "always" | "if_none"): Promise<BaselineModelRow> {
  // Three round trips inside the transaction: the lock, the machine's versions, and one statement
  // that deactivates the old model (where this one becomes active) and inserts this one.
  const saved = await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('baseline:' || $1::text))`, [model.machineId]);
    const [state] = await tx.query<{ v: number; n: number }>(
      `SELECT coalesce(max(version), 0)::int + 1 AS v, (count(*) FILTER (WHERE is_active))::int AS n FROM baseline_models WHERE machine_id = $1`,
      [model.machineId],
    );
    const makeActive = activate === "always" || (state?.n ?? 0) === 0;
    const [row] = await tx.query<{ id: string; created_at: Date | string }>(
      `WITH off AS (UPDATE baseline_models SET is_active = false WHERE $14::boolean AND machine_id = $1 AND is_active RETURNING 1)
       INSERT INTO baseline_models (machine_id, version, model_type, granularity, drivers, transforms, coefficients, intercept, statistics, state, training_start, training_end, training_samples, is_active)
       SELECT $1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14 FROM (SELECT count(*) FROM off) o
       RETURNING id::text AS id, created_at`,
      [
        model.machineId,
        state?.v ?? 1,
        model.modelType,
        model.granularity,
        JSON.stringify(model.drivers),
        JSON.stringify(model.transforms ?? {}),
        JSON.stringify(model.coefficients),
        model.intercept,
        JSON.stringify(model.statistics),
        JSON.stringify(model.state),
        new Date(model.trainingStart).toISOString(),
        new Date(model.trainingEnd).toISOString(),
        model.trainingSamples,
        makeActive,
      ],
    );
    return { id: row!.id, version: state?.v ?? 1, isActive: makeActive, createdAt: new Date(row!.created_at) };
  });
  // The row as stored: what was sent, with the values the database assigned.
  return {
    ...model,
    ...saved,
    transforms: model.transforms ?? {},
    trainingStart: new Date(model.trainingStart),
    trainingEnd: new Date(model.trainingEnd),
  };
}

export async function getModel(db: Database, id: string): Promise<BaselineModelRow> {
  const [m] = await db.orm.select().from(baselineModels).where(eq(baselineModels.id, id));
  if (!m) throw new AppError("not_found", `Baseline model ${id} not found`);
  return m;
}

export async function listModels(db: Database, machineId?: string): Promise<BaselineModelRow[]> {
  const q = db.orm.select().from(baselineModels);
  const rows = machineId ? await q.where(eq(baselineModels.machineId, machineId)).orderBy(desc(baselineModels.version)) : await q.orderBy(desc(baselineModels.createdAt));
  return rows;
}

export async function getActiveModel(db: Database, machineId: string): Promise<BaselineModelRow> {
  const [m] = await db.orm.select().from(baselineModels).where(and(eq(baselineModels.machineId, machineId), eq(baselineModels.isActive, true)));
  if (!m) throw new AppError("not_found", `Machine ${machineId} has no active baseline model: train one or activate one`);
  return m;
}

/** Makes a model its machine's only active one, in one transaction. */
export async function activateModel(db: Database, id: string): Promise<BaselineModelRow> {
  const model = await getModel(db, id);
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE baseline_models SET is_active = false WHERE machine_id = $1 AND is_active AND id <> $2`, [model.machineId, id]);
    await tx.query(`UPDATE baseline_models SET is_active = true WHERE id = $1`, [id]);
  });
  return getModel(db, id);
}

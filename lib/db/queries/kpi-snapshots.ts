import "server-only";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { kpiSnapshots, type KpiSnapshotRow } from "../schema";
import type { Database } from "../types";

export const PLANT_SCOPE = "plant";

export type NewKpiSnapshot = Omit<typeof kpiSnapshots.$inferInsert, "computedAt">;

/** Writes (or rewrites) a scope's snapshot of one local day. */
export async function upsertKpiSnapshot(db: Database, row: NewKpiSnapshot): Promise<void> {
  const rest: Partial<NewKpiSnapshot> = { ...row };
  delete rest.scopeKey;
  delete rest.day;
  await db.orm
    .insert(kpiSnapshots)
    .values(row)
    .onConflictDoUpdate({ target: [kpiSnapshots.scopeKey, kpiSnapshots.day], set: { ...rest, computedAt: new Date() } });
}

/**
 * Daily KPI snapshots of one scope (a machine id, or "plant") over local days `from`…`to`
 * (inclusive, YYYY-MM-DD), oldest first: what reports read instead of recomputing each day.
 * Each row carries the day's headline figures (kWh, units, kWh/unit, kW, fractions, currency,
 * kg CO2) and the whole summary answer of lib/kpi in `summary`.
 */
export async function listKpiSnapshots(db: Database, q: { scope: string; from: string; to: string }): Promise<KpiSnapshotRow[]> {
  return db.orm
    .select()
    .from(kpiSnapshots)
    .where(and(eq(kpiSnapshots.scopeKey, q.scope), gte(kpiSnapshots.day, q.from), lte(kpiSnapshots.day, q.to)))
    .orderBy(asc(kpiSnapshots.day));
}

/** The latest day snapshotted for each scope. */
export async function latestSnapshotDays(db: Database): Promise<Map<string, string>> {
  const rows = await db.query<{ scope_key: string; day: string }>(`SELECT scope_key, max(day)::text AS day FROM kpi_snapshots GROUP BY scope_key`);
  return new Map(rows.map((r) => [r.scope_key, r.day]));
}

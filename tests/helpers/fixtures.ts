import type { Database } from "@/lib/db/types";
import { DEFAULT_SITE_ID } from "@/lib/db/schema/core";

export const M1 = "a0000000-0000-0000-0000-000000000001";
export const M2 = "a0000000-0000-0000-0000-000000000002";

export async function addMachines(db: Database, ids = [M1, M2]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await db.query(`INSERT INTO machines (id, site_id, name, type) VALUES ($1, $2, $3, 'compressor')`, [id, DEFAULT_SITE_ID, `Test-${i + 1}`]);
  }
}

/** The suite's seeded PRNG, so randomised tests are repeatable. */
export { mulberry32 as rng } from "../unit/regression/helpers";

export async function allRows(db: Database, table: string): Promise<Record<string, unknown>[]> {
  const rows = await db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY machine_id, bucket`);
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      out[k] = v instanceof Date ? v.toISOString() : typeof v === "number" ? Number(v.toPrecision(12)) : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(Number(v).toPrecision(12)) : v;
    }
    return out;
  });
}

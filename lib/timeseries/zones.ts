import type { Queryable } from "@/lib/db/types";

/** Each machine's site time zone (IANA name), keyed by the ids as asked; "UTC" for an unknown id. */
export async function zonesOf(db: Queryable, machineIds: string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; tz: string }>(
    `SELECT m.id::text AS id, s.time_zone AS tz FROM machines m JOIN sites s ON s.id = m.site_id WHERE m.id = ANY($1::uuid[])`,
    [`{${machineIds.join(",")}}`],
  );
  const byId = new Map(rows.map((r) => [r.id, r.tz]));
  return new Map(machineIds.map((id) => [id, byId.get(id.toLowerCase()) ?? "UTC"]));
}

/** One machine's site time zone. */
export async function zoneOf(db: Queryable, machineId: string): Promise<string> {
  return (await zonesOf(db, [machineId])).get(machineId)!;
}

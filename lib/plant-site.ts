import "server-only";
import type { Database } from "@/lib/db/types";
import { eq } from "drizzle-orm";
import { listSites } from "@/lib/db/queries/sites";
import { machineJson } from "@/lib/db/queries/machines";
import { machines, sites } from "@/lib/db/schema";
import { cachedRead } from "@/lib/api/read-cache";

/**
 * The plant shown in the navigation bar: its first site (name and time zone), or UTC when none
 * exists yet. Read on every page: kept in the read cache until a write other than readings
 * (lib/api/read-cache.ts).
 */
export async function getPlantSite(db: Database): Promise<{ name: string; timeZone: string }> {
  return cachedRead(db, "plant site", {}, async () => {
    const [site] = await listSites(db);
    return { name: site?.name ?? "Plant", timeZone: site?.timeZone ?? "UTC" };
  });
}

/** A machine with its site's name and time zone, or null when there is no such machine. */
export async function getMachineView(db: Database, id: string) {
  const [machine] = await db.orm.select().from(machines).where(eq(machines.id, id));
  if (!machine) return null;
  const [site] = await db.orm.select().from(sites).where(eq(sites.id, machine.siteId));
  return { machine: machineJson(machine), siteName: site?.name ?? "—", timeZone: site?.timeZone ?? "UTC" };
}

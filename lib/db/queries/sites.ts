import "server-only";
import { asc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { resolveThresholds, thresholdsJson, type QualityThresholds } from "@/lib/analytics/baseline/quality";
import type { UpdateSiteInput } from "@/lib/validation/sites";
import { sites, type Site } from "../schema";
import type { Database } from "../types";
import { recordWrite } from "@/lib/api/read-cache";

export function siteJson(s: Site) {
  return {
    id: s.id,
    name: s.name,
    time_zone: s.timeZone,
    country: s.country,
    /** What the site overrides; the effective values are in quality_thresholds. */
    quality_threshold_overrides: s.qualityThresholds ?? {},
    quality_thresholds: thresholdsJson(resolveThresholds(s.qualityThresholds)),
    created_at: new Date(s.createdAt).toISOString(),
  };
}

export async function listSites(db: Database): Promise<Site[]> {
  return db.orm.select().from(sites).orderBy(asc(sites.name));
}

export async function getSite(db: Database, id: string): Promise<Site> {
  const [s] = await db.orm.select().from(sites).where(eq(sites.id, id));
  if (!s) throw new AppError("not_found", `Site ${id} not found`);
  return s;
}

/** The quality thresholds in force at a site (defaults with its overrides). */
export async function siteThresholds(db: Database, id: string): Promise<QualityThresholds> {
  return resolveThresholds((await getSite(db, id)).qualityThresholds);
}

export async function updateSite(db: Database, id: string, input: UpdateSiteInput): Promise<Site> {
  await getSite(db, id);
  const [s] = await db.orm
    .update(sites)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.time_zone !== undefined ? { timeZone: input.time_zone } : {}),
      ...(input.country !== undefined ? { country: input.country } : {}),
      ...(input.quality_thresholds !== undefined ? { qualityThresholds: input.quality_thresholds } : {}),
    })
    .where(eq(sites.id, id))
    .returning();
  if (!s) throw new AppError("not_found", `Site ${id} not found`);
  // Also for callers other than route() (scripts, jobs): cached reads are dropped.
  recordWrite("all");
  return s;
}

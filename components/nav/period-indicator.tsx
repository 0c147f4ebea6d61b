"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { REPORT_DAYS, defaultDaysFor, usesCompleteDays } from "@/lib/dashboard/defaults";
import { completeDays } from "@/lib/dashboard/period";
import { urlPeriodLabel } from "@/lib/dashboard/range";
import { defaultRange, formatPlantRange } from "@/lib/time/plant-time";

/** The period the page shows, from the URL (start_date, end_date) or the page's default, in plant time. */
export function PeriodIndicator({ timeZone }: { timeZone: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const days = defaultDaysFor(pathname);
  // The anomaly viewer names its period as its API does: from, to.
  const fromUrl = urlPeriodLabel(params.get("start_date") ?? params.get("from"), params.get("end_date") ?? params.get("to"), timeZone);
  if (fromUrl !== null) return <>{fromUrl}</>;
  if (usesCompleteDays(pathname)) {
    const p = completeDays(Date.now(), REPORT_DAYS, timeZone);
    return <>{formatPlantRange(p.from, p.to, timeZone)}</>;
  }
  if (days === null) return <>Last 7 days</>;
  const r = defaultRange(Date.now(), days, timeZone);
  return <>{formatPlantRange(r.from, r.to, timeZone)}</>;
}

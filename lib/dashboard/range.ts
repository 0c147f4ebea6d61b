import { defaultRange, toPlantIso } from "@/lib/time/plant-time";

/** The range named by the URL (start_date, end_date as ISO instants), or the page's default of whole plant days. */
export function resolveRange(start: string | null, end: string | null, days: number, timeZone: string, now = Date.now()): { from: number; to: number; isDefault: boolean } {
  const from = Date.parse(start ?? "");
  const to = Date.parse(end ?? "");
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { from, to, isDefault: false };
  return { ...defaultRange(now, days, timeZone), isDefault: true };
}

/** URL values of a range: ISO instants with the plant's offset. */
export function rangeParams(from: number, to: number, timeZone: string) {
  return { start_date: toPlantIso(from, timeZone), end_date: toPlantIso(to, timeZone) };
}

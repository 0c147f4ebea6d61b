import type { Database } from "@/lib/db/types";
import { getSeries } from "@/lib/timeseries/series";
import { addPlantDays, startOfPlantDay } from "@/lib/time/plant-time";

// Per meter (a machine's energy readings): when its last reading ends, and how much of each of
// the last days its readings cover, so a meter that went silent or sends with gaps shows at once.

export interface MeterStatus {
  machine_id: string;
  /** Start and end (start + interval) of the newest energy reading; null when there is none. */
  last_reading: { time: string; end: string } | null;
  /** The plant's last `days` local days, oldest first, today (still filling) last. */
  days: { date: string; coverage: number | null }[];
}

/**
 * Meter status of every machine: the newest reading (one index probe per machine on the energy
 * key) and the coverage of each local day (covered seconds of its readings ÷ the day's length, 23
 * or 25 h on clock-change days, from the daily rollup; a reading longer than a day, such as a bill,
 * counts whole on the day it starts, so the share is capped at 1). `timeZone`: the plant's.
 */
export async function meterStatus(db: Database, machineIds: string[], timeZone: string, now = Date.now(), days = 7): Promise<MeterStatus[]> {
  if (machineIds.length === 0) return [];
  const latest = await db.query<{ id: string; time: Date | string | null; interval_s: number | null }>(
    `SELECT m.id::text AS id, r.time, r.interval_s FROM unnest($1::uuid[]) AS m(id)
     LEFT JOIN LATERAL (SELECT time, interval_s FROM energy_readings e WHERE e.machine_id = m.id ORDER BY time DESC LIMIT 1) r ON true`,
    [`{${machineIds.join(",")}}`],
  );
  const today = startOfPlantDay(now, timeZone);
  const from = addPlantDays(today, -(days - 1), timeZone);
  const to = addPlantDays(today, 1, timeZone);
  const series = await getSeries(db, { machineIds, metrics: ["energy"], from: new Date(from), to: new Date(to), bucket: "daily", coverageInputs: true });
  const starts = Array.from({ length: days }, (_, i) => addPlantDays(from, i, timeZone));
  const date = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
  return machineIds.map((id) => {
    const l = latest.find((r) => r.id === id);
    const s = series.series.find((x) => x.machineId === id);
    const last = l?.time ? new Date(l.time).getTime() : null;
    return {
      machine_id: id,
      last_reading: last === null ? null : { time: new Date(last).toISOString(), end: new Date(last + Number(l!.interval_s ?? 0) * 1000).toISOString() },
      days: starts.map((start, i) => {
        const end = i + 1 < starts.length ? starts[i + 1]! : to;
        const at = s ? s.times.indexOf(start) : -1;
        const covered = at === -1 ? null : (s!.values.covered_s?.[at] ?? null);
        return { date: date(start), coverage: covered === null ? null : Math.min(1, (covered * 1000) / (end - start)) };
      }),
    };
  });
}

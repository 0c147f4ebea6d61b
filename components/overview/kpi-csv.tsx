"use client";

import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";

interface Row {
  key: string;
  label: string;
  value: number | null;
  previous: number | null;
  unit: string;
  digits: number;
  percent: boolean;
}

const round = (r: Row, v: number | null) => (v === null ? null : Number((r.percent ? 100 * v : v).toFixed(r.digits)));

/** The KPI cards as a CSV report: one row per KPI, rounded as shown on the cards. */
export function KpiCsv({ cards, period, previous, timeZone, fileStem }: { cards: Row[]; period: string; previous: string; timeZone: string; /** plant dates as the other exports name them: 2026-11-24_2026-11-30 */ fileStem: string }) {
  return (
    <CsvDownload
      label="plant KPIs"
      fileName={csvFileName("plant", "kpis", fileStem)}
      getCsv={() =>
        buildCsv(
          [
            { header: "kpi", value: (r: Row) => r.label },
            { header: "unit", value: (r: Row) => r.unit },
            { header: `period ${period} (${timeZone}), rounded as shown`, value: (r: Row) => round(r, r.value) },
            { header: `previous period ${previous} (${timeZone}), rounded as shown`, value: (r: Row) => round(r, r.previous) },
          ],
          cards,
        )
      }
    />
  );
}

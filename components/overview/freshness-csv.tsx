"use client";

import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import { plantDateInput, toPlantIso } from "@/lib/time/plant-time";

interface Row {
  name: string;
  status: string;
  lastEndMs: number | null;
  ageMs: number | null;
  coverage: (number | null)[];
}

/** The freshness table as CSV (data: full precision, coverage as fractions). */
export function FreshnessCsv({ rows, days, timeZone }: { rows: Row[]; days: number[]; timeZone: string }) {
  return (
    <CsvDownload
      label="meter freshness"
      fileName={csvFileName("plant", "meter-freshness", plantDateInput(days.at(-1) ?? 0, timeZone))}
      disabled={rows.length === 0}
      getCsv={() =>
        buildCsv(
          [
            { header: "machine", value: (r: Row) => r.name },
            { header: "status", value: (r: Row) => r.status },
            { header: `latest reading ends (${timeZone})`, value: (r: Row) => (r.lastEndMs === null ? null : toPlantIso(r.lastEndMs, timeZone)) },
            { header: "age (h)", value: (r: Row) => (r.ageMs === null ? null : r.ageMs / 3_600_000) },
            ...days.map((d, i) => ({ header: `coverage ${plantDateInput(d, timeZone)} (fraction)`, value: (r: Row) => r.coverage[i] })),
          ],
          rows,
        )
      }
    />
  );
}

"use client";

import { Card } from "@/components/ui/card";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName, type CsvColumn } from "@/lib/csv/build";
import { roundAs, type BucketRow } from "@/lib/dashboard/report";
import type { KpiSummaryJson } from "@/lib/api-client/kpi";
import { formatPlantDateTime, toPlantIso } from "@/lib/time/plant-time";

/** A column shown in a report table and written to its CSV, rounded the same way. */
interface Col<T> {
  header: string;
  digits?: number;
  /** fraction shown as percent */
  percent?: boolean;
  value: (r: T) => string | number | null;
  align?: "right";
}

function cell<T>(c: Col<T>, r: T): string | number | null {
  const v = c.value(r);
  if (typeof v !== "number") return v;
  return roundAs(c.percent ? 100 * v : v, c.digits ?? 3);
}

const show = (v: string | number | null, digits = 3) => (v === null ? "—" : typeof v === "number" ? v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : v);

function ReportTable<T>({ title, testId, cols, rows, fileName, note }: { title: string; testId: string; cols: Col<T>[]; rows: T[]; fileName: string; note: string }) {
  const csvCols: CsvColumn<T>[] = cols.map((c) => ({ header: c.header, value: (r: T) => cell(c, r) }));
  return (
    <Card title={title} testId={testId} className="break-inside-avoid-page" actions={<CsvDownload label={title} fileName={fileName} disabled={rows.length === 0} getCsv={() => buildCsv(csvCols, rows)} />}>
      <div className="max-h-[32rem] overflow-auto print:max-h-none print:overflow-visible">
        <table className="w-full text-left text-xs print:text-[10px]">
          <thead className="sticky top-0 bg-white">
            <tr className="text-slate-600">
              {cols.map((c) => (
                <th key={c.header} scope="col" className={`px-1 py-1 font-medium ${c.align === "right" ? "text-right" : ""}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-100" data-testid={`${testId}-row`}>
                {cols.map((c, j) =>
                  j === 0 ? (
                    <th key={c.header} scope="row" className="px-1 py-0.5 font-normal whitespace-nowrap print:whitespace-normal">
                      {show(cell(c, r), c.digits)}
                    </th>
                  ) : (
                    <td key={c.header} className={`px-1 py-0.5 tabular-nums ${c.align === "right" ? "text-right" : ""}`}>
                      {show(cell(c, r), c.digits)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-500">{note}</p>
    </Card>
  );
}

export type SummaryRow = { label: string; area: string | null; s: KpiSummaryJson };

export function KpiByMachineTable({ rows, currency, timeZone, fileParts }: { rows: SummaryRow[]; currency: string | null; timeZone: string; fileParts: string[] }) {
  const cols: Col<SummaryRow>[] = [
    { header: "machine", value: (r) => r.label },
    { header: "area", value: (r) => r.area },
    { header: "energy (kWh)", digits: 0, align: "right", value: (r) => r.s.total_energy_kwh },
    { header: "production (units)", digits: 0, align: "right", value: (r) => r.s.total_production_count },
    { header: "SEC (kWh per unit)", digits: 3, align: "right", value: (r) => r.s.sec_kwh_per_unit },
    { header: "peak demand (kW)", digits: 1, align: "right", value: (r) => r.s.peak_demand_kw },
    { header: "load factor (%)", digits: 1, percent: true, align: "right", value: (r) => r.s.load_factor },
    { header: `cost (${currency ?? "no tariff"})`, digits: 2, align: "right", value: (r) => r.s.cost },
    { header: "CO2 (kg)", digits: 0, align: "right", value: (r) => r.s.co2_kg },
    { header: "EnPI (actual/expected)", digits: 3, align: "right", value: (r) => (r.s.enpi_form === "regression" ? r.s.enpi : null) },
    { header: "ratio EnPI (kWh per unit)", digits: 3, align: "right", value: (r) => r.s.ratio_enpi_kwh_per_unit },
    { header: "coverage (%)", digits: 1, percent: true, align: "right", value: (r) => r.s.coverage },
  ];
  return <ReportTable title="KPIs by machine" testId="kpi-table" cols={cols} rows={rows} fileName={csvFileName(...fileParts, "kpis-by-machine")} note={`Whole period, times in ${timeZone}. CSV: the rows shown, rounded as displayed (a report); the API's format=csv gives full precision.`} />;
}

export function BucketTable({ rows, granularity, currency, timeZone, fileParts }: { rows: BucketRow[]; granularity: string; currency: string | null; timeZone: string; fileParts: string[] }) {
  const cols: Col<BucketRow>[] = [
    { header: `bucket start (${timeZone})`, value: (r) => toPlantIso(Date.parse(r.time), timeZone) },
    { header: "machine", value: (r) => r.unit },
    { header: "energy (kWh)", digits: 1, align: "right", value: (r) => r.energy_kwh },
    { header: "production (units)", digits: 0, align: "right", value: (r) => r.production_count },
    { header: "SEC (kWh per unit)", digits: 3, align: "right", value: (r) => r.sec_kwh_per_unit },
    { header: `cost (${currency ?? "no tariff"})`, digits: 2, align: "right", value: (r) => r.cost },
    { header: "CO2 (kg)", digits: 1, align: "right", value: (r) => r.co2_kg },
    { header: "coverage (%)", digits: 1, percent: true, align: "right", value: (r) => r.coverage },
  ];
  return (
    <ReportTable
      title={`KPIs per ${granularity} bucket`}
      testId="bucket-table"
      cols={cols}
      rows={rows}
      fileName={csvFileName(...fileParts, granularity, "kpis-per-bucket")}
      note={`Buckets of the plant's local calendar (${timeZone}), each whole. CSV: the rows shown, rounded as displayed.`}
    />
  );
}

export const printTime = (ms: number, timeZone: string) => `${formatPlantDateTime(ms, timeZone)} (${timeZone})`;

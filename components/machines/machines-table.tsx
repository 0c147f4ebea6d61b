"use client";

import Link from "next/link";
import { createColumnHelper, createSortedRowModel, rowSortingFeature, sortFn_alphanumeric, tableFeatures, useTable } from "@tanstack/react-table";
import { CsvDownload } from "@/components/ui/csv-download";
import { buildCsv, csvFileName } from "@/lib/csv/build";
import type { MachineListRow } from "@/lib/plant";
import type { Period } from "@/lib/dashboard/period";
import { formatPlantRange, plantDateInput } from "@/lib/time/plant-time";

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel(), sortFns: { alphanumeric: sortFn_alphanumeric } });
const helper = createColumnHelper<typeof features, MachineListRow>();
const kwh = (v: number | null) => (v === null ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: 0 }));
const columns = helper.columns([
  helper.accessor("name", { header: "Machine", sortFn: "alphanumeric", cell: (c) => <Link className="font-medium text-sky-800 underline" href={`/machines/${c.row.original.id}`}>{c.getValue()}</Link> }),
  helper.accessor("type", { header: "Type", sortFn: "alphanumeric", cell: (c) => c.getValue().replaceAll("_", " ") }),
  helper.accessor((r) => r.area ?? "", { id: "area", header: "Area", sortFn: "alphanumeric", cell: (c) => c.getValue() || "—" }),
  helper.accessor((r) => r.rated_power_kw ?? -1, { id: "rated_power_kw", header: "Rated power (kW)", cell: (c) => (c.row.original.rated_power_kw === null ? "—" : c.row.original.rated_power_kw.toLocaleString("en-GB")) }),
  helper.accessor((r) => r.energy_7d_kwh ?? -1, { id: "energy_7d_kwh", header: "Last 7 days (kWh)", cell: (c) => kwh(c.row.original.energy_7d_kwh) }),
]);
const numeric = new Set(["rated_power_kw", "energy_7d_kwh"]);

const csvColumns = [
  { header: "machine", value: (r: MachineListRow) => r.name },
  { header: "machine_id", value: (r: MachineListRow) => r.id },
  { header: "type", value: (r: MachineListRow) => r.type },
  { header: "area", value: (r: MachineListRow) => r.area },
  { header: "rated_power (kW)", value: (r: MachineListRow) => r.rated_power_kw },
  { header: "energy_last_7_days (kWh)", value: (r: MachineListRow) => r.energy_7d_kwh },
];

/** The plant's machines, sortable by every column, each linking to its explorer. */
export function MachinesTable({ rows, period, timeZone }: { rows: MachineListRow[]; period: Period; timeZone: string }) {
  const range = formatPlantRange(period.from, period.to, timeZone);
  const table = useTable({ features, columns, data: rows, initialState: { sorting: [{ id: "name", desc: false }] } });
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" data-testid="machine-list-period">
          Energy of the last 7 complete plant days: {range} ({timeZone})
        </p>
        <CsvDownload label="machine list" fileName={csvFileName("machines", `last-7-days-from-${plantDateInput(period.from, timeZone)}`)} getCsv={() => buildCsv(csvColumns, table.getRowModel().rows.map((r) => r.original))} />
      </div>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="machines-table">
          <caption className="sr-only">Machines with their energy over the last 7 complete plant days, {range}; column headers sort</caption>
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"} className={`px-2 py-2 ${numeric.has(header.column.id) ? "text-right" : ""}`}>
                      <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-sky-700" onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-100 last:border-0" data-testid="machine-row">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`px-2 py-2 ${numeric.has(cell.column.id) ? "text-right tabular-nums" : ""}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

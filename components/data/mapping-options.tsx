"use client";

import { MachineSelect } from "@/components/ui/machine-select";
import type { PreviewResponse } from "@/lib/api-client/import";
import type { Kind } from "./roles";

export interface Options {
  machineId: string;
  dateFormat: string;
  tz: string;
  position: "" | "start" | "end";
  delimiter: string;
  decimal: string;
  periodEnd: "exclusive" | "inclusive";
}

const field = "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5";

/** The mapping's settings beside the columns: machine, date format, zone, stamping, dialect. */
export function MappingOptions({
  kind,
  options,
  onOptions,
  machines,
  hasMachineColumn,
  timeColumn,
}: {
  kind: Kind;
  options: Options;
  onOptions: (o: Options) => void;
  machines: { id: string; name: string }[];
  hasMachineColumn: boolean;
  timeColumn: PreviewResponse["columns"][number] | undefined;
}) {
  const set = (patch: Partial<Options>) => onOptions({ ...options, ...patch });
  const ambiguous = timeColumn?.date && timeColumn.date.format === null && timeColumn.date.candidates.length > 1;
  return (
    <div className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
      <div>
        <label className="block">
          <span className="font-medium">Machine</span>
          <MachineSelect machines={machines} placeholder={hasMachineColumn ? "From the machine column" : "— choose the file's machine —"} value={hasMachineColumn ? "" : options.machineId} disabled={hasMachineColumn} onChange={(id) => set({ machineId: id })} className={field} aria-describedby={!hasMachineColumn && !options.machineId ? "machine-missing" : undefined} aria-invalid={!hasMachineColumn && !options.machineId ? true : undefined} />
        </label>
        {!hasMachineColumn && !options.machineId ? (
          <span id="machine-missing" role="status" className="mt-1 block text-xs text-amber-800">
            The file has no machine column: choose the machine its readings belong to before checking or importing.
          </span>
        ) : null}
      </div>
      <label className="block">
        <span className="font-medium">Dates are written</span>
        <select value={options.dateFormat} onChange={(e) => set({ dateFormat: e.target.value })} className={field} aria-describedby={ambiguous ? "date-ambiguous" : undefined}>
          <option value="" disabled>
            — choose —
          </option>
          <option value="iso">ISO (2018-12-31 23:45)</option>
          <option value="day_first">Day first (31/12/2018 23:45)</option>
          <option value="month_first">Month first (12/31/2018 11:45 PM)</option>
        </select>
        {ambiguous ? (
          <span id="date-ambiguous" className="mt-1 block text-amber-800">
            The first rows fit both day-first and month-first: say which.
          </span>
        ) : null}
      </label>
      <label className="block">
        <span className="font-medium">Time zone of local times</span>
        <input value={options.tz} onChange={(e) => set({ tz: e.target.value })} className={field} placeholder="Europe/Berlin" spellCheck={false} />
      </label>
      {kind === "bill" ? (
        <label className="block">
          <span className="font-medium">Period end date is</span>
          <select value={options.periodEnd} onChange={(e) => set({ periodEnd: e.target.value as Options["periodEnd"] })} className={field}>
            <option value="exclusive">the day after the period (meter-read dates)</option>
            <option value="inclusive">the last day billed</option>
          </select>
        </label>
      ) : (
        <label className="block">
          <span className="font-medium">A timestamp marks its interval&apos;s</span>
          <select value={options.position} onChange={(e) => set({ position: e.target.value as Options["position"] })} className={field}>
            <option value="">as the machine is set</option>
            <option value="start">start</option>
            <option value="end">end (utility exports, many loggers)</option>
          </select>
        </label>
      )}
      <label className="block">
        <span className="font-medium">Between fields</span>
        <select value={options.delimiter} onChange={(e) => set({ delimiter: e.target.value })} className={field}>
          <option value="">detect from the header</option>
          <option value=",">comma ,</option>
          <option value=";">semicolon ;</option>
          <option value="tab">tab</option>
        </select>
      </label>
      <label className="block">
        <span className="font-medium">Decimal mark</span>
        <select value={options.decimal} onChange={(e) => set({ decimal: e.target.value })} className={field}>
          <option value="">detect (comma in semicolon files)</option>
          <option value=".">point 1234.5</option>
          <option value=",">comma 1234,5</option>
        </select>
      </label>
    </div>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/auth/principal-context";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/error-box";
import { MachineSelect } from "@/components/ui/machine-select";
import { detectAnomalies } from "@/lib/api-client/anomaly";
import type { Period } from "@/lib/dashboard/period";
import { addPlantDays, fromDateInput, plantDateInput, toPlantIso } from "@/lib/time/plant-time";

const field = "rounded border border-slate-300 px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-700";

/**
 * "Detect now": POST /api/v1/anomaly/detect over plant dates (the page's period by default) for
 * one machine or every active one, with a pending state and the counts it answers.
 */
export function DetectPanel({ period, machines, timeZone, machineId }: { period: Period; machines: { id: string; name: string }[]; timeZone: string; machineId: string | null }) {
  const client = useQueryClient();
  const [from, setFrom] = useState(() => plantDateInput(period.from, timeZone));
  const [to, setTo] = useState(() => plantDateInput(period.to - 1, timeZone));
  const [machine, setMachine] = useState(machineId ?? "");
  const canDetect = useCan("operate");
  const run = useMutation({
    mutationFn: () => {
      const f = fromDateInput(from, timeZone);
      const t = fromDateInput(to, timeZone);
      if (f === null || t === null) throw new Error("Choose both dates");
      return detectAnomalies({ ...(machine ? { machine_id: machine } : {}), start_date: toPlantIso(f, timeZone), end_date: toPlantIso(addPlantDays(t, 1, timeZone), timeZone) });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ["anomaly"] }),
  });
  const r = run.data;
  const skipped = r?.machines.filter((m) => m.skipped) ?? [];
  return (
    <Card title="Detect now" testId="detect-panel">
      <form
        className="flex flex-wrap items-end gap-x-4 gap-y-2 text-sm"
        aria-label="Run anomaly detection"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">From (plant date)</span>
          <input type="date" name="detect_from" className={field} value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">To (plant date, inclusive)</span>
          <input type="date" name="detect_to" className={field} value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <label className="flex min-w-0 flex-col">
          <span className="text-xs text-slate-500">Machine</span>
          <MachineSelect machines={machines} placeholder="every active machine" name="detect_machine" aria-label="Machine to run detection on" className={`${field} max-w-[14rem]`} value={machine} onChange={setMachine} />
        </label>
        <button type="submit" disabled={run.isPending || !canDetect} className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60">
          {run.isPending ? "Detecting…" : "Detect now"}
        </button>
      </form>
      <div aria-live="polite" className="mt-2 text-sm" data-testid="detect-result">
        {run.isPending ? (
          <p role="status" className="flex items-center gap-2 text-slate-700">
            <span aria-hidden="true" className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-sky-700 border-t-transparent" />
            Running the detectors over the period (each machine reads 28 reference days first; a month of the whole plant takes a few seconds)…
          </p>
        ) : null}
        {r ? (
          <p data-testid="detect-counts" data-created={r.created} data-updated={r.updated} data-events={r.events.length}>
            Done: {r.created} new event{r.created === 1 ? "" : "s"}, {r.updated} extended, {r.events.length} in the period over {r.machines.length - skipped.length} machine{r.machines.length - skipped.length === 1 ? "" : "s"}.
            {skipped.length ? ` Skipped: ${skipped.map((m) => `${m.machine_name} (${m.skipped})`).join("; ")}.` : ""}
          </p>
        ) : null}
        {run.isError ? <ErrorBox error={run.error} action="Detection did not run" /> : null}
      </div>
    </Card>
  );
}

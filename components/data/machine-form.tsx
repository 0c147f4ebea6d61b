"use client";

import { useMutation } from "@tanstack/react-query";
import { useCan } from "@/components/auth/principal-context";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ErrorBox } from "@/components/ui/error-box";
import { ApiError } from "@/lib/api-client/fetch-json";
import { saveMachine, type MachineSettings } from "@/lib/api-client/import";
import { fieldErrorsOf } from "@/lib/dashboard/field-errors";
import { sampleIntervals } from "@/lib/ingest/intervals";

const field = "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5";

/** The API's names of the form's fields, for its 400's field errors. */
const FIELDS = ["name", "type", "area", "rated_power_kw", "sample_interval", "timestamp_position", "register_max_kwh", "max_plausible_power_kw", "is_active", "counts_output"] as const;

const numberOrNull = (s: string) => (s.trim() === "" ? null : Number(s.replace(",", ".")));

/** Adds a machine (`types`: the machine types the API accepts) (POST /api/v1/machines) or edits one and its meter settings (PATCH /api/v1/machines/{id}). */
export function MachineForm({ machine, types, onDone }: { machine?: MachineSettings; types: readonly string[]; onDone: () => void }) {
  const router = useRouter();
  const id = useId();
  const [v, setV] = useState({
    name: machine?.name ?? "",
    type: machine?.type ?? "other",
    area: machine?.area ?? "",
    rated: machine?.rated_power_kw?.toString() ?? "",
    interval: machine?.sample_interval ?? "",
    position: machine?.timestamp_position ?? "start",
    registerMax: machine?.register_max_kwh?.toString() ?? "",
    ceiling: machine?.max_plausible_power_kw?.toString() ?? "",
    active: machine?.is_active ?? true,
    output: machine?.counts_output ?? true,
  });
  // The panel offers this form to roles with `operate` only; the button follows the same rule.
  const canSave = useCan("operate");
  const save = useMutation({
    mutationFn: () =>
      saveMachine(
        {
          name: v.name,
          type: v.type,
          area: v.area.trim() || null,
          rated_power_kw: numberOrNull(v.rated),
          sample_interval: v.interval || null,
          timestamp_position: v.position,
          register_max_kwh: numberOrNull(v.registerMax),
          max_plausible_power_kw: numberOrNull(v.ceiling),
          is_active: v.active,
          counts_output: v.output,
        },
        machine?.id,
      ),
    onSuccess: () => {
      router.refresh();
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  // A 400's messages at their fields (aria-invalid, described by the message); the rest above the buttons.
  const problems = save.error instanceof ApiError ? fieldErrorsOf(save.error.body, FIELDS) : { byField: {} as Record<string, string>, rest: [] };
  const marked = Object.keys(problems.byField).length > 0;
  const invalid = (f: (typeof FIELDS)[number], describedBy?: string) =>
    problems.byField[f] ? { "aria-invalid": true, "aria-describedby": [describedBy, `${id}-${f}-error`].filter(Boolean).join(" ") } : describedBy ? { "aria-describedby": describedBy } : {};
  const message = (f: (typeof FIELDS)[number]) =>
    problems.byField[f] ? (
      <span id={`${id}-${f}-error`} className="mt-0.5 block text-xs text-red-700" data-testid="field-error">
        {problems.byField[f]}
      </span>
    ) : null;
  return (
    <form onSubmit={submit} className="space-y-3 rounded border border-slate-200 bg-slate-50 p-3" aria-label={machine ? `Edit ${machine.name}` : "Add a machine"}>
      <div className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <label className="block">
          <span className="font-medium">Name</span>
          <input required value={v.name} onChange={(e) => set({ name: e.target.value })} className={field} {...invalid("name")} />
          {message("name")}
        </label>
        <label className="block">
          <span className="font-medium">Type</span>
          <select value={v.type} onChange={(e) => set({ type: e.target.value })} className={field} {...invalid("type")}>
            {types.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll("_", " ")}
              </option>
            ))}
          </select>
          {message("type")}
        </label>
        <label className="block">
          <span className="font-medium">Area</span>
          <input value={v.area} onChange={(e) => set({ area: e.target.value })} className={field} {...invalid("area")} />
          {message("area")}
        </label>
        <label className="block">
          <span className="font-medium">Rated power (kW)</span>
          <input inputMode="decimal" value={v.rated} onChange={(e) => set({ rated: e.target.value })} className={field} {...invalid("rated_power_kw")} />
          {message("rated_power_kw")}
        </label>
        <label className="block">
          <span className="font-medium">Meter interval</span>
          <select value={v.interval} onChange={(e) => set({ interval: e.target.value })} className={field} {...invalid("sample_interval", `${id}-interval`)}>
            <option value="">inferred from the readings</option>
            {sampleIntervals.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
          <span id={`${id}-interval`} className="sr-only">
            How often the meter reads; inferred from the spacing of the readings when left out
          </span>
          {message("sample_interval")}
        </label>
        <label className="block">
          <span className="font-medium">Timestamps mark the interval&apos;s</span>
          <select value={v.position} onChange={(e) => set({ position: e.target.value as "start" | "end" })} className={field}>
            <option value="start">start</option>
            <option value="end">end</option>
          </select>
        </label>
        <label className="block">
          <span className="font-medium">Register rolls over at (kWh)</span>
          <input inputMode="decimal" value={v.registerMax} onChange={(e) => set({ registerMax: e.target.value })} className={field} placeholder="no rollover" {...invalid("register_max_kwh")} />
          {message("register_max_kwh")}
        </label>
        <label className="block">
          <span className="font-medium">Highest plausible power (kW)</span>
          <input inputMode="decimal" value={v.ceiling} onChange={(e) => set({ ceiling: e.target.value })} className={field} placeholder="3 × rated power" {...invalid("max_plausible_power_kw")} />
          {message("max_plausible_power_kw")}
        </label>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={v.active} onChange={(e) => set({ active: e.target.checked })} /> Active
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={v.output} onChange={(e) => set({ output: e.target.checked })} aria-describedby={`${id}-output`} />
        <span>
          Its production count is plant output
          <span id={`${id}-output`} className="block text-xs text-slate-600">
            Untick for a count copied from the machines that make the units (a compressor given the plant&apos;s output as its driver): the area and plant SEC then count those units once.
          </span>
        </span>
      </label>
      {save.error && marked ? (
        <div role="alert" className="text-sm text-red-800">
          <p className="font-medium">The machine was not saved: see the marked fields.</p>
          {problems.rest.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : save.error ? (
        <ErrorBox error={save.error} action="The machine was not saved" />
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={save.isPending || !canSave} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-50">
          {save.isPending ? "Saving…" : machine ? "Save changes" : "Add machine"}
        </button>
        <button type="button" onClick={onDone} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700">
          Cancel
        </button>
      </div>
    </form>
  );
}

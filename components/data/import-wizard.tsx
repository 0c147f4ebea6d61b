"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ErrorBox } from "@/components/ui/error-box";
import { checkSentence, resultSentence } from "@/lib/dashboard/import-check";
import { useCan } from "@/components/auth/principal-context";
import { deleteProfile, headOf, previewImport, saveProfile, uploadCsv, UploadError, type ImportResult, type MappingBody, type PreviewResponse, type Profile } from "@/lib/api-client/import";
import { FileDrop } from "./file-drop";
import { MappingOptions, type Options } from "./mapping-options";
import { MappingTable } from "./mapping-table";
import { RejectedList } from "./rejected-list";
import { guessRoles, kinds, requiredOf, roleLabels, type Kind } from "./roles";
import { StoredRows } from "./stored-rows";

interface MachineOption {
  id: string;
  name: string;
}

/**
 * Import a CSV: choose the kind and the file; map its columns (guessed, then corrected); check the
 * mapping on the file's first rows (POST /api/v1/import/preview, nothing written); save it as an
 * import profile and upload the whole file through it with a progress bar, listing rejected lines.
 */
export function ImportWizard({ machines, profiles, timeZone }: { machines: MachineOption[]; profiles: Profile[]; timeZone: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>("energy");
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState("");
  const [info, setInfo] = useState<PreviewResponse | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  // A file without a machine column goes to the machine the user names: none is guessed, unless the plant has only one.
  const [options, setOptions] = useState<Options>({ machineId: machines.length === 1 ? machines[0]!.id : "", dateFormat: "iso", tz: timeZone, position: "", delimiter: "", decimal: "", periodEnd: "exclusive" });
  const [profileId, setProfileId] = useState("");
  const [profileName, setProfileName] = useState("");
  const [skip, setSkip] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const machineNames = useMemo(() => new Map(machines.map((m) => [m.id, m.name])), [machines]);
  // Reading a file's first rows needs `ingest`, saving its mapping `operate` (lib/auth/policy.ts):
  // a viewer gets neither, so no control that the server would refuse is offered.
  const canIngest = useCan("ingest");
  const canSaveProfile = useCan("operate");

  const remove = useMutation({
    mutationFn: deleteProfile,
    onSuccess: () => {
      setProfileId("");
      router.refresh();
    },
  });
  const describe = useMutation({ mutationFn: (text: string) => previewImport(text) });
  const check = useMutation({ mutationFn: (m: MappingBody) => previewImport(head, m) });
  const upload = useMutation<ImportResult, Error, void>({
    mutationFn: async () => {
      const saved = await saveProfile(profileName.trim(), mapping!, profileId || undefined);
      setProfileId(saved.id);
      setProgress(0);
      return uploadCsv(file!, new URLSearchParams({ profile: saved.id, on_error: skip ? "skip" : "abort" }), setProgress);
    },
    onSuccess: () => router.refresh(),
  });

  const header = info?.columns.map((c) => c.name) ?? [];
  const hasMachineColumn = roles.includes("machine_id");
  const mapping: MappingBody | null = info
    ? {
        kind,
        columns: Object.fromEntries(roles.flatMap((r, i) => (r ? [[r, header[i]!]] : []))),
        ...(hasMachineColumn ? {} : { machine_id: options.machineId || null }),
        date_format: options.dateFormat,
        tz: options.tz.trim() || undefined,
        ...(options.position ? { timestamp_position: options.position } : {}),
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        ...(options.decimal ? { decimal: options.decimal } : {}),
        ...(kind === "bill" ? { period_end: options.periodEnd } : {}),
      }
    : null;
  const mappingKey = JSON.stringify(mapping);
  const checked = check.data && check.variables && JSON.stringify(check.variables) === mappingKey ? check.data : null;
  const missing = requiredOf(kind).filter((r) => !roles.includes(r));
  const needsMachine = !hasMachineColumn && !options.machineId;

  const apply = (p: Profile, columns: PreviewResponse["columns"]) => {
    setKind(p.kind as Kind);
    setRoles(columns.map((c) => Object.entries(p.columns).find(([, source]) => source.trim().toLowerCase() === c.name.trim().toLowerCase())?.[0] ?? ""));
    setOptions((o) => ({ ...o, machineId: p.machine_id ?? "", dateFormat: p.date_format, tz: p.tz ?? timeZone, position: p.timestamp_position ?? "", delimiter: p.delimiter ?? "", decimal: p.decimal ?? "", periodEnd: p.period_end ?? "exclusive" }));
    setProfileName(p.name);
  };

  const onFile = async (f: File) => {
    setFile(f);
    upload.reset();
    check.reset();
    setProgress(null);
    const text = await headOf(f);
    setHead(text);
    const described = await describe.mutateAsync(text).catch(() => null);
    if (!described) return setInfo(null);
    setInfo(described);
    const profile = profiles.find((p) => p.id === profileId);
    if (profile) return apply(profile, described.columns);
    setRoles(guessRoles(kind, described.columns.map((c) => c.name), described.columns.map((c) => c.date !== null)));
    const timeColumn = described.columns.find((c) => c.date !== null);
    setOptions((o) => ({ ...o, dateFormat: timeColumn?.date?.format ?? (timeColumn?.date?.candidates.length ? "" : "iso") }));
    if (!profileName) setProfileName(`${f.name.replace(/\.[^.]+$/, "")} (${kind})`);
  };

  const uploadError = upload.error;
  if (!canIngest || !canSaveProfile) {
    return (
      <p className="text-sm text-slate-600" data-testid="import-not-allowed">
        Importing needs the engineer or admin role; ask an administrator.
      </p>
    );
  }
  return (
    <div className="space-y-5">
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm">
          <span className="font-medium">What the file holds</span>
          <select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              if (info) setRoles(guessRoles(k, header, info.columns.map((c) => c.date !== null)));
            }}
            className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5"
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <div className="text-sm">
          <label className="block">
            <span className="font-medium">Saved import profile</span>
            <select
              value={profileId}
              onChange={(e) => {
                setProfileId(e.target.value);
                const p = profiles.find((x) => x.id === e.target.value);
                if (p && info) apply(p, info.columns);
                else if (p) setKind(p.kind as Kind);
              }}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5"
            >
              <option value="">{profiles.length === 0 ? "None saved yet: map the file below" : "— a new mapping —"}</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.kind}
                  {p.machine_id ? `, ${machineNames.get(p.machine_id) ?? "machine"}` : ""})
                </option>
              ))}
            </select>
          </label>
          {profileId ? (
            <button
              type="button"
              onClick={() => {
                const p = profiles.find((x) => x.id === profileId);
                if (p && window.confirm(`Delete the import profile "${p.name}"? Files already imported stay.`)) remove.mutate(profileId);
              }}
              className="mt-1 text-xs text-red-800 underline hover:no-underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
            >
              Delete this profile
            </button>
          ) : null}
          {remove.error ? <ErrorBox error={remove.error} action="The profile was not deleted" /> : null}
        </div>
      </div>

      <FileDrop file={file} onFile={(f) => void onFile(f)} />
      {describe.isPending ? <p role="status" className="text-sm text-slate-600">Reading the file&apos;s first rows…</p> : null}
      {describe.error ? <ErrorBox error={describe.error} action="The file could not be read" /> : null}

      {info && mapping ? (
        <section aria-labelledby="mapping-heading" className="space-y-3">
          <h3 id="mapping-heading" className="font-medium">
            Map the columns <span className="text-sm font-normal text-slate-600">(read with {info.dialect.delimiter === "\t" ? "tabs" : `"${info.dialect.delimiter}"`} between fields, decimal &quot;{info.dialect.decimal}&quot;)</span>
          </h3>
          <MappingTable kind={kind} info={info} roles={roles} onRoles={setRoles} />
          {missing.length > 0 ? (
            <p className="text-sm text-amber-800" role="status">
              Still to choose: {missing.map((m) => roleLabels[m] ?? m).join(", ")}.
            </p>
          ) : null}
          <MappingOptions kind={kind} options={options} onOptions={setOptions} machines={machines} hasMachineColumn={hasMachineColumn} timeColumn={info.columns[roles.indexOf("time")]} />
          <button
            type="button"
            onClick={() => check.mutate(mapping)}
            disabled={check.isPending || needsMachine}
            aria-describedby={needsMachine ? "machine-missing" : undefined}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-50"
          >
            {check.isPending ? "Checking…" : "Check the first rows"}
          </button>
          {check.error && JSON.stringify(check.variables) === mappingKey ? <ErrorBox error={check.error} action="The mapping does not fit the file" /> : null}
          {checked?.result ? (
            <div className="space-y-2" data-testid="check-result">
              <p className="text-sm" role="status" data-testid="check-sentence">
                {checkSentence(checked.result)}
              </p>
              {checked.readings ? (
                <>
                  <h4 className="text-sm font-medium">Register readings</h4>
                  <StoredRows stored={checked.readings} timeZone={timeZone} machineNames={machineNames} testId="stored-readings" />
                  <h4 className="text-sm font-medium">Consumption derived from them (kWh per interval)</h4>
                </>
              ) : null}
              {checked.stored ? <StoredRows stored={checked.stored} timeZone={timeZone} machineNames={machineNames} /> : null}
              <RejectedList rows={checked.result.rejected} total={checked.result.rejected_count} />
            </div>
          ) : null}
        </section>
      ) : null}

      {checked?.result && file ? (
        <section aria-labelledby="upload-heading" className="space-y-3 border-t border-slate-200 pt-4">
          <h3 id="upload-heading" className="font-medium">
            Save the mapping and import the whole file
          </h3>
          <div className="flex flex-wrap items-end gap-3">
            <label className="block text-sm">
              <span>Profile name</span>
              <input value={profileName} onChange={(e) => setProfileName(e.target.value)} className="mt-1 block w-64 max-w-full rounded border border-slate-300 px-2 py-1.5" required />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
              Import the good lines when some are rejected (otherwise nothing is written)
            </label>
            <button
              type="button"
              onClick={() => upload.mutate()}
              disabled={upload.isPending || profileName.trim() === "" || needsMachine}
              aria-describedby={needsMachine ? "machine-missing" : undefined}
              className="rounded bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700 disabled:opacity-50"
            >
              {upload.isPending ? "Importing…" : profileId ? "Update profile and import" : "Save profile and import"}
            </button>
          </div>
          {progress !== null && upload.isPending ? (
            <div>
              <label htmlFor="upload-progress" className="text-sm">
                {progress < 1 ? `Uploading ${file.name}: ${Math.round(progress * 100)} %` : "Uploaded; the server is storing the rows…"}
              </label>
              <progress id="upload-progress" max={1} value={progress < 1 ? progress : undefined} className="mt-1 block h-2 w-full" />
            </div>
          ) : null}
          {upload.data ? (
            <div role="status" data-testid="upload-result" className="rounded border border-emerald-200 bg-emerald-50 p-3 text-sm">
              <p className="font-medium text-emerald-900">
                {resultSentence(upload.data)}
              </p>
              <RejectedList rows={upload.data.rejected} total={upload.data.rejected_count} />
            </div>
          ) : null}
          {uploadError ? (
            <div>
              <ErrorBox error={uploadError} action="Nothing was imported" />
              {uploadError instanceof UploadError ? <RejectedList rows={uploadError.rejected} total={uploadError.rejected.length} /> : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

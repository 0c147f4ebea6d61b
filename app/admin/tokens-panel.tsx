"use client";

import { formText, fieldClass } from "@/components/ui/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/error-box";
import { createToken, revokeToken, tokensQuery } from "@/lib/api-client/auth";
import { scopes, type Scope } from "@/lib/auth/permissions";
import { formatPlantDateTime } from "@/lib/time/plant-time";

/** API tokens: create one (shown once), revoke, last used; times in the plant's zone, never the browser's. */
export function TokensPanel({ timeZone }: { timeZone: string }) {
  const when = (iso: string | null) => (iso ? formatPlantDateTime(Date.parse(iso), timeZone) : "never");
  const client = useQueryClient();
  const tokens = useQuery(tokensQuery());
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ["tokens"] });
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (t) => {
      setShown({ name: t.name, token: t.token });
      refresh();
    },
    onError: (e: Error) => setError(e.message),
  });
  const revoke = useMutation({ mutationFn: revokeToken, onSuccess: refresh, onError: (e: Error) => setError(e.message) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    setError(null);
    setShown(null);
    create.mutate({ name: formText(f, "name"), scopes: f.getAll("scopes").map(String) as Scope[] });
  };

  return (
    <Card title="API tokens" testId="tokens-panel">
      {error ? <ErrorBox error={error} /> : null}
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-3" aria-label="New API token">
        <label className="text-sm">
          Name <input name="name" required placeholder="meter gateway hall 2" className={`${fieldClass} block`} />
        </label>
        <fieldset className="flex gap-3 text-sm">
          <legend className="sr-only">Scopes</legend>
          {scopes.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="checkbox" name="scopes" value={s} defaultChecked={s === "ingest"} /> {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60">
          Create token
        </button>
      </form>
      {shown ? (
        <div role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid="new-token">
          <p className="font-medium">Token “{shown.name}” – copy it now; it is not shown again:</p>
          <code className="mt-1 block break-all select-all">{shown.token}</code>
        </div>
      ) : null}
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b text-slate-600">
            <th className="py-1">Name</th>
            <th>Prefix</th>
            <th>Scopes</th>
            <th>Created ({timeZone})</th>
            <th>Last used</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id} className={`border-b border-slate-100 ${t.revoked_at ? "text-slate-400" : ""}`} data-testid="token-row">
              <td className="py-1">{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.scopes.join(", ")}</td>
              <td>
                {when(t.created_at)}
                {t.created_by ? ` by ${t.created_by}` : ""}
              </td>
              <td>{when(t.last_used_at)}</td>
              <td className="text-right">
                {t.revoked_at ? (
                  `revoked ${when(t.revoked_at)}`
                ) : (
                  <button type="button" className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100" onClick={() => revoke.mutate(t.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

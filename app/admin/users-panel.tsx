"use client";

import { formText, fieldClass } from "@/components/ui/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { ErrorBox } from "@/components/ui/error-box";
import { createUser, updateUser, usersQuery } from "@/lib/api-client/auth";
import { roles, type Role } from "@/lib/auth/permissions";
import type { UpdateUserInput } from "@/lib/validation/auth";

const button = "rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700";

/** Users: create one, change a role, disable or enable. */
export function UsersPanel({ self }: { self: string | null }) {
  const client = useQueryClient();
  const users = useQuery(usersQuery());
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ["users"] });
  const create = useMutation({ mutationFn: createUser, onSuccess: refresh, onError: (e: Error) => setError(e.message) });
  const change = useMutation({ mutationFn: ({ id, c }: { id: string; c: UpdateUserInput }) => updateUser(id, c), onSuccess: refresh, onError: (e: Error) => setError(e.message) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    setError(null);
    const form = event.currentTarget;
    create.mutate(
      { login: formText(f, "login"), display_name: formText(f, "display_name") || undefined, password: formText(f, "password"), role: formText(f, "role") as Role },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <Card title="Users" testId="users-panel">
      {error ? <ErrorBox error={error} /> : null}
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-2" aria-label="New user">
        <label className="text-sm">
          Login <input name="login" required className={`${fieldClass} block`} />
        </label>
        <label className="text-sm">
          Name <input name="display_name" className={`${fieldClass} block`} />
        </label>
        <label className="text-sm">
          Password (10+ characters) <input name="password" type="password" autoComplete="new-password" required minLength={10} className={`${fieldClass} block`} />
        </label>
        <label className="text-sm">
          Role
          <select name="role" defaultValue="viewer" className={`${fieldClass} block`}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className={button}>
          Create user
        </button>
      </form>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b text-slate-600">
            <th className="py-1">Login</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id} className="border-b border-slate-100" data-testid="user-row">
              <td className="py-1">{u.login}</td>
              <td>{u.display_name}</td>
              <td>
                <select aria-label={`Role of ${u.login}`} value={u.role} className={fieldClass} onChange={(e) => change.mutate({ id: u.id, c: { role: e.target.value as Role } })}>
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? "disabled" : "active"}</td>
              <td className="text-right">
                {u.id === self ? null : (
                  <button type="button" className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100" onClick={() => change.mutate({ id: u.id, c: { disabled: !u.disabled } })}>
                    {u.disabled ? "Enable" : "Disable"}
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

"use client";

import { formText } from "@/components/ui/form";
import { useState, type FormEvent } from "react";

/** Login and password; POST /api/auth/signin, then on to `next` (a path on this site). Shows the server's message. */
export function SignInForm({ next }: { next: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch("/api/auth/signin", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: formText(form, "login"), password: formText(form, "password") }),
      });
      if (res.ok) {
        // A full load, so the layout renders again with the session.
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      setMessage(body.message ?? `Sign-in failed (${res.status})`);
    } catch {
      setMessage("The server cannot be reached; try again shortly");
    }
    setBusy(false);
  };

  const input = "mt-1 block w-full rounded border border-slate-300 px-3 py-2 text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700";
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" aria-describedby={message ? "signin-message" : undefined}>
      <label className="block text-sm font-medium text-slate-800">
        Login
        <input name="login" type="text" autoComplete="username" required autoFocus className={input} />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={input} />
      </label>
      {message ? (
        <p id="signin-message" role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="w-full rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

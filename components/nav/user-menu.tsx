"use client";

import { useState } from "react";
import type { Viewer } from "@/components/auth/principal-context";

/** The signed-in user's name and role, and the sign-out button (POST /api/auth/signout, then /signin). */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const [busy, setBusy] = useState(false);
  if (viewer.open) return null;
  const signOut = async () => {
    setBusy(true);
    await fetch("/api/auth/signout", { method: "POST" }).catch(() => undefined);
    window.location.assign("/signin");
  };
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="user-menu">
      <span className="font-medium text-slate-800" data-testid="user-name">
        {viewer.name}
      </span>
      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700" data-testid="user-role">
        {viewer.role}
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={busy}
        className="rounded border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-50"
      >
        Sign out
      </button>
    </div>
  );
}

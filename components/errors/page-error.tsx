"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";

// What a page that failed to load shows (app/error.tsx, and app/global-error.tsx when the root
// layout itself failed). When the cause is the database being out of reach (/api/health answers
// 503) it says so and checks again every few seconds, reloading the page once the database is
// back; any other error keeps its reference for the server log.

const RETRY_MS = 5_000;

export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [databaseDown, setDatabaseDown] = useState(false);

  useEffect(() => {
    let stopped = false;
    let sawDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const status = await fetch("/api/health", { cache: "no-store" }).then((r) => r.status, () => 0);
      if (stopped) return;
      if (status === 503 || (status === 0 && sawDown)) {
        sawDown = true;
        setDatabaseDown(true);
        timer = setTimeout(() => void check(), RETRY_MS);
      } else if (status === 200 && sawDown) {
        // A full reload: the root layout may be what failed, and it reads the database too.
        window.location.reload();
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });

  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-6">
      {databaseDown ? (
        <>
          <p className="font-medium text-red-800">The database cannot be reached.</p>
          <p className="mt-1 text-sm text-red-700">This page checks again every {RETRY_MS / 1000} seconds and reloads when the database is back.</p>
        </>
      ) : (
        <>
          <p className="font-medium text-red-800">Something went wrong loading this page.</p>
          <p className="mt-1 text-sm text-red-700">{error.digest ? `Reference ${error.digest}` : error.message}</p>
        </>
      )}
      <button className="mt-4 rounded bg-red-700 px-3 py-1 text-white" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";

// A page that failed to load. When the cause is the database being out of reach (/api/health
// answers 503), say so and retry by itself every few seconds, so the page comes back on its own
// when the database does; any other error keeps its reference for the server log.

const RETRY_MS = 5_000;

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [databaseDown, setDatabaseDown] = useState(false);

  useEffect(() => {
    let stopped = false;
    let sawDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const status = await fetch("/api/health", { cache: "no-store" }).then((r) => r.status, () => 0);
      if (stopped) return;
      if (status === 503) {
        sawDown = true;
        setDatabaseDown(true);
        timer = setTimeout(() => void check(), RETRY_MS);
      } else if (status === 200 && sawDown) {
        startTransition(() => {
          router.refresh();
          reset();
        });
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router, reset]);

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
          <p className="mt-1 text-sm text-red-700">This page retries by itself every {RETRY_MS / 1000} seconds and reloads when the database is back.</p>
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

"use client";

import { PageError } from "@/components/errors/page-error";
import "./globals.css";

// The root layout failed (it reads the plant's site from the database): this replaces it.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">
          <h1 className="mb-4 text-2xl font-semibold">EnMS Analytics</h1>
          <PageError error={error} reset={reset} />
        </main>
      </body>
    </html>
  );
}

"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="rounded border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">Something went wrong loading this page.</p>
      <p className="mt-1 text-sm text-red-700">{error.digest ? `Reference ${error.digest}` : error.message}</p>
      <button className="mt-4 rounded bg-red-700 px-3 py-1 text-white" onClick={reset}>
        Try again
      </button>
    </div>
  );
}

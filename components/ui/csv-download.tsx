"use client";

import { useState } from "react";

/**
 * Downloads a CSV under a file name we choose (machine names in it): the text comes from the
 * API's format=csv or is built in the browser, and is saved through a Blob, since a download
 * attribute loses to the server's Content-Disposition name.
 */
export function CsvDownload({ fileName, getCsv, label = "CSV", disabled = false }: { fileName: string; getCsv: () => string | Promise<string>; label?: string; disabled?: boolean }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const text = await getCsv();
      const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void download()}
        disabled={disabled || state.busy}
        aria-label={`Download ${label} as CSV (${fileName})`}
        className="rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-700 disabled:opacity-50"
      >
        {state.busy ? "Preparing…" : "⬇ CSV"}
      </button>
      {state.error ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </span>
  );
}

"use client";

import { useDropzone } from "react-dropzone";

/** A drop zone that is also a button (Enter or Space opens the file picker): one CSV file. */
export function FileDrop({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const { getRootProps, getInputProps, isDragActive, fileRejections } = useDropzone({
    accept: { "text/csv": [".csv"], "text/plain": [".txt", ".tsv"], "application/vnd.ms-excel": [".csv"] },
    multiple: false,
    onDropAccepted: (files) => {
      if (files[0]) onFile(files[0]);
    },
  });
  return (
    <div>
      <div
        {...getRootProps({
          role: "button",
          "aria-label": file ? `Replace ${file.name}: choose another CSV file, or drop one here` : "Choose a CSV file, or drop one here",
          className: `flex min-h-28 cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed p-4 text-center text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 ${isDragActive ? "border-sky-600 bg-sky-50" : "border-slate-300 bg-slate-50 hover:bg-slate-100"}`,
        })}
      >
        <input {...getInputProps({ "aria-label": "CSV file" })} data-testid="file-input" />
        {file ? (
          <p>
            <span className="font-medium">{file.name}</span> ({(file.size / 1024).toLocaleString("en-GB", { maximumFractionDigits: 1 })} kB) — drop or choose another file to replace it
          </p>
        ) : (
          <p>{isDragActive ? "Drop the file here" : "Drop a CSV file here, or press to choose one"}</p>
        )}
        <p className="mt-1 text-xs text-slate-500">UTF-8 text; comma, semicolon or tab between fields. Its first rows are checked before anything is written.</p>
      </div>
      {fileRejections.length > 0 ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {fileRejections[0]!.file.name}: {fileRejections[0]!.errors[0]?.message ?? "not accepted"} (a .csv, .tsv or .txt file is needed)
        </p>
      ) : null}
    </div>
  );
}

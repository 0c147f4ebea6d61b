/** A text field of a submitted form ("" when absent or a file). */
export function formText(f: FormData, name: string): string {
  const v = f.get(name);
  return typeof v === "string" ? v : "";
}

/** The admin forms' input and select look, with a visible keyboard focus. */
export const fieldClass = "rounded border border-slate-300 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-700";

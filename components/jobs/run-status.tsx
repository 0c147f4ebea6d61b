import type { Job } from "@/lib/api-client/jobs";

const styles: Record<Job["status"], string> = {
  running: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  never_run: "bg-slate-100 text-slate-700",
};
const labels: Record<Job["status"], string> = { running: "Running", succeeded: "Succeeded", failed: "Failed", never_run: "Never run" };

/** A run's status as a labelled badge (text, not colour alone). */
export function RunStatus({ status }: { status: Job["status"] }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${styles[status]}`}>{labels[status]}</span>;
}

/** "1.2 s", "340 ms", "3 min 5 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

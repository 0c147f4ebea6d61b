import type { Database } from "@/lib/db/types";
import { setStatus } from "@/lib/db/queries/anomaly";
import type { Status } from "./types";

// The event workflow: open → acknowledged → resolved | false_positive. An open event may also be
// closed at once (resolved or false_positive) — a manager who sees at a glance that a flag is a
// known test run should not have to acknowledge it first — and a closed event may be reopened
// (a fault that returns, a closing by mistake); its history keeps every step with note, who, when.

export const transitions: Record<Status, readonly Status[]> = {
  open: ["acknowledged", "resolved", "false_positive"],
  acknowledged: ["resolved", "false_positive"],
  resolved: ["open"],
  false_positive: ["open"],
};

/** Statuses reachable from `from` (none for an unknown status). */
export function allowedFrom(from: string): readonly Status[] {
  return transitions[from as Status] ?? [];
}

/** Moves an event to `to` and records it. Throws AppError 404 (unknown event) or 409 (not allowed; `allowed` lists what is). */
export async function transitionEvent(db: Database, id: string, to: Status, note: string | null, who: string): Promise<void> {
  await setStatus(db, id, to, note, who, allowedFrom);
}

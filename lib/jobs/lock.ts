import { logger } from "@/lib/log/logger";
import type { Database } from "@/lib/db/types";

// One run of a job at a time across every app instance on the database.
//
// PostgreSQL: a transaction-level advisory lock taken with pg_try_advisory_xact_lock on a
// transaction held open for the whole run (postgres.js keeps one pooled connection for it), so
// the lock is freed when the run ends, and also when its process dies and the server drops the
// connection: a `running` row whose lock is free belongs to a dead instance.
// PGlite is one process by construction (a data directory opened twice is corrupted), and a
// transaction there would hold the only connection, so an in-process set of held names stands
// in for the lock. Both give the same answer to the same question: "may I run this job now?".

/** Advisory lock class of jobs (the key's second half is hashtext of the job name). */
const JOB_LOCK_CLASS = 7_420_100;

export interface JobLease {
  /** Frees the job for the next run (idempotent). */
  release(): Promise<void>;
}

declare global {
  // Shared by the instrumentation hook and route handlers, which Next.js loads as separate module graphs.
  var __enmsJobLocks: WeakMap<Database, Set<string>> | undefined;
}

function localHeld(db: Database): Set<string> {
  globalThis.__enmsJobLocks ??= new WeakMap();
  let held = globalThis.__enmsJobLocks.get(db);
  if (!held) globalThis.__enmsJobLocks.set(db, (held = new Set()));
  return held;
}

/** Takes the job's lock if it is free; null when another run (here or in another instance) holds it. */
export async function tryLockJob(db: Database, name: string): Promise<JobLease | null> {
  if (db.kind === "pglite") {
    const held = localHeld(db);
    if (held.has(name)) return null;
    held.add(name);
    return {
      release: () => {
        held.delete(name);
        return Promise.resolve();
      },
    };
  }
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let settle!: (ok: boolean) => void;
  const acquired = new Promise<boolean>((resolve) => (settle = resolve));
  const held = db
    .transaction(async (tx) => {
      const [row] = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok`, [JOB_LOCK_CLASS, name]);
      settle(row?.ok === true);
      if (row?.ok === true) await released;
    })
    .catch((error: unknown) => {
      settle(false);
      // A connection lost mid-run frees the lock on the server; the run itself goes on and
      // records its own outcome, so this is only worth a line in the log.
      logger().warn({ job: name, err: error }, "job lock: connection lost while held");
    });
  if (!(await acquired)) {
    await held;
    return null;
  }
  return {
    release: async () => {
      release();
      await held;
    },
  };
}

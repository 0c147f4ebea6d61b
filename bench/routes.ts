import type { Database } from "@/lib/db/types";

/** Route handlers read the process database from globalThis; the bench hands them its own. */
export function useDatabaseForRoutes(db: Database): void {
  globalThis.__enmsDb = Promise.resolve(db);
}

import type { Database } from "@/lib/db/types";

/** Route handlers read the process database from globalThis; the bench hands them its own. */
export function useDatabaseForRoutes(db: Database): void {
  globalThis.__enmsDb = Promise.resolve(db);
}

/** A JSON POST to a route handler, as a client would send it. */
export const post = (handler: (r: Request) => Promise<Response>, path: string, body: unknown) =>
  handler(new Request(`http://bench${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));

/** Waits for a response, reads its body whole, and throws on a status other than 2xx. */
export async function ok(res: Promise<Response>): Promise<void> {
  const r = await res;
  if (!r.ok) throw new Error(`${r.status}: ${await r.text()}`);
  await r.arrayBuffer();
}

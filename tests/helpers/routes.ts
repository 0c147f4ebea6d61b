import type { Database } from "@/lib/db/types";

/** Points the route handlers' getDb() at a test database (the handlers themselves are real). */
export function useDatabase(db: Database): void {
  globalThis.__enmsDb = Promise.resolve(db);
}

export function params<T extends Record<string, string>>(p: T): { params: Promise<T> } {
  return { params: Promise.resolve(p) };
}

export function jsonRequest(url: string, body: unknown, method = "POST"): Request {
  return new Request(`http://localhost${url}`, { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
}

export function csvRequest(url: string, csv: string): Request {
  return new Request(`http://localhost${url}`, { method: "POST", body: csv, headers: { "content-type": "text/csv" } });
}

export async function body(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

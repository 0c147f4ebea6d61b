import type { ZodType } from "zod";

/** An answer other than 2xx, with the server's own message (shown to the person as is) and its JSON body (`body`, undefined when not JSON). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function failure(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  let json: unknown;
  try {
    json = await res.json();
    const body = json as { message?: string; errors?: { field?: string; message?: string }[] };
    // Each field's problem once: most messages already hold them ("Invalid query parameters: start_date: …").
    const fields = (body.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).filter((f): f is string => Boolean(f) && !body.message?.includes(f!));
    if (body.message) message = fields.length ? `${body.message} (${fields.join("; ")})` : body.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(res.status, message, json);
}

/** Fetches JSON and parses it with the schema the API answers by; a 4xx/5xx throws ApiError. */
export async function fetchJson<T>(url: string, schema: ZodType<T>, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(url, json === undefined ? rest : { ...rest, method: rest.method ?? "POST", headers: { "content-type": "application/json", ...rest.headers }, body: JSON.stringify(json) });
  if (!res.ok) throw await failure(res);
  return schema.parse(await res.json());
}

/** Fetches a CSV export as text; a 4xx/5xx throws ApiError with the server's message. */
export async function fetchText(url: string, init?: RequestInit): Promise<string> {
  const res = await fetch(url, init);
  if (!res.ok) throw await failure(res);
  return res.text();
}

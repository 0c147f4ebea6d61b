import type { ZodType } from "zod";
import { AppError, fromZod } from "@/lib/errors";
import { errorResponse } from "./error-response";
import { logger } from "@/lib/log/logger";
import { requestIdOf, withRequestContext, type RequestContext } from "./context";
import { authEnabled } from "@/lib/auth/mode";
import { getDb } from "@/lib/db/client";
import { guardRequest } from "@/lib/auth/guard";
import { isHttps, sessionCookie } from "@/lib/auth/cookie";
import { recordWrite } from "./read-cache";

// Shared plumbing of route handlers: every handler body runs inside route(), the one place each
// /api request passes. It gives the request an id and a logger, turns an AppError into its status
// and message and anything unexpected into a logged, generic 500, and logs one line per request.
// It also authenticates and authorises every request against lib/auth/policy.ts before `fn`
// runs, so no route can miss the check; a request route() cannot see is refused when auth is on.

export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const request = args[0] instanceof Request ? args[0] : undefined;
    const started = performance.now();
    const requestId = request ? requestIdOf(request.headers) : requestIdOf(new Headers());
    const log = logger().child({ request_id: requestId });
    const ctx: RequestContext = { requestId, log };
    let renewed: { token: string; expiresAt: Date } | undefined;
    // Whether this request may write (a method other than GET/HEAD whose policy row asks more than
    // `read`; unknown: assume so): cached reads it touches are dropped before it answers.
    let writes = request ? !["GET", "HEAD", "OPTIONS"].includes(request.method) : true;
    const response = await withRequestContext(ctx, async () => {
      try {
        if (request) {
          const guard = await guardRequest(request, getDb);
          if (!guard.ok) {
            writes = false;
            return guard.response;
          }
          if (guard.requirement === "read" || guard.requirement === "open") writes = false;
          ctx.principal = guard.auth?.principal;
          renewed = guard.auth?.renewedSession;
        } else if (authEnabled()) {
          writes = false;
          return Response.json({ error: "forbidden", message: "No request to authorise; refused" }, { status: 403 });
        }
        return await fn(...args);
      } catch (error) {
        return errorResponse(error);
      } finally {
        // Also after a failure: part of a batch may have been committed (on_error=skip, a dropped connection).
        if (writes) recordWrite(ctx.writeScope ?? "all");
      }
    });
    let answered = withHeader(response, "x-request-id", requestId);
    // A session used in its second half was extended: the browser gets the new expiry.
    if (renewed && request) answered = withHeader(answered, "set-cookie", sessionCookie(renewed.token, renewed.expiresAt, isHttps(request)));
    if (request) {
      // The path only: query strings are the caller's business and may one day carry a token.
      const { pathname } = new URL(request.url);
      const line = { method: request.method, path: pathname, status: answered.status, duration_ms: Math.round(performance.now() - started) };
      if (answered.status >= 500) log.error(line, "request failed");
      else log.info(line, "request");
    }
    return answered;
  };
}

function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Headers of a fetched or cloned response are immutable: answer a copy.
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

type ParseObserver = (schema: ZodType, what: string) => void;
const parseObservers = new Set<ParseObserver>();

/**
 * Tests: calls `observer` with every schema object a handler validates input with (through
 * parseQuery or parseWith) until the returned function is called. The OpenAPI agreement test uses
 * it to check that the spec documents the very schemas the routes parse with.
 */
export function observeParses(observer: ParseObserver): () => void {
  parseObservers.add(observer);
  return () => parseObservers.delete(observer);
}

function observed(schema: ZodType, what: string): void {
  for (const observer of parseObservers) observer(schema, what);
}

/** The parameter names a query schema takes: its object's keys, through refinements and transforms. */
function queryKeys(schema: ZodType): Set<string> {
  let def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown>; in?: ZodType } } })._zod.def;
  while (def.type === "pipe" && def.in) def = (def.in as unknown as typeof schema & { _zod: { def: typeof def } })._zod.def;
  return new Set(Object.keys(def.shape ?? {}));
}

/**
 * The request's query parameters validated by `schema`. Throws AppError 400 naming the field for
 * a bad value, and for a parameter the schema takes given more than once: each takes one value,
 * and keeping the last (as URLSearchParams would) answered for B alone a script that asked
 * machine_id=A&machine_id=B. Parameters the schema does not know are left alone.
 */
export function parseQuery<T>(request: Request, schema: ZodType<T>): T {
  observed(schema, "query parameters");
  const search = new URL(request.url).searchParams;
  const keys = queryKeys(schema);
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    if (values.length > 1 && keys.has(key)) {
      const listed = values.slice(0, 5).map((v) => (v.length > 60 ? `${v.slice(0, 60)}…` : v)).join(", ");
      const message = `${key} is given ${values.length} times (${listed}); it takes one value`;
      throw new AppError("bad_request", `Invalid query parameters: ${message}`, { errors: [{ field: key, message: `is given ${values.length} times; it takes one value` }] });
    }
  }
  const params = Object.fromEntries(search.entries());
  const result = schema.safeParse(params);
  if (!result.success) throw fromZod(result.error, "query parameters");
  return result.data;
}

export function parseWith<T>(value: unknown, schema: ZodType<T>, what: string): T {
  observed(schema, what);
  const result = schema.safeParse(value);
  // A scalar (a path parameter such as a machine id) is not a body: its problems carry its own name.
  if (!result.success) throw fromZod(result.error, what, value !== null && typeof value === "object" ? "(body)" : what);
  return result.data;
}

/** Default limit of JSON bodies: 50,000 ingest rows of a few hundred bytes each fit with room. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** Limit of small JSON documents (settings, a machine, a training request). */
export const SMALL_JSON_BYTES = 64 * 1024;

/**
 * The request body's bytes, read as they arrive and refused with 413 as soon as they pass
 * `maxBytes` (a declared content-length over the limit is refused before reading): a client
 * cannot make the server buffer more than the limit, with or without chunked encoding.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `Body is ${declared} bytes; at most ${maxBytes} are accepted`);
  if (!request.body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", `Body is larger than ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** The request body as JSON: at most `maxBytes`, UTF-8 (else 400), well-formed (else 400 naming the problem). */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const bytes = await readBody(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new AppError("bad_request", "Body is not UTF-8 text; send JSON encoded as UTF-8", {}, { cause: error });
  }
  if (text.trim() === "") throw new AppError("bad_request", "Body is empty; a JSON document is expected");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `Body is not valid JSON: ${(error as Error).message}`, {}, { cause: error });
  }
}

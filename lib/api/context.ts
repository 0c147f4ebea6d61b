import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth/permissions";
import type { WriteScope } from "./read-cache";
import { logger, type Logger } from "@/lib/log/logger";

// The request a piece of server code is running for: its id (taken from the caller's
// x-request-id, so one id follows a request through proxies, or made here) and a logger that
// stamps every line with it. route() opens it; anything below may read it.

export interface RequestContext {
  requestId: string;
  log: Logger;
  /** Who the request comes from, once route() has authenticated it (absent on open routes). */
  principal?: Principal;
  /** What a write request may change, when narrower than everything (a JSON ingest of readings sets it): lib/api/read-cache.ts. */
  writeScope?: WriteScope;
}

const storage = new AsyncLocalStorage<RequestContext>();

// An id from outside is logged verbatim: keep it short and free of anything that could forge a line.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-request-id when it is a plain token of at most 128 characters, else a new UUID. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

/** Runs fn with ctx as the current request context. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, if code runs inside one. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** The principal of the current request (set by route() before the handler runs). */
export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}

/** The current request's logger (its lines carry request_id), or the process logger outside a request. */
export function requestLog(): Logger {
  return storage.getStore()?.log ?? logger();
}

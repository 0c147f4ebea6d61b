import type { ZodType } from "zod";

// The API's description, one entry per route handler, kept in lib/openapi/<domain>.ts and listed
// in lib/openapi/index.ts. An entry names the very zod schema objects its route parses with (the
// same imports), so the spec cannot drift from what the routes accept: tests/integration/openapi
// calls every handler and checks it validates with exactly the schemas its entry documents.

export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  /** Response body schema, when one exists (documented as application/json unless contentType says). */
  schema?: ZodType;
  contentType?: string;
}

export interface ApiOperation {
  method: Method;
  /** The route file's path with [param] written {param}: app/api/v1/machines/[id]/route.ts → /api/v1/machines/{id}. */
  path: string;
  /** Groups operations in the reference (one per lib/openapi/<domain>.ts). */
  tag: string;
  summary: string;
  description?: string;
  /** Path parameters: each the schema the route passes to parseWith for it. */
  params?: Record<string, ZodType>;
  /** Set when the route checks its path parameters with a function of this file instead (exempts them from the same-object check). */
  paramsValidatedIn?: string;
  /** The schema the route passes to parseQuery. */
  query?: ZodType;
  body?: {
    schema: ZodType;
    contentType?: "application/json" | "text/csv";
    description?: string;
    /**
     * Set when the route hands the raw body to lib, which validates it with a schema built per
     * request (ingest rows depend on ?tz and the clock): names the file that does, and exempts the
     * body from the same-object check (the documented schema comes from the same factory).
     */
    validatedIn?: string;
  };
  /** Status → description or response spec. 400, 413 (with a body), 500 and 503 are added for every operation. */
  responses: Record<number, string | ResponseSpec>;
  /**
   * Valid path/query values the agreement test sends so that every parse of the route is reached
   * (a failed parse stops a handler). Unset params default to a random UUID, unset query to none.
   */
  example?: { params?: Record<string, string>; query?: Record<string, string> };
}

/** The operations of one domain file (typed, so a missing field fails the typecheck). */
export function operations(...ops: ApiOperation[]): ApiOperation[] {
  return ops;
}

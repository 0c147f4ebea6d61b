import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z, type ZodType } from "zod";
import { apiOperations } from "./index";
import type { ApiOperation, ResponseSpec } from "./registry";
import { policy, type Method as PolicyMethod, type Requirement } from "@/lib/auth/policy";
import { holdersOf } from "@/lib/auth/permissions";

// Builds the OpenAPI 3.1 document from lib/openapi's operations with @asteasolutions/zod-to-openapi.
// Request schemas are documented as the client sends them (zod's input side).

const errorSchema = z
  .object({
    error: z.enum(["bad_request", "not_found", "conflict", "payload_too_large", "unprocessable", "unavailable", "internal", "unauthorized", "forbidden", "too_many_requests"]),
    message: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), line: z.number().optional(), index: z.number().optional(), column: z.string().optional() })).optional(),
  })
  .meta({ id: "Error", description: "Every error answer: a code, a message naming the field and the problem, and per-field errors" });

const errorResponse = (description: string): ResponseConfig => ({ description, content: { "application/json": { schema: errorSchema } } });

/** A query schema with refinements or a transform keeps its object shape on the input side. */
function queryObject(schema: ZodType): z.ZodObject {
  let s: ZodType = schema;
  while (!(s instanceof z.ZodObject)) {
    if (s instanceof z.ZodPipe) s = s.in as ZodType;
    else throw new Error("a query schema must be a z.object (refinements and transforms allowed)");
  }
  return s;
}

function response(spec: string | ResponseSpec): ResponseConfig {
  const r = typeof spec === "string" ? { description: spec } : spec;
  if (!r.schema && !r.contentType) return { description: r.description };
  return { description: r.description, content: { [r.contentType ?? "application/json"]: { schema: r.schema ?? z.string() } } };
}

/** What lib/auth/policy.ts requires of an operation (its path written with [param] as the files are). */
function requirementOfOp(op: ApiOperation): Requirement | undefined {
  const pattern = op.path.replace(/\{([^}]+)\}/g, "[$1]");
  return policy[pattern]?.[op.method.toUpperCase() as PolicyMethod];
}

function routeConfig(op: ApiOperation): RouteConfig {
  const takesInput = op.params !== undefined || op.query !== undefined || op.body !== undefined;
  const needs = requirementOfOp(op);
  const guarded = needs !== "open";
  const access = needs === undefined || needs === "open" ? "" : needs === "signed_in" ? "Access: any session or token." : `Access: permission \`${needs}\` (roles ${holdersOf(needs).roles.join(", ")}; token scopes ${holdersOf(needs).scopes.join(", ")}).`;
  const description = [op.description, access].filter(Boolean).join("\n\n");
  return {
    method: op.method,
    path: op.path,
    tags: [op.tag],
    summary: op.summary,
    ...(description ? { description } : {}),
    ...(guarded ? { security: [{ bearerAuth: [] }, { sessionCookie: [] }] } : { security: [] }),
    request: {
      ...(op.params ? { params: z.object(op.params) } : {}),
      ...(op.query ? { query: queryObject(op.query) } : {}),
      ...(op.body
        ? { body: { required: true, ...(op.body.description ? { description: op.body.description } : {}), content: { [op.body.contentType ?? "application/json"]: { schema: op.body.schema } } } }
        : {}),
    },
    responses: {
      ...Object.fromEntries(Object.entries(op.responses).map(([status, spec]) => [status, response(spec)])),
      ...(takesInput ? { 400: errorResponse("Invalid input: the message and `errors` name each field and problem") } : {}),
      ...(op.body ? { 413: errorResponse("Body larger than the route's limit") } : {}),
      ...(guarded ? { 401: errorResponse("No valid session or API token (WWW-Authenticate: Bearer)"), 403: errorResponse("The role or token scopes lack the permission named in the message") } : {}),
      500: errorResponse("Unexpected server error (logged with the request id)"),
      503: errorResponse("The database cannot be reached; retry after the Retry-After seconds"),
    },
  };
}

/** The OpenAPI 3.1 document of the given operations (every route by default). */
export function buildOpenApiDocument(ops: ApiOperation[] = apiOperations) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", description: "An API token (enms_…) created by an admin, scoped ingest, read and/or admin" });
  registry.registerComponent("securitySchemes", "sessionCookie", { type: "apiKey", in: "cookie", name: "enms_session", description: "The session cookie set by POST /api/auth/signin" });
  for (const op of ops) registry.registerPath(routeConfig(op));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "EnMS Analytics API",
      version: "1",
      description: "Energy analytics for manufacturing plants (ISO 50001). Readings in, rollups, KPIs and baselines out. Every answer carries an `x-request-id` header (sent by the caller or made by the server) that its log lines share.",
    },
    servers: [{ url: "/" }],
  });
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The document, built once per process. */
export function openApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}

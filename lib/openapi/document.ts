import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z, type ZodType } from "zod";
import { apiOperations } from "./index";
import type { ApiOperation, ResponseSpec } from "./registry";

// Builds the OpenAPI 3.1 document from lib/openapi's operations with @asteasolutions/zod-to-openapi.
// Request schemas are documented as the client sends them (zod's input side).

const errorSchema = z
  .object({
    error: z.enum(["bad_request", "not_found", "conflict", "payload_too_large", "unprocessable", "unavailable", "internal"]),
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

function routeConfig(op: ApiOperation): RouteConfig {
  const takesInput = op.params !== undefined || op.query !== undefined || op.body !== undefined;
  return {
    method: op.method,
    path: op.path,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
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
      500: errorResponse("Unexpected server error (logged with the request id)"),
      503: errorResponse("The database cannot be reached; retry after the Retry-After seconds"),
    },
  };
}

/** The OpenAPI 3.1 document of the given operations (every route by default). */
export function buildOpenApiDocument(ops: ApiOperation[] = apiOperations) {
  const registry = new OpenAPIRegistry();
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

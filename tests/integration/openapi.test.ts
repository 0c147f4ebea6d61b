import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { observeParses } from "@/lib/api/handler";
import { apiOperations } from "@/lib/openapi";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import type { ApiOperation } from "@/lib/openapi/registry";
import { createTestDatabase, type TestDatabase } from "../helpers/databases";
import { useDatabase } from "../helpers/routes";

// The spec against the routes: every exported handler of app/api/**/route.ts is documented, and
// each documented operation validates its input with exactly the schema objects it documents.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface RouteHandler {
  file: string;
  path: string;
  method: (typeof METHODS)[number];
  handler: Handler;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    // The catch-all ([...path]) answers 404 for paths that have no route: it is no operation.
    if (e.isDirectory()) return e.name.startsWith("[...") ? [] : routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/machines/[id]/route.ts → /api/v1/machines/{id} */
function openApiPath(file: string): string {
  const rel = path.relative("app", path.dirname(file)).split(path.sep).join("/");
  return "/" + rel.replace(/\[([^\]]+)\]/g, "{$1}");
}

async function allHandlers(): Promise<RouteHandler[]> {
  const out: RouteHandler[] = [];
  for (const file of routeFiles(path.join("app", "api")).sort()) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const method of METHODS) if (typeof mod[method] === "function") out.push({ file, path: openApiPath(file), method, handler: mod[method] as Handler });
  }
  return out;
}

function whatToAdd(h: RouteHandler): string {
  const params = [...h.path.matchAll(/\{([^}]+)\}/g)].map((m) => `${m[1]}: <the schema the route passes to parseWith for it>`);
  const lines = [
    `${h.method} ${h.path} (${h.file}) is missing from the OpenAPI spec. Add this entry to lib/openapi/<domain>.ts`,
    `(a new domain file is listed in lib/openapi/index.ts), using the same schema objects the route parses with:`,
    `  {`,
    `    method: "${h.method.toLowerCase()}",`,
    `    path: "${h.path}",`,
    `    tag: "<domain>",`,
    `    summary: "<what it does, as in the route's header comment>",`,
    ...(params.length > 0 ? [`    params: { ${params.join(", ")} },`] : []),
    `    query: <the schema passed to parseQuery, if any>,`,
    ...(h.method === "GET" ? [] : [`    body: { schema: <the schema passed to parseWith for the body> },`]),
    `    responses: { 200: "<what it answers>" },`,
    `  },`,
  ];
  return lines.join("\n");
}

const key = (method: string, p: string) => `${method.toUpperCase()} ${p}`;

describe("OpenAPI document", () => {
  let handlers: RouteHandler[];
  let test: TestDatabase;

  beforeAll(async () => {
    handlers = await allHandlers();
    test = await createTestDatabase("pglite");
    useDatabase(test.db);
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await test.drop();
  });

  it("documents every route handler under app/api", () => {
    const documented = new Set(apiOperations.map((o) => key(o.method, o.path)));
    const missing = handlers.filter((h) => !documented.has(key(h.method, h.path)));
    expect(missing.map(whatToAdd).join("\n\n")).toBe("");
    expect(handlers.length).toBeGreaterThan(25);
  });

  it("documents no operation that has no handler, and none twice", () => {
    const existing = new Set(handlers.map((h) => key(h.method, h.path)));
    const stale = apiOperations.filter((o) => !existing.has(key(o.method, o.path))).map((o) => `${key(o.method, o.path)} is in lib/openapi but no route exports it`);
    expect(stale).toEqual([]);
    const keys = apiOperations.map((o) => key(o.method, o.path));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("generates an OpenAPI 3.1 document with every operation, its parameters and bodies", () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    for (const op of apiOperations) {
      const operation = doc.paths?.[op.path]?.[op.method];
      expect(operation, key(op.method, op.path)).toBeDefined();
      const names = (operation?.parameters ?? []).map((p) => ("name" in p ? `${p.in}:${p.name}` : ""));
      for (const name of Object.keys(op.params ?? {})) expect(names, key(op.method, op.path)).toContain(`path:${name}`);
      if (op.body) expect(operation?.requestBody, key(op.method, op.path)).toBeDefined();
    }
    // Spot checks against what the routes accept.
    const ingest = doc.paths?.["/api/v1/ingest/{kind}"]?.post;
    const kind = ingest?.parameters?.find((p) => "name" in p && p.name === "kind");
    expect(kind && "schema" in kind ? kind.schema : undefined).toMatchObject({ enum: ["energy", "production", "environmental"] });
    const series = doc.paths?.["/api/v1/machines/{id}/series"]?.get?.parameters?.map((p) => ("name" in p ? p.name : ""));
    expect(series).toEqual(expect.arrayContaining(["metrics", "from", "to", "bucket", "granularity", "format"]));
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("documents exactly the schema objects each route validates its input with", async () => {
    const byKey = new Map(handlers.map((h) => [key(h.method, h.path), h]));
    const problems: string[] = [];
    for (const op of apiOperations) {
      const h = byKey.get(key(op.method, op.path));
      if (!h) continue;
      const seen = await probe(op, h);
      problems.push(...disagreements(op, seen));
    }
    expect(problems).toEqual([]);
  });
});

/** Calls the handler with the entry's example values (a body of {} or an empty CSV) and records every schema it parses with. */
async function probe(op: ApiOperation, h: RouteHandler): Promise<Map<ZodType, string>> {
  const params = Object.fromEntries([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, op.example?.params?.[m[1]!] ?? randomUUID()]));
  const url = new URL(`http://localhost${op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!))}`);
  for (const [k, v] of Object.entries(op.example?.query ?? {})) url.searchParams.set(k, v);
  const csv = op.body?.contentType === "text/csv";
  const init: RequestInit = op.method === "get" ? {} : { method: op.method.toUpperCase(), body: csv ? "" : "{}", headers: { "content-type": csv ? "text/csv" : "application/json" } };
  const seen = new Map<ZodType, string>();
  const stop = observeParses((schema, what) => seen.set(schema, what));
  try {
    const res = await h.handler(new Request(url, init), { params: Promise.resolve(params) });
    if (res.status >= 500) throw new Error(`${key(op.method, op.path)} answered ${res.status} to the probe: ${await res.text()}`);
  } finally {
    stop();
  }
  return seen;
}

function disagreements(op: ApiOperation, seen: Map<ZodType, string>): string[] {
  const k = key(op.method, op.path);
  const documented = new Map<ZodType, string>();
  if (!op.paramsValidatedIn) for (const [name, schema] of Object.entries(op.params ?? {})) documented.set(schema, `path parameter ${name}`);
  if (op.query) documented.set(op.query, "query");
  if (op.body && !op.body.validatedIn) documented.set(op.body.schema, "body");
  const out: string[] = [];
  for (const [schema, what] of documented) if (!seen.has(schema)) out.push(`${k}: the documented ${what} schema is not the one the route parses with (or the probe did not reach it: give example values)`);
  for (const [schema, what] of seen) if (!documented.has(schema)) out.push(`${k}: the route parses its ${what} with a schema the spec does not document`);
  return out;
}

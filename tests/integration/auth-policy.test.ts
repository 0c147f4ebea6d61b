import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patternOf, policy, requirementOf } from "@/lib/auth/policy";

// The access table against the route files: every exported method of every app/api/**/route.ts
// has a rule in lib/auth/policy.ts (route() refuses what has none), and the table names no route
// that does not exist.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/machines/[id]/route.ts → /api/v1/machines/[id] */
const patternOfFile = (file: string) => "/" + path.relative("app", path.dirname(file)).split(path.sep).join("/");

/** The methods a route file exports (read from its source: `export const GET = route(…)`). */
function exportedMethods(file: string): (typeof METHODS)[number][] {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source));
}

describe("access policy", () => {
  const routes = routeFiles(path.join("app", "api")).map((file) => ({ file, pattern: patternOfFile(file), methods: exportedMethods(file) }));

  it("has a rule for every method of every route file under app/api", () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.flatMap((r) => r.methods.filter((m) => policy[r.pattern]?.[m] === undefined).map((m) => `${m} ${r.pattern} (${r.file}): add it to lib/auth/policy.ts`));
    expect(missing).toEqual([]);
  });

  it("names no route or method that does not exist", () => {
    const exported = new Set(routes.flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`)));
    const stale = Object.entries(policy).flatMap(([pattern, methods]) => Object.keys(methods).map((m) => `${m} ${pattern}`)).filter((k) => !exported.has(k));
    expect(stale).toEqual([]);
  });

  it("matches a concrete path to its route as Next.js does: a static segment beats a [param]", () => {
    expect(patternOf("/api/v1/ingest/csv")).toBe("/api/v1/ingest/csv");
    expect(patternOf("/api/v1/ingest/energy")).toBe("/api/v1/ingest/[kind]");
    expect(patternOf("/api/v1/baseline/models/import")).toBe("/api/v1/baseline/models/import");
    expect(patternOf("/api/v1/baseline/models/7f0c/activate")).toBe("/api/v1/baseline/models/[model_id]/activate");
    expect(patternOf("/api/v1/machines/")).toBe("/api/v1/machines");
    expect(patternOf("/api/v1/nothing")).toBeUndefined();
  });

  it("keeps health and sign-in open and every /api/v1 route behind a permission", () => {
    expect(requirementOf("/api/health", "GET")).toBe("open");
    expect(requirementOf("/api/health/ready", "HEAD")).toBe("open");
    expect(requirementOf("/api/auth/signin", "POST")).toBe("open");
    const v1 = routes.filter((r) => r.pattern.startsWith("/api/v1/"));
    const open = v1.flatMap((r) => r.methods.filter((m) => policy[r.pattern]?.[m] === "open").map((m) => `${m} ${r.pattern}`));
    expect(open).toEqual([]);
    expect(requirementOf("/api/v1/machines", "DELETE")).toBeUndefined();
  });
});

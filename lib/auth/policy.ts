import type { Permission } from "./permissions";

// THE access rule of every /api route, in one table: route pattern (the folder path under app/,
// [param] segments as in the file system) → method → what the request needs. route() in
// lib/api/handler.ts looks every request up here before the handler runs; a route or method
// missing from the table is refused (fail closed), and tests/integration/auth-policy.test.ts fails
// when a route file exports a method the table does not list.
//
// "open": no credentials needed (health for load balancers, sign-in itself, the API reference –
// the document describes the code, which is the same for every installation, and holds no data).
// "signed_in": any valid session or token (who am I, sign out).

export type Requirement = Permission | "open" | "signed_in";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export const policy: Record<string, Partial<Record<Method, Requirement>>> = {
  "/api/health": { GET: "open" },
  "/api/health/live": { GET: "open" },
  "/api/health/ready": { GET: "open" },
  "/api/openapi.json": { GET: "open" },
  "/api/docs": { GET: "open" },
  "/api/docs/[asset]": { GET: "open" },
  // Any other path under /api/: a JSON 404 (app/api/[...path]/route.ts), whoever asks.
  "/api/[...path]": { GET: "open", POST: "open", PUT: "open", PATCH: "open", DELETE: "open" },

  "/api/auth/signin": { POST: "open" },
  "/api/auth/signout": { POST: "signed_in" },
  "/api/auth/me": { GET: "signed_in" },

  "/api/v1/anomaly": { GET: "read" },
  "/api/v1/anomaly/[id]": { GET: "read", PATCH: "operate" },
  "/api/v1/anomaly/detect": { POST: "operate" },

  "/api/v1/baseline/deviation": { POST: "read" },
  "/api/v1/baseline/drivers": { GET: "read" },
  "/api/v1/baseline/fit": { POST: "read" },
  "/api/v1/baseline/predict": { POST: "read" },
  "/api/v1/baseline/screen": { POST: "read" },
  "/api/v1/baseline/suggest": { POST: "read" },
  "/api/v1/baseline/train": { POST: "operate" },
  "/api/v1/baseline/models": { GET: "read" },
  "/api/v1/baseline/models/import": { POST: "operate" },
  "/api/v1/baseline/models/[model_id]": { GET: "read" },
  "/api/v1/baseline/models/[model_id]/activate": { POST: "operate" },
  "/api/v1/baseline/models/[model_id]/export": { GET: "read" },
  "/api/v1/baseline/models/[model_id]/health": { GET: "read" },

  "/api/v1/forecast": { POST: "read" },
  "/api/v1/forecast/backtest": { POST: "read" },
  "/api/v1/forecast/plans": { POST: "ingest" },

  "/api/v1/import/preview": { POST: "ingest" },
  "/api/v1/import-profiles": { GET: "read", POST: "operate" },
  "/api/v1/import-profiles/[id]": { GET: "read", PUT: "operate", DELETE: "operate" },
  "/api/v1/ingest/[kind]": { POST: "ingest" },
  "/api/v1/ingest/bill": { POST: "ingest" },
  "/api/v1/ingest/csv": { POST: "ingest" },
  "/api/v1/ingest/register": { POST: "ingest" },

  "/api/v1/jobs": { GET: "read" },
  "/api/v1/jobs/[name]/run": { POST: "operate" },
  "/api/v1/jobs/[name]/runs": { GET: "read" },

  "/api/v1/kpi/[kpi]": { GET: "read" },
  "/api/v1/kpi/summary": { GET: "read" },

  "/api/v1/machines": { GET: "read", POST: "operate" },
  "/api/v1/machines/[id]": { GET: "read", PATCH: "operate" },
  "/api/v1/machines/[id]/series": { GET: "read" },

  "/api/v1/settings/emissions": { GET: "read", PUT: "admin" },
  "/api/v1/settings/tariff": { GET: "read", PUT: "admin" },
  "/api/v1/sites": { GET: "read" },
  "/api/v1/sites/[id]": { GET: "read", PATCH: "admin" },

  "/api/v1/users": { GET: "admin", POST: "admin" },
  "/api/v1/users/[id]": { PATCH: "admin" },
  "/api/v1/tokens": { GET: "admin", POST: "admin" },
  "/api/v1/tokens/[id]": { DELETE: "admin" },
};

interface CompiledPattern {
  pattern: string;
  segments: string[];
}

const compiled: CompiledPattern[] = Object.keys(policy).map((pattern) => ({ pattern, segments: pattern.split("/").slice(1) }));

/**
 * The table's pattern a path belongs to, as Next.js routes it: segment by segment, a static
 * segment beats a [param] one (/api/v1/ingest/csv is not /api/v1/ingest/[kind]). Undefined when
 * no pattern matches.
 */
export function patternOf(pathname: string): string | undefined {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: { pattern: string; score: string } | undefined;
  for (const c of compiled) {
    if (c.segments.length !== parts.length) continue;
    let score = "";
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i]!;
      if (seg.startsWith("[")) score += "0";
      else if (seg === parts[i]) score += "1";
      else {
        ok = false;
        break;
      }
    }
    // Lexically larger score = static segments earlier, which is how Next.js prefers routes.
    if (ok && (!best || score > best.score)) best = { pattern: c.pattern, score };
  }
  return best?.pattern;
}

/** What a request needs, or undefined when the table has no rule for it (the caller refuses it). */
export function requirementOf(pathname: string, method: string): Requirement | undefined {
  const pattern = patternOf(pathname);
  if (!pattern) return undefined;
  // HEAD is answered by the GET handler in Next.js, so it needs what GET needs.
  const m = (method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase()) as Method;
  return policy[pattern]?.[m];
}

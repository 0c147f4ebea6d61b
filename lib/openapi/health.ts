import { operations } from "./registry";

export const healthOperations = operations(
  {
    method: "get",
    path: "/api/health",
    tag: "health",
    summary: "Database kind and version, newest reading of each series",
    description: "Answers 503 with a message when the database cannot be reached. Open without sign-in.",
    responses: { 200: "`{status, database: pglite|postgresql|timescaledb, version, latest: {energy, production, environmental}}`" },
  },
  {
    method: "get",
    path: "/api/health/live",
    tag: "health",
    summary: "Liveness: the process answers",
    description: "Never consults the database: a failing liveness probe means the process should be restarted.",
    responses: { 200: "`{status: ok, uptime_s}`" },
  },
  {
    method: "get",
    path: "/api/health/ready",
    tag: "health",
    summary: "Readiness: database reachable, migrations applied, TimescaleDB status",
    description:
      "Each check is `{ok, message?}`. 503 when the database is unreachable (within 3 s) or migrations are missing; TimescaleDB absent or not preloaded is reported but is not a failure (plain PostgreSQL is supported).",
    responses: { 200: "`{status: ready, checks: {database, migrations, timescaledb}}`", 503: "`{status: not_ready, checks}` naming what failed" },
  },
);

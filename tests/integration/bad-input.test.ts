import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOperations } from "@/lib/openapi";
import type { ApiOperation } from "@/lib/openapi/registry";
import { createMachine } from "@/lib/db/queries/machines";
import type { Database } from "@/lib/db/types";
import { createTestDatabase, testTargets, type TestDatabase } from "../helpers/databases";
import { useDatabase } from "../helpers/routes";

// A corpus of bad input sent to every documented route handler (the OpenAPI test keeps that list
// equal to app/api): wrong types, huge numbers, NaN and Infinity, empty and huge bodies, invalid
// UTF-8, SQL and script injection, path traversal in ids. Each must answer 4xx with a message and
// write nothing; none may answer 5xx. Free-text fields may accept injection strings (they are
// stored as given, never interpolated): those answers are checked for a round trip instead.

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const MACHINE = "b0000000-0000-0000-0000-0000000000aa";
const TIME = "2026-01-05T10:00:00Z";

const INJECTIONS = [
  "'; DROP TABLE machines; --",
  "1 OR 1=1",
  "\" OR \"\"=\"",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "..\\..\\windows\\win.ini",
  "\u0000",
  "%00",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "9".repeat(400),
  "",
  " ",
  "x".repeat(100_000),
  "\u{1F4A5}\uFFFD\u202E",
];
const WRONG_TYPES: unknown[] = [true, {}, [], [1, 2], { $ne: null }];
const HUGE_NUMBERS_RAW = ["1e400", "-1e400", "1e308", "-1e308", "123456789012345678901234567890"];

/** Valid bodies to mutate field by field (ids the test creates; windows far from now). */
const baseBodies: Record<string, unknown> = {
  "POST /api/v1/ingest/{kind}": [{ time: TIME, machine_id: MACHINE, energy_kwh: 1.5, power_kw: 90, interval_s: 60 }],
  "POST /api/v1/ingest/bill": [{ machine_id: MACHINE, period_start: "2025-11-01", period_end: "2025-12-01", energy_kwh: 1000, cost: 200, peak_kw: 50 }],
  "POST /api/v1/ingest/register": [{ time: TIME, machine_id: MACHINE, energy_register_kwh: 1000 }],
  "POST /api/v1/machines": { name: "Corpus press", type: "motor", area: "Hall A", rated_power_kw: 50 },
  "PATCH /api/v1/machines/{id}": { name: "Corpus press", rated_power_kw: 60 },
  "PATCH /api/v1/sites/{id}": { name: "Plant", country: "DE" },
  "PUT /api/v1/settings/tariff": { currency: "EUR", flat_price_per_kwh: 0.2, demand_charge_per_kw_month: 10 },
  "PUT /api/v1/settings/emissions": { kg_co2_per_kwh: 0.4, source: "grid operator" },
  "POST /api/v1/baseline/train": { machine_id: MACHINE, start_date: "2025-12-01", end_date: "2025-12-08", drivers: ["total_production_count"], granularity: "hourly" },
  "POST /api/v1/baseline/fit": { machine_id: MACHINE, start_date: "2025-12-01", end_date: "2025-12-08", drivers: ["total_production_count"], granularity: "hourly" },
  "POST /api/v1/baseline/suggest": { machine_id: MACHINE, start_date: "2025-12-01", end_date: "2025-12-08", granularity: "daily" },
  "POST /api/v1/baseline/deviation": { machine_id: MACHINE, start_date: "2025-12-01", end_date: "2025-12-08" },
  "POST /api/v1/baseline/predict": { model_id: randomUUID(), features: [{ total_production_count: 5 }], confidence: 0.9 },
  "POST /api/v1/forecast/plans": { machine_id: MACHINE, driver: "total_production_count", issued_at: TIME, points: [{ time: "2026-01-06T10:00:00Z", value: 30 }] },
  "POST /api/auth/signin": { login: "corpus-user", password: "not the password" },
  "POST /api/v1/users": { login: "corpus-user", display_name: "Corpus User", password: "a long enough password", role: "viewer" },
  "PATCH /api/v1/users/{id}": { display_name: "Corpus User", role: "engineer" },
  "POST /api/v1/tokens": { name: "corpus meter", scopes: ["ingest"] },
};

/** Fields that must never come back in an answer (a 2xx with one of them is checked for its absence instead). */
const secretFields = new Set(["password"]);

const key = (op: ApiOperation) => `${op.method.toUpperCase()} ${op.path}`;

async function handlerOf(op: ApiOperation): Promise<Handler> {
  const file = path.resolve("app", op.path.slice(1).replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, Handler>;
  return mod[op.method.toUpperCase()]!;
}

/** Row counts of every table: a rejected request must leave them as they were. */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ t: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables
      WHERE table_schema IN ('public', 'drizzle') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const rows = await db.query<{ t: string; n: number }>(tables.map((r) => `SELECT '${r.t}' AS t, count(*)::int AS n FROM ${r.t}`).join(" UNION ALL "));
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

interface Case {
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** A string put in a field that may hold any text: 2xx allowed, checked for a round trip. */
  freeText?: { field: string; value: string };
}

function paramsOf(op: ApiOperation, overrides: Record<string, string> = {}): Record<string, string> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const defaults: Record<string, string> = { id: MACHINE, model_id: randomUUID(), ...op.example?.params };
  return Object.fromEntries(names.map((n) => [n, overrides[n] ?? defaults[n] ?? randomUUID()]));
}

function casesFor(op: ApiOperation): Case[] {
  const cases: Case[] = [];
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of names) for (const v of INJECTIONS) cases.push({ label: `path ${name}=${JSON.stringify(v.slice(0, 40))}`, params: { [name]: v } });
  const queryKeys = op.query ? Object.keys(queryShape(op.query)) : [];
  for (const k of queryKeys) for (const v of INJECTIONS) cases.push({ label: `query ${k}=${JSON.stringify(v.slice(0, 40))}`, query: { ...op.example?.query, [k]: v } });
  if (!op.body) return cases;
  if (op.body.contentType === "text/csv") return cases.concat(csvCases());
  const whole: [string, BodyInit][] = [
    ["empty body", ""],
    ["null", "null"],
    ["a number", "123"],
    ["a string", '"x"'],
    ["truncated JSON", '{"a": [1, 2'],
    ["NaN literal", '{"a": NaN}'],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
    ["deep nesting", "[".repeat(5000) + "]".repeat(5000)],
    ["an object of junk", JSON.stringify({ "<script>": "'; DROP TABLE machines; --", __proto__: { admin: true } })],
  ];
  for (const [label, body] of whole) cases.push({ label: `body: ${label}`, body });
  const base = baseBodies[key(op)];
  if (base === undefined) return cases;
  const row = Array.isArray(base) ? (base[0] as Record<string, unknown>) : (base as Record<string, unknown>);
  const wrap = (r: Record<string, unknown>) => JSON.stringify(Array.isArray(base) ? [r] : r);
  for (const [field, value] of Object.entries(row)) {
    for (const wrong of WRONG_TYPES) cases.push({ label: `${field}: ${JSON.stringify(wrong)}`, body: wrap({ ...row, [field]: wrong }) });
    if (typeof value === "number") {
      for (const raw of HUGE_NUMBERS_RAW) cases.push({ label: `${field}: ${raw}`, body: wrap({ ...row, [field]: "__RAW__" }).replace('"__RAW__"', raw) });
      for (const s of ["12", "NaN", "Infinity"]) cases.push({ label: `${field}: "${s}"`, body: wrap({ ...row, [field]: s }) });
    } else if (typeof value === "string") {
      cases.push({ label: `${field}: 12`, body: wrap({ ...row, [field]: 12 }) }, { label: `${field}: 1e400`, body: wrap({ ...row, [field]: "__RAW__" }).replace('"__RAW__"', "1e400") });
      for (const v of INJECTIONS) cases.push({ label: `${field}=${JSON.stringify(v.slice(0, 40))}`, body: wrap({ ...row, [field]: v }), freeText: { field, value: v } });
    } else if (Array.isArray(value)) {
      cases.push({ label: `${field}: ["x".repeat(1e5)]`, body: wrap({ ...row, [field]: ["x".repeat(100_000)] }) });
      cases.push({ label: `${field}: 100,000 items`, body: wrap({ ...row, [field]: Array.from({ length: 100_000 }, (): unknown => (value as unknown[])[0]) }) });
    }
  }
  return cases;
}

function csvCases(): Case[] {
  const header = "time,machine_id,energy_kwh\n";
  return [
    { label: "csv: empty", body: "" },
    { label: "csv: header only", body: header },
    { label: "csv: invalid UTF-8", body: new Uint8Array([...Buffer.from(header), 0xff, 0xfe, 0x2c, 0x0a]) },
    { label: "csv: injection in cells", body: `${header}'; DROP TABLE machines; --,<script>,NaN\n../../etc/passwd,${MACHINE},Infinity\n${TIME},${MACHINE},1e400\n` },
    { label: "csv: wrong content type", body: `${header}${TIME},${MACHINE},1\n`, headers: { "content-type": "application/x-www-form-urlencoded" } },
    { label: "csv: a 2 MB line without a newline", body: "x".repeat(2 * 1024 * 1024) },
  ];
}

function queryShape(schema: unknown): Record<string, unknown> {
  type Shaped = { shape?: Record<string, unknown>; in?: Shaped };
  let s = schema as Shaped;
  while (!s.shape && s.in) s = s.in;
  return s.shape ?? {};
}

describe.each(testTargets())("bad input to every route on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(target);
    useDatabase(t.db);
    await createMachine(t.db, { id: MACHINE, name: "Corpus machine", type: "motor", is_active: true, sample_interval: null, timestamp_position: "start", register_max_kwh: null, max_plausible_power_kw: null, counts_output: true });
  });
  afterAll(async () => {
    globalThis.__enmsDb = undefined;
    await t?.drop();
  });

  for (const op of apiOperations) {
    const cases = casesFor(op);
    if (cases.length === 0) continue;
    it(`${key(op)}: 4xx with a message and nothing written for each of ${cases.length} bad inputs`, async () => {
      const handler = await handlerOf(op);
      const failures: string[] = [];
      let before = await rowCounts(t.db);
      for (const c of cases) {
        const params = paramsOf(op, c.params);
        const url = new URL(`http://localhost${op.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(params[n]!))}`);
        for (const [k, v] of Object.entries(c.query ?? op.example?.query ?? {})) url.searchParams.set(k, v);
        const csv = op.body?.contentType === "text/csv";
        const init: RequestInit = op.method === "get" ? {} : {
          method: op.method.toUpperCase(),
          body: c.body ?? "",
          headers: { "content-type": csv ? "text/csv" : "application/json", ...c.headers },
        };
        const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
        const text = await res.text();
        if (res.status >= 500) {
          failures.push(`${c.label}: ${res.status} ${text.slice(0, 300)}`);
          continue;
        }
        if (res.status >= 400) {
          const message = (JSON.parse(text) as { message?: unknown }).message;
          if (typeof message !== "string" || message.length === 0) failures.push(`${c.label}: ${res.status} without a message`);
          const after = await rowCounts(t.db);
          if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${c.label}: ${res.status} but rows changed`);
          continue;
        }
        // 2xx: allowed for a free-text field (the value must come back as sent, trimmed), for a
        // lookup, and for an upload that holds no rows (nothing written).
        const answer = JSON.parse(text) as Record<string, unknown>;
        if (c.freeText && secretFields.has(c.freeText.field)) {
          if (c.freeText.value.trim().length >= 4 && text.includes(c.freeText.value)) failures.push(`${c.label}: accepted and ${c.freeText.field} came back in the answer`);
        } else if (c.freeText && op.method !== "get") {
          if (!JSON.stringify(answer).includes(JSON.stringify(c.freeText.value.trim()).slice(1, -1).slice(0, 1000))) failures.push(`${c.label}: accepted but ${c.freeText.field} did not come back as sent`);
        } else if (op.method !== "get" && answer.written !== 0) {
          failures.push(`${c.label}: accepted (${res.status}) ${text.slice(0, 200)}`);
        }
        before = await rowCounts(t.db);
      }
      expect(failures).toEqual([]);
    });
  }

  it("a JSON body over the route's limit is refused with 413 while it streams, without a content-length", async () => {
    const op = apiOperations.find((o) => key(o) === "PUT /api/v1/settings/tariff")!;
    const handler = await handlerOf(op);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        if (sent > 8 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const res = await handler(new Request("http://localhost/api/v1/settings/tariff", { method: "PUT", body: stream, duplex: "half" } as RequestInit), { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
    const declared = await handler(new Request("http://localhost/api/v1/settings/tariff", { method: "PUT", body: "{}", headers: { "content-length": String(1e12) } }), { params: Promise.resolve({}) });
    expect(declared.status).toBe(413);
  });
});

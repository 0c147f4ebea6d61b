import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { scrubSecrets } from "@/lib/log/redact";
import { requestIdOf } from "@/lib/api/context";
import { route } from "@/lib/api/handler";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: "info", destination }) };
}

describe("structured logs", () => {
  it("scrubs the password of a postgres URL and of a libpq keyword string", () => {
    expect(scrubSecrets("connect postgres://enms:s3cr%40t@db:5432/enms failed")).toBe("connect postgres://enms:***@db:5432/enms failed");
    expect(scrubSecrets("postgresql://u:p@h/d and https://a:b@c")).toBe("postgresql://u:***@h/d and https://a:***@c");
    expect(scrubSecrets("host=db user=enms password=hunter2 dbname=x")).toBe("host=db user=enms password=*** dbname=x");
    expect(scrubSecrets("postgres://db:5432/enms")).toBe("postgres://db:5432/enms");
  });

  it("writes one JSON line per event with level, time and message, headers and URLs redacted", () => {
    const { lines, log } = capture();
    log.info({ headers: { authorization: "Bearer abc", cookie: "s=1", "content-type": "text/csv" } }, "got postgres://u:pw@h/d");
    log.error({ err: Object.assign(new Error("password authentication failed for postgres://u:pw@h/d"), { code: "28P01" }) }, "boom");
    expect(lines).toHaveLength(2);
    const [first, second] = lines as [Record<string, unknown>, Record<string, unknown>];
    expect(first.level).toBe("info");
    expect(typeof first.time).toBe("string");
    expect(first.msg).toBe("got postgres://u:***@h/d");
    expect(first.headers).toEqual({ authorization: "[redacted]", cookie: "[redacted]", "content-type": "text/csv" });
    const err = second.err as Record<string, unknown>;
    expect(err.message).toBe("password authentication failed for postgres://u:***@h/d");
    expect(err.code).toBe("28P01");
    expect(JSON.stringify(lines)).not.toContain(":pw@");
  });

  it("takes a plain x-request-id and replaces anything else with a UUID", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "abc-123.4:5" }))).toBe("abc-123.4:5");
    const uuid = /^[0-9a-f-]{36}$/;
    expect(requestIdOf(new Headers())).toMatch(uuid);
    expect(requestIdOf(new Headers({ "x-request-id": "a b\"forged" }))).toMatch(uuid);
    expect(requestIdOf(new Headers({ "x-request-id": "x".repeat(200) }))).toMatch(uuid);
  });

  it("route() answers with the request id and logs method, path, status and duration under it", async () => {
    const { lines, log } = capture();
    globalThis.__enmsLogger = log;
    try {
      const handler = route((_request: Request) => Promise.resolve(Response.json({ ok: true }, { status: 201 })));
      const res = await handler(new Request("http://localhost/api/v1/x?token=secret", { headers: { "x-request-id": "req-1", authorization: "Bearer t" } }));
      expect(res.status).toBe(201);
      expect(res.headers.get("x-request-id")).toBe("req-1");
      const line = lines.find((l) => l.msg === "request");
      expect(line).toMatchObject({ request_id: "req-1", method: "GET", path: "/api/v1/x", status: 201 });
      expect(typeof line?.duration_ms).toBe("number");
      expect(JSON.stringify(lines)).not.toContain("secret");
      const failing = route((_request: Request) => Promise.reject(new Error("unexpected postgres://u:pw@h/d")));
      const failed = await failing(new Request("http://localhost/api/v1/y"));
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: "internal", message: "Internal server error", detail: "Internal server error" });
      const logged = lines.filter((l) => l.request_id === failed.headers.get("x-request-id"));
      expect(logged.map((l) => l.msg)).toEqual(["unhandled error while handling a request", "request failed"]);
      expect(JSON.stringify(logged)).not.toContain(":pw@");
    } finally {
      globalThis.__enmsLogger = undefined;
    }
  });
});

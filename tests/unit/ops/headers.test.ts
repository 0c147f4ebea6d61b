import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security/headers";

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("security headers", () => {
  it("allow nothing from another origin, no framing, no plugins; eval only in development", () => {
    const prod = directives(contentSecurityPolicy({ dev: false }));
    expect(prod["default-src"]).toEqual(["'self'"]);
    expect(prod["frame-ancestors"]).toEqual(["'none'"]);
    expect(prod["object-src"]).toEqual(["'none'"]);
    expect(prod["base-uri"]).toEqual(["'self'"]);
    expect(prod["form-action"]).toEqual(["'self'"]);
    expect(prod["script-src"]).not.toContain("'unsafe-eval'");
    expect(prod["connect-src"]).toEqual(["'self'"]);
    for (const values of Object.values(prod)) for (const v of values) expect(v).toMatch(/^('[a-z-]+'|data:|blob:)$/);
    expect(directives(contentSecurityPolicy({ dev: true }))["script-src"]).toContain("'unsafe-eval'");
  });

  it("send HSTS only when asked (HTTPS deployments)", () => {
    const names = (hsts: boolean) => securityHeaders({ dev: false, hsts }).map((h) => h.key);
    expect(names(false)).not.toContain("Strict-Transport-Security");
    expect(names(true)).toContain("Strict-Transport-Security");
    expect(names(false)).toEqual(expect.arrayContaining(["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"]));
  });
});

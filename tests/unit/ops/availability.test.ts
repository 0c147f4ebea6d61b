import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { errorResponse } from "@/lib/api/error-response";
import {
  decideTimescale,
  INSTALLED_NOT_PRELOADED_MESSAGE,
  isNotPreloadedError,
  NOT_PRELOADED_MESSAGE,
  preloadsTimescale,
} from "@/lib/timeseries/timescale-detect";

const err = (props: Record<string, unknown>) => Object.assign(new Error("x"), props);

describe("database availability", () => {
  it("recognises refused, cut and terminated connections, and nothing else", () => {
    expect(isDatabaseUnavailable(err({ code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(err({ code: "CONNECTION_CLOSED" }))).toBe(true); // postgres.js
    expect(isDatabaseUnavailable(err({ code: "CONNECT_TIMEOUT" }))).toBe(true);
    expect(isDatabaseUnavailable(err({ code: "57P01" }))).toBe(true); // pg_terminate_backend
    expect(isDatabaseUnavailable(err({ code: "57P03" }))).toBe(true); // starting up
    expect(isDatabaseUnavailable(err({ code: "08006" }))).toBe(true);
    // Node's happy-eyeballs connect: an AggregateError of one refusal per address.
    expect(isDatabaseUnavailable(new AggregateError([err({ code: "ECONNREFUSED" })], "connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: err({ code: "ECONNRESET" }) }))).toBe(true);
    expect(isDatabaseUnavailable(err({ code: "23505" }))).toBe(false); // unique violation: our bug, a 500
    expect(isDatabaseUnavailable(err({ code: "42P01" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("plain"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("answers 503 with a Retry-After and a clear message for an unreachable database", async () => {
    const res = errorResponse(err({ code: "ECONNREFUSED" }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ error: "unavailable", message: "The database cannot be reached right now; try again shortly." });
  });
});

describe("TimescaleDB detection", () => {
  const probe = { available: true, installed: false, preloadLibraries: "timescaledb", loaderSetting: "16" };

  it("reads shared_preload_libraries lists as the server reports them", () => {
    expect(preloadsTimescale("timescaledb")).toBe(true);
    expect(preloadsTimescale("pg_stat_statements, timescaledb")).toBe(true);
    expect(preloadsTimescale("'$libdir/timescaledb',auto_explain")).toBe(true);
    expect(preloadsTimescale("")).toBe(false);
    expect(preloadsTimescale("pg_stat_statements")).toBe(false);
    expect(preloadsTimescale("timescaledb_toolkit")).toBe(false);
  });

  it("uses TimescaleDB only when it is installed on the server and preloaded", () => {
    expect(decideTimescale(probe)).toEqual({ use: true });
    expect(decideTimescale({ ...probe, available: false, preloadLibraries: "" })).toEqual({ use: false, reason: "not_available" });
    expect(decideTimescale({ ...probe, preloadLibraries: "", loaderSetting: null })).toEqual({ use: false, reason: "not_preloaded", message: NOT_PRELOADED_MESSAGE });
    // A role without pg_read_all_settings sees no shared_preload_libraries: the loader's setting decides.
    expect(decideTimescale({ ...probe, preloadLibraries: null, loaderSetting: "16" })).toEqual({ use: true });
    expect(decideTimescale({ ...probe, preloadLibraries: null, loaderSetting: null })).toMatchObject({ use: false, reason: "not_preloaded" });
    expect(NOT_PRELOADED_MESSAGE).toContain("shared_preload_libraries = 'timescaledb'");
  });

  it("refuses a database that has the extension on a server that no longer preloads it", () => {
    expect(() => decideTimescale({ ...probe, installed: true, preloadLibraries: "", loaderSetting: null })).toThrow(INSTALLED_NOT_PRELOADED_MESSAGE);
  });

  it("recognises the loader's FATAL refusal (postgres.js error shape)", () => {
    const fatal = Object.assign(new Error('extension "timescaledb" must be preloaded'), {
      severity: "FATAL",
      code: "XX000",
      hint: "Please preload the timescaledb library via shared_preload_libraries.\n\nThis can be done by editing the config file at: /etc/postgresql/15/main/postgresql.conf",
    });
    expect(isNotPreloadedError(fatal)).toBe(true);
    expect(isNotPreloadedError({ message: "other", hint: "Please preload the timescaledb library via shared_preload_libraries." })).toBe(true);
    expect(isNotPreloadedError(new Error('permission denied to create extension "timescaledb"'))).toBe(false);
    expect(isNotPreloadedError("string")).toBe(false);
  });
});

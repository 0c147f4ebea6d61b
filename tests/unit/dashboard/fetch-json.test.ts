import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { fetchJson } from "@/lib/api-client/fetch-json";

const answer = (status: number, body: unknown) => vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })));

describe("the server's message on an error box", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is not said twice when the message already holds the field's problem (the pages read 'X (X)')", async () => {
    const m = "start_date: start_date must lie between the years 1900 and 2199";
    vi.stubGlobal("fetch", answer(400, { error: "bad_request", message: `Invalid query parameters: ${m}`, errors: [{ field: "start_date", message: "start_date must lie between the years 1900 and 2199" }] }));
    await expect(fetchJson("/api/v1/kpi/summary", z.unknown())).rejects.toThrow(new RegExp(`^Invalid query parameters: ${m}$`));
  });

  it("still adds what the message does not say", async () => {
    vi.stubGlobal("fetch", answer(400, { error: "bad_request", message: "Invalid machine", errors: [{ field: "rated_power_kw", message: "must not be negative" }] }));
    await expect(fetchJson("/api/v1/machines", z.unknown())).rejects.toThrow(/^Invalid machine \(rated_power_kw: must not be negative\)$/);
  });
});

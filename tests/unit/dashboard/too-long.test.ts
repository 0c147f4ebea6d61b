import { describe, expect, it } from "vitest";
import { tooLongOf, tooLongSentence } from "@/lib/dashboard/too-long";

// 2026-08-31T22:00Z is midnight of Tue 1 Sep 2026 in Berlin (CEST, +02:00).
const body = { error: "bad_request", message: "Machine 0387… has readings longer than a daily bucket", machine_id: "m1", bucket_start: "2026-08-31T22:00:00.000Z", granularity: "daily", supported_granularities: ["monthly"] };

describe("readings longer than a bucket, worded for the plant", () => {
  it("reads the series API's 400 body, and nothing else", () => {
    expect(tooLongOf(body)).toEqual({ machineId: "m1", granularity: "daily", bucketStart: Date.UTC(2026, 7, 31, 22), supported: ["monthly"] });
    expect(tooLongOf({ error: "bad_request", message: "Invalid query" })).toBeNull();
    expect(tooLongOf({ ...body, bucket_start: "nope" })).toBeNull();
    expect(tooLongOf(undefined)).toBeNull();
    expect(tooLongOf("text")).toBeNull();
  });

  it("names the machine, the bucket in plant time with the zone, and the granularities that hold the readings", () => {
    const s = tooLongSentence("Press-7", tooLongOf(body)!, "Europe/Berlin");
    expect(s).toBe("Press-7 has readings longer than a daily bucket (the one starting Tue, 1 Sept 2026, 00:00, Europe/Berlin), such as monthly bills or daily reads, which are never spread over buckets: choose monthly to see them.");
    expect(s).not.toMatch(/Z\b|0387/);
    // In New York the same instant is 31 Aug, 18:00.
    expect(tooLongSentence("Press-7", tooLongOf(body)!, "America/New_York")).toContain("Mon, 31 Aug 2026, 18:00, America/New_York");
  });

  it("says 'an hourly bucket', and what to do when no granularity holds them or the granularity is fixed", () => {
    const t = { granularity: "hourly", bucketStart: Date.UTC(2026, 8, 1), supported: [] };
    expect(tooLongSentence("Press-7", t, "UTC")).toContain("longer than an hourly bucket");
    expect(tooLongSentence("Press-7", t, "UTC")).toContain("no calendar granularity holds them whole in this period");
    expect(tooLongSentence("Press-7", t, "UTC", "a load profile needs readings of an hour or shorter")).toMatch(/: a load profile needs readings of an hour or shorter\.$/);
  });
});

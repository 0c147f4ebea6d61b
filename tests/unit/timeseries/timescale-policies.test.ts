import { describe, expect, it } from "vitest";
import {
  addPolicySql,
  initialStart,
  intervalSeconds,
  policiesToReplace,
  policyDrift,
  policySpecs,
  refreshPolicies,
  removePolicySql,
  type ExistingJob,
  type PolicySpec,
} from "@/lib/timeseries/timescale-policies";
import { levels, rawTable, rollupTable, seriesKinds } from "@/lib/timeseries/definitions";

// The jobs migration keeps in step with the code, without a server (tests/integration/
// timescale-policies.test.ts checks them on one).

/** The job a spec asks for, as timescaledb_information.jobs would show it. */
function jobOf(spec: PolicySpec, jobId = 1000): ExistingJob {
  return {
    jobId,
    job: spec.job,
    relation: spec.relation,
    everyS: intervalSeconds(spec.every),
    startS: spec.job === "refresh" ? intervalSeconds(spec.start) : null,
    endS: spec.job === "refresh" ? intervalSeconds(spec.end) : null,
    compressAfterS: spec.job === "compression" ? intervalSeconds(spec.compressAfter) : null,
    fixedSchedule: true,
    second: spec.second,
  };
}

describe("policySpecs", () => {
  const specs = policySpecs();

  it("asks for a refresh policy per aggregate and a compression policy per raw table: 15 jobs", () => {
    expect(specs).toHaveLength(15);
    for (const kind of seriesKinds) {
      for (const level of levels) expect(specs.filter((s) => s.job === "refresh" && s.relation === rollupTable(kind, level))).toHaveLength(1);
      expect(specs.filter((s) => s.job === "compression" && s.relation === rawTable[kind])).toHaveLength(1);
    }
  });

  it("starts every job at its own second of the minute, the lower levels first", () => {
    expect(specs.map((s) => s.second)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56]);
    expect(specs.slice(0, 3).map((s) => s.relation)).toEqual(["energy_readings_1min", "production_data_1min", "environmental_data_1min"]);
    // Every schedule is a whole number of minutes: distinct seconds never meet.
    for (const s of specs) expect(intervalSeconds(s.every) % 60).toBe(0);
  });

  it("gives each refresh window at least two buckets, ending a bucket back", () => {
    const bucket = { "1min": 60, "15min": 900, "1hour": 3600, "1day": 86_400 } as const;
    for (const level of levels) {
      const p = refreshPolicies[level];
      expect(intervalSeconds(p.end)).toBe(bucket[level]);
      expect(intervalSeconds(p.start) - intervalSeconds(p.end)).toBeGreaterThanOrEqual(2 * bucket[level]);
    }
  });
});

describe("policyDrift and policiesToReplace", () => {
  const specs = policySpecs();
  const spec = specs.find((s) => s.relation === "energy_readings_15min")!;

  it("keeps jobs that match, and replaces the missing ones", () => {
    const jobs = specs.slice(1).map((s, i) => jobOf(s, 1000 + i));
    expect(policiesToReplace(jobs, specs)).toEqual([{ spec: specs[0], why: ["missing"] }]);
    expect(policiesToReplace(specs.map((s) => jobOf(s)), specs)).toEqual([]);
  });

  it("names each setting that changed: offsets, schedule, compression age, start second, drifting schedule", () => {
    expect(policyDrift({ ...jobOf(spec), startS: 3600 }, spec)).toEqual(["start_offset 3600 s, wanted 86400 s"]);
    expect(policyDrift({ ...jobOf(spec), endS: 60, everyS: 60 }, spec)).toEqual(["schedule_interval 60 s, wanted 300 s", "end_offset 60 s, wanted 900 s"]);
    // A job created before the staggering (no initial_start) starts when it was created.
    expect(policyDrift({ ...jobOf(spec), second: null, fixedSchedule: false }, spec)).toEqual(["drifting schedule, wanted fixed", "starts at second none, wanted 12"]);
    const compression = specs.find((s) => s.job === "compression")!;
    expect(policyDrift({ ...jobOf(compression), compressAfterS: 86_400 }, compression)).toEqual(["compress_after 86400 s, wanted 604800 s"]);
  });

  it("replaces a relation holding two jobs of one kind", () => {
    const jobs = [...specs.map((s) => jobOf(s)), jobOf(spec, 2000)];
    expect(policiesToReplace(jobs, specs)).toEqual([{ spec, why: ["2 jobs"] }]);
  });
});

describe("policy SQL", () => {
  it("removes a policy if it exists, then adds it with its settings and first run", () => {
    const [refresh] = policySpecs();
    const compression = policySpecs().find((s) => s.job === "compression")!;
    expect(removePolicySql(refresh!)).toBe("SELECT remove_continuous_aggregate_policy('energy_readings_1min', if_exists => TRUE)");
    expect(addPolicySql(refresh!)).toBe(
      "SELECT add_continuous_aggregate_policy('energy_readings_1min', start_offset => INTERVAL '2 hours', end_offset => INTERVAL '1 minute', " +
        "schedule_interval => INTERVAL '1 minute', initial_start => $1::timestamptz)",
    );
    expect(removePolicySql(compression)).toBe("SELECT remove_compression_policy('energy_readings', if_exists => TRUE)");
    expect(addPolicySql(compression)).toBe(
      "SELECT add_compression_policy('energy_readings', compress_after => INTERVAL '7 days', schedule_interval => INTERVAL '12 hours', initial_start => $1::timestamptz)",
    );
    // Never the if_not_exists that kept old settings.
    for (const s of policySpecs()) expect(addPolicySql(s)).not.toContain("if_not_exists");
  });

  it("first runs a job at its second of the minute after next", () => {
    const now = Date.parse("2026-03-02T10:47:31.500Z");
    expect(new Date(initialStart(now, 0)).toISOString()).toBe("2026-03-02T10:49:00.000Z");
    expect(new Date(initialStart(now, 56)).toISOString()).toBe("2026-03-02T10:49:56.000Z");
  });

  it("reads the intervals it writes, and refuses others", () => {
    expect(intervalSeconds("1 minute")).toBe(60);
    expect(intervalSeconds("35 days")).toBe(35 * 86_400);
    expect(() => intervalSeconds("1 week")).toThrow(/unsupported/);
  });
});

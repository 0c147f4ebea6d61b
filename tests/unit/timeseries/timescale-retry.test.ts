import { describe, expect, it } from "vitest";
import { coalesced, isConcurrentRefresh, retryConcurrentRefresh, type CoalesceLanes } from "@/lib/timeseries/timescale-retry";

// The retry and serialisation of TimescaleDB refreshes, without a server: a refusal is an error
// with SQLSTATE 55P03, as postgres.js reports it (tests/integration/timescale-concurrency.test.ts
// meets the real one).

const refused = () => Object.assign(new Error('could not refresh continuous aggregate "x" due to a concurrent refresh'), { code: "55P03" });

describe("retryConcurrentRefresh", () => {
  it("retries a refused refresh after each wait, jittered, and returns once it goes through", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryConcurrentRefresh(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(refused()) : Promise.resolve("done");
      },
      { delaysMs: [100, 200, 400], sleep: (ms) => Promise.resolve(void waits.push(ms)), random: () => 0.25 },
    );
    expect(result).toBe("done");
    expect(calls).toBe(3);
    // 0.5 + 0.25 of each wait.
    expect(waits).toEqual([75, 150]);
  });

  it("throws the refusal after the last wait", async () => {
    let calls = 0;
    const run = retryConcurrentRefresh(
      () => {
        calls += 1;
        return Promise.reject(refused());
      },
      { delaysMs: [1, 1], sleep: () => Promise.resolve() },
    );
    await expect(run).rejects.toMatchObject({ code: "55P03" });
    expect(calls).toBe(3);
  });

  it("throws any other error at once", async () => {
    let calls = 0;
    const run = retryConcurrentRefresh(
      () => {
        calls += 1;
        return Promise.reject(Object.assign(new Error("relation does not exist"), { code: "42P01" }));
      },
      { delaysMs: [1, 1], sleep: () => Promise.resolve() },
    );
    await expect(run).rejects.toMatchObject({ code: "42P01" });
    expect(calls).toBe(1);
  });

  it("tells a refusal from other errors", () => {
    expect(isConcurrentRefresh(refused())).toBe(true);
    expect(isConcurrentRefresh(new Error("55P03"))).toBe(false);
    expect(isConcurrentRefresh(undefined)).toBe(false);
  });
});

describe("coalesced", () => {
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  it("runs one at a time; callers during a run share one follow-up run that starts after it", async () => {
    const lanes: CoalesceLanes<number> = new WeakMap();
    const key = {};
    const gates = [gate(), gate()];
    const log: string[] = [];
    let runs = 0;
    const fn = async () => {
      const n = runs;
      runs += 1;
      log.push(`start ${n}`);
      await gates[n]!.opened;
      log.push(`end ${n}`);
      return n;
    };
    const first = coalesced(lanes, key, fn);
    const second = coalesced(lanes, key, fn);
    const third = coalesced(lanes, key, fn);
    expect(second).toBe(third);
    await Promise.resolve();
    expect(log).toEqual(["start 0"]);
    gates[0]!.open();
    expect(await first).toBe(0);
    gates[1]!.open();
    expect(await Promise.all([second, third])).toEqual([1, 1]);
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1"]);
    // Idle again: the next caller starts a run of its own at once.
    gates.push(gate());
    const fourth = coalesced(lanes, key, fn);
    expect(log.at(-1)).toBe("start 2");
    gates[2]!.open();
    expect(await fourth).toBe(2);
  });

  it("starts the follow-up run even when the current one fails, and keeps keys apart", async () => {
    const lanes: CoalesceLanes<string> = new WeakMap();
    const a = {};
    const b = {};
    let calls = 0;
    const failing = coalesced(lanes, a, () => {
      calls += 1;
      return Promise.reject(new Error("boom"));
    });
    const next = coalesced(lanes, a, () => Promise.resolve("after"));
    const other = coalesced(lanes, b, () => Promise.resolve("other key"));
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe("after");
    expect(await other).toBe("other key");
    expect(calls).toBe(1);
  });
});

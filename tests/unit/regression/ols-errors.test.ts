import { describe, expect, it } from "vitest";
import { fitOls, RegressionError, type RegressionErrorCode } from "@/lib/analytics/regression";
import { mulberry32 } from "./helpers";

function catchRegression(fn: () => unknown): RegressionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegressionError) return e;
    throw e;
  }
  throw new Error("expected a RegressionError");
}

function expectError(fn: () => unknown, code: RegressionErrorCode, drivers?: string[]): RegressionError {
  const err = catchRegression(fn);
  expect(err.code).toBe(code);
  expect(err.name).toBe("RegressionError");
  expect(err).toBeInstanceOf(Error);
  if (drivers) expect([...err.drivers].sort()).toEqual([...drivers].sort());
  return err;
}

/** n rows of independent uniform drivers. */
function randomRows(n: number, k: number, seed = 7): number[][] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => 10 * u()));
}

describe("rank deficiency names the drivers involved", () => {
  const base = randomRows(30, 3);
  const y = base.map((r, i) => r[0]! + 2 * r[1]! - r[2]! + (i % 3));

  it("constant driver (collinear with the intercept)", () => {
    const X = base.map((r) => [r[0]!, 5, r[1]!]);
    const err = expectError(() => fitOls(X, y, ["temp", "constant", "occ"]), "rank_deficient", ["constant"]);
    expect(err.message).toMatch(/constant/i);
  });

  it("a constant driver is fine without intercept (it plays the intercept's role)", () => {
    const X = base.map((r) => [r[0]!, 5]);
    const fit = fitOls(X, y, ["temp", "constant"], { intercept: false });
    expect(fit.coefficients).toHaveLength(2);
  });

  it("all-zero driver", () => {
    const X = base.map((r) => [r[0]!, 0]);
    expectError(() => fitOls(X, y, ["temp", "zero"], { intercept: false }), "rank_deficient", ["zero"]);
  });

  it("exact duplicate", () => {
    const X = base.map((r) => [r[0]!, r[1]!, r[2]!, r[1]!]);
    const err = expectError(() => fitOls(X, y, ["a", "b", "c", "b_copy"]), "rank_deficient", ["b", "b_copy"]);
    expect(err.message).toMatch(/collinear/i);
  });

  it("exact linear combination of three drivers", () => {
    const X = randomRows(40, 4, 11).map((r) => [r[0]!, r[1]!, r[2]!, 2 * r[0]! - 0.5 * r[1]! + r[2]!, r[3]!]);
    const yy = X.map((r, i) => r[0]! - r[4]! + 0.1 * i);
    expectError(() => fitOls(X, yy, ["hdd", "cdd", "prod", "combo", "other"]), "rank_deficient", ["hdd", "cdd", "prod", "combo"]);
  });

  it("drivers that sum to a constant are collinear with the intercept", () => {
    const X = base.map((r) => [r[0]!, 10 - r[0]!, r[1]!]);
    const err = expectError(() => fitOls(X, y, ["occupied", "unoccupied", "temp"]), "rank_deficient", ["occupied", "unoccupied"]);
    expect(err.message).toMatch(/intercept/);
  });
});

describe("input validation", () => {
  const X = randomRows(10, 2);
  const y = X.map((r) => r[0]! + r[1]!);

  it("too few samples: n must exceed p", () => {
    expectError(() => fitOls(X.slice(0, 3), y.slice(0, 3), ["a", "b"]), "too_few_samples");
    expectError(() => fitOls([], [], ["a"]), "too_few_samples");
    // n = p + 1 is the minimum
    expect(fitOls(X.slice(0, 4), [1, 3, 2, 5], ["a", "b"]).stats.dfResidual).toBe(1);
  });

  it("NaN or Infinity in a driver → invalid_input naming it", () => {
    const bad = X.map((r, i) => (i === 4 ? [r[0]!, Number.NaN] : r));
    expectError(() => fitOls(bad, y, ["a", "b"]), "invalid_input", ["b"]);
    const inf = X.map((r, i) => (i === 2 ? [Infinity, r[1]!] : r));
    expectError(() => fitOls(inf, y, ["a", "b"]), "invalid_input", ["a"]);
  });

  it("NaN in y → invalid_input", () => {
    const yy = y.map((v, i) => (i === 3 ? Number.NaN : v));
    expectError(() => fitOls(X, yy, ["a", "b"]), "invalid_input");
  });

  it("shape mismatches and bad options → invalid_input", () => {
    expectError(() => fitOls(X, y.slice(1), ["a", "b"]), "invalid_input");
    expectError(() => fitOls(X, y, ["a"]), "invalid_input");
    expectError(() => fitOls(X, y, ["a", "a"]), "invalid_input");
    expectError(() => fitOls(X, y, ["a", "b"], { confidence: 1.5 }), "invalid_input");
    expectError(() => fitOls(X.map(() => []), y, [], { intercept: false }), "invalid_input");
  });
});

import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/dashboard/field-errors";

describe("an API 400's field errors, for a form", () => {
  const fields = ["name", "rated_power_kw", "max_plausible_power_kw"];
  it("keys each message by its field (first one each) and keeps the others apart", () => {
    const body = {
      error: "bad_request",
      message: "Invalid machine: rated_power_kw: must not be negative",
      errors: [
        { field: "rated_power_kw", message: "must not be negative" },
        { field: "rated_power_kw", message: "second" },
        { field: "site_id", message: "no such site" },
        { field: "", message: "whole body" },
      ],
    };
    expect(fieldErrorsOf(body, fields)).toEqual({ byField: { rated_power_kw: "must not be negative" }, rest: ["site_id: no such site", "whole body"] });
  });
  it("gives nothing for a body without errors, or no body", () => {
    expect(fieldErrorsOf({ error: "conflict", message: "name taken" }, fields)).toEqual({ byField: {}, rest: [] });
    expect(fieldErrorsOf(undefined, fields)).toEqual({ byField: {}, rest: [] });
  });
});

import { describe, expect, it } from "vitest";
import { allowedFrom } from "@/lib/anomaly/workflow";
import { defaultSilentAfterMs } from "@/lib/anomaly/silent";
import { actorOf } from "@/lib/api/actor";

describe("workflow transitions", () => {
  it("allows open → acknowledged | resolved | false_positive, acknowledged → resolved | false_positive, and reopening", () => {
    expect(allowedFrom("open")).toEqual(["acknowledged", "resolved", "false_positive"]);
    expect(allowedFrom("acknowledged")).toEqual(["resolved", "false_positive"]);
    expect(allowedFrom("resolved")).toEqual(["open"]);
    expect(allowedFrom("false_positive")).toEqual(["open"]);
    expect(allowedFrom("archived")).toEqual([]);
  });
});

describe("silent meters", () => {
  it("are judged after three intervals, never before an hour", () => {
    expect(defaultSilentAfterMs(60)).toBe(3_600_000);
    expect(defaultSilentAfterMs(900)).toBe(3_600_000);
    expect(defaultSilentAfterMs(3600)).toBe(3 * 3_600_000);
    expect(defaultSilentAfterMs(86_400)).toBe(3 * 86_400_000);
  });
});

describe("who acts", () => {
  const req = (headers: Record<string, string> = {}) => new Request("http://localhost/x", { headers });
  it("is the x-user header, else the body's who, else anonymous", () => {
    expect(actorOf(req({ "x-user": " maria " }), "jo")).toBe("maria");
    expect(actorOf(req(), "jo")).toBe("jo");
    expect(actorOf(req(), "  ")).toBe("anonymous");
    expect(actorOf(req())).toBe("anonymous");
  });
});

import { describe, expect, it } from "vitest";
import { warmHostPolicy } from "./warm-host-policy";

describe("BFS_WARM_HOST", () => {
  it("defaults to after-job, accepts the three policies, refuses anything else", () => {
    expect(warmHostPolicy(undefined)).toBe("after-job");
    expect(warmHostPolicy("")).toBe("after-job");
    expect(warmHostPolicy("Eager")).toBe("eager");
    expect(warmHostPolicy("off")).toBe("off");
    expect(warmHostPolicy("0")).toBe("off");
    expect(() => warmHostPolicy("sometimes")).toThrow(/BFS_WARM_HOST='sometimes'/);
  });
});

import { describe, expect, it } from "vitest";
import { canCancel, canResume, isJobState, isTerminal, JOB_STATES } from "./job-status";

describe("job states", () => {
  it("classifies every state", () => {
    const table = Object.fromEntries(JOB_STATES.map((s) => [s, [isTerminal(s), canCancel(s), canResume(s)]]));
    expect(table).toEqual({
      queued: [false, true, false],
      running: [false, true, false],
      succeeded: [true, false, false],
      failed: [true, false, true],
      cancelled: [true, false, true],
    });
    expect(isJobState("done")).toBe(false);
    expect(isTerminal(undefined)).toBe(false);
  });
});

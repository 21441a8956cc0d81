import { describe, expect, it } from "vitest";
import { groupErrors, splitRowAddress } from "@/components/jobs/error-groups";
import type { RowError } from "@/server/jobs/job-types";

const err = (errorType: string, message: string, rowAddress: number, action: "skipped" | "failed" = "skipped"): RowError => ({
  jobId: "j", rowAddress, fragment: Math.floor(rowAddress / 2 ** 32), errorType, message, traceback: `Traceback\n${errorType}: ${message}`, action, attempts: 1, ts: 0,
});

describe("groupErrors", () => {
  it("groups by type with counts, most frequent first, samples in record order", () => {
    const errors = [
      err("KeyError", "'x'", 1),
      err("ValueError", "bad row 7", 7),
      err("ValueError", "bad row 9", 9),
      err("ValueError", "bad row 7", 2 ** 32 + 7, "failed"),
      err("KeyError", "'x'", 3),
      err("ValueError", "bad row 7", 2 ** 33),
    ];
    const g = groupErrors(errors, 2);
    expect(g.map((x) => [x.errorType, x.count, x.skipped, x.failed])).toEqual([["ValueError", 4, 3, 1], ["KeyError", 2, 2, 0]]);
    expect(g[0].samples.map((s) => s.rowAddress)).toEqual([7, 9]);
    expect(g[0].messages).toEqual([{ message: "bad row 7", count: 3 }, { message: "bad row 9", count: 1 }]);
    expect(g.reduce((n, x) => n + x.count, 0)).toBe(errors.length);
  });
  it("breaks count ties by name and names untyped errors", () => {
    const g = groupErrors([err("B", "m", 1), err("A", "m", 2), err("", "m", 3)]);
    expect(g.map((x) => x.errorType)).toEqual(["A", "B", "Error"]);
    expect(groupErrors([])).toEqual([]);
  });
});

describe("splitRowAddress", () => {
  it("is (fragment << 32) | offset", () => {
    expect(splitRowAddress(0)).toEqual({ fragment: 0, offset: 0 });
    expect(splitRowAddress(3 * 2 ** 32 + 1999)).toEqual({ fragment: 3, offset: 1999 });
    expect(splitRowAddress(100_000 * 2 ** 32 + 5)).toEqual({ fragment: 100_000, offset: 5 });
    expect(splitRowAddress(null)).toBeNull();
    expect(splitRowAddress(-1)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { backfillBody, parseIntField, whereFor } from "@/components/backfills/backfill-scope";
import { describePolicy, parsePolicy } from "@/components/backfills/error-policy";
import { clip, describeWhere, jobDurationMs, jobFractions } from "@/components/jobs/job-format";
import { appendLines, mergeProgress, type ProgressMessage } from "@/components/jobs/job-progress";
import type { Job } from "@/server/jobs/job-types";

describe("backfill scope", () => {
  it("maps the choice to a where", () => {
    expect(whereFor("gaps", "x > 1")).toBeUndefined();
    expect(whereFor("all", "")).toBe("1=1");
    expect(whereFor("custom", "  rating >= 4 ")).toBe("rating >= 4");
    expect(whereFor("custom", "  ")).toBeNull();
  });
  it("builds the request body, leaving defaults to the server", () => {
    const base = { column: "c", scope: "gaps" as const, customWhere: "", concurrency: "", checkpointSize: "", runner: "local" as const, dryRun: true };
    expect(backfillBody(base)).toEqual({ column: "c", runner: "local", dryRun: true });
    expect(backfillBody({ ...base, scope: "custom", customWhere: "id < 5", concurrency: "4", checkpointSize: "500", dryRun: false }))
      .toEqual({ column: "c", runner: "local", where: "id < 5", concurrency: 4, checkpointSize: 500 });
    expect(backfillBody({ ...base, scope: "custom" })).toBeNull();
    expect(backfillBody({ ...base, concurrency: "0" })).toBeNull();
    expect(backfillBody({ ...base, checkpointSize: "1.5" })).toBeNull();
  });
  it("checks number fields", () => {
    expect(parseIntField("", 1, 64)).toEqual({ value: undefined, error: null });
    expect(parseIntField(" 8 ", 1, 64)).toEqual({ value: 8, error: null });
    expect(parseIntField("65", 1, 64).error).toBe("an integer from 1 to 64");
    expect(parseIntField("abc", 1, 1_000_000).error).toBe("an integer from 1 to 1,000,000");
  });
});

describe("error policy", () => {
  it("parses the data plane's description", () => {
    expect(parsePolicy("fail")).toEqual([]);
    expect(parsePolicy("skip(Exception)")).toEqual([{ action: "skip", exceptions: ["Exception"], match: null, attempts: null, backoff: null }]);
    expect(parsePolicy("retry(ConnectionError,TimeoutError,OSError x3 exponential); skip(ValueError /bad (row)/)")).toEqual([
      { action: "retry", exceptions: ["ConnectionError", "TimeoutError", "OSError"], match: null, attempts: 3, backoff: "exponential" },
      { action: "skip", exceptions: ["ValueError"], match: "bad (row)", attempts: null, backoff: null },
    ]);
  });
  it("says what happens, including to unmatched errors", () => {
    expect(describePolicy(undefined)).toEqual(["Any row error fails the job (the default: fail)."]);
    expect(describePolicy("skip(Exception)")).toEqual(["Exception: the row becomes NULL and is recorded as skipped; the job goes on."]);
    expect(describePolicy("retry(OSError x5 linear)")).toEqual([
      "OSError: retried up to 5× (linear backoff), then the job fails.",
      "Any other error fails the job.",
    ]);
  });
});

describe("job stream folding", () => {
  const job = { id: "j", state: "running", rowsCheckpointed: 0, events: [{ ts: "1", type: "planned", message: "p" }] } as unknown as Job;
  it("takes the new counters and appends a new last event once", () => {
    const p = { ...job, rowsCheckpointed: 10, lastEvent: { ts: "2", type: "commit", message: "c" } } as unknown as ProgressMessage;
    delete (p as Partial<Job>).events;
    const a = mergeProgress(job, p);
    expect(a.rowsCheckpointed).toBe(10);
    expect(a.events.map((e) => e.type)).toEqual(["planned", "commit"]);
    expect(mergeProgress(a, p).events).toHaveLength(2);
    expect(mergeProgress(undefined, { ...p, lastEvent: null }).events).toEqual([]);
  });
  it("keeps the log tail bounded", () => {
    expect(appendLines(["a", "b"], ["c", "d"], 3)).toEqual(["b", "c", "d"]);
  });
});


describe("job formatting", () => {
  it("describes a where, folding row-address lists", () => {
    expect(describeWhere(null).label).toBe("NULL or stale rows (default)");
    expect(describeWhere("rating >= 4")).toEqual({ label: "where rating >= 4", full: "rating >= 4" });
    expect(describeWhere("_rowaddr IN (4, 5, 4294967296)").label).toBe("3 listed rows (by row address)");
    expect(describeWhere("(rating > 1) AND _rowaddr IN (7)").label).toBe("where rating > 1, 1 listed row (by row address)");
  });
  it("clips long messages", () => {
    expect(clip("abc", 5)).toEqual({ text: "abc", cut: 0 });
    expect(clip("abcdefgh", 5)).toEqual({ text: "abcde", cut: 3 });
  });
  it("durations and fractions", () => {
    expect(jobDurationMs({ startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:09Z", state: "succeeded" })).toBe(9000);
    expect(jobDurationMs({ startedAt: "2026-01-01T00:00:00Z", finishedAt: null, state: "running" }, Date.parse("2026-01-01T00:00:02Z"))).toBe(2000);
    expect(jobDurationMs({ startedAt: null, finishedAt: null, state: "queued" })).toBeNull();
    expect(jobFractions({ rowsPlanned: 200, rowsCommitted: 50, rowsCheckpointed: 100, state: "running" })).toEqual({ committed: 0.25, checkpointed: 0.5 });
    expect(jobFractions({ rowsPlanned: 0, rowsCommitted: 0, rowsCheckpointed: 0, state: "succeeded" })).toEqual({ committed: 1, checkpointed: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { backfillBody, parseIntField, whereFor } from "@/components/backfills/backfill-scope";
import { choose, describeNeeds, groupValue, runnerOptions, workerGroupOptions } from "@/components/backfills/runners";
import type { ClusterView } from "@/server/clusters/cluster-types";
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
    const base = { column: "c", scope: "gaps" as const, customWhere: "", concurrency: "", checkpointSize: "", runner: { runner: "local" as const }, dryRun: true };
    expect(backfillBody(base)).toEqual({ column: "c", runner: "local", dryRun: true });
    expect(backfillBody({ ...base, scope: "custom", customWhere: "id < 5", concurrency: "4", checkpointSize: "500", dryRun: false }))
      .toEqual({ column: "c", runner: "local", where: "id < 5", concurrency: 4, checkpointSize: 500 });
    expect(backfillBody({ ...base, scope: "custom" })).toBeNull();
    expect(backfillBody({ ...base, concurrency: "0" })).toBeNull();
    expect(backfillBody({ ...base, checkpointSize: "1.5" })).toBeNull();
  });
  it("sends the Ray cluster and worker group with runner ray", () => {
    const base = { column: "c", scope: "gaps" as const, customWhere: "", concurrency: "", checkpointSize: "", dryRun: false };
    expect(backfillBody({ ...base, runner: { runner: "ray", cluster: "lab", workerGroup: null } })).toEqual({ column: "c", runner: "ray", cluster: "lab" });
    expect(backfillBody({ ...base, runner: { runner: "ray", cluster: "lab", workerGroup: { labels: { group: "gpu" } } } }))
      .toEqual({ column: "c", runner: "ray", cluster: "lab", workerGroup: { labels: { group: "gpu" } } });
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

describe("runner choice", () => {
  const node = (id: string, alive: boolean, labels: Record<string, string>, resources: Record<string, number>) => ({ id, alive, head: false, ip: "10.0.0.1", labels, resources });
  const lab: ClusterView = {
    name: "lab", kind: "ray", address: "http://h:8265", hasToken: true, installDeps: false, createdAt: "", status: "up", rayVersion: "2.60.0",
    nodes: [
      node("a", true, { "ray.io/node-id": "a", group: "cpu" }, { CPU: 2, memory: 1e9, "node:10.0.0.1": 1 }),
      node("b", true, { group: "gpu-sim" }, { CPU: 1, gpu_sim: 1, "accelerator_type:A100": 1 }),
      node("c", false, { group: "dead-only" }, { CPU: 1, dead_res: 1 }),
    ],
  };
  it("lists local and each cluster; a down cluster is shown but not selectable", () => {
    const opts = runnerOptions([lab, { ...lab, name: "old", status: "down", error: "unreachable", nodes: undefined }]);
    expect(opts.map((o) => [o.value, o.available])).toEqual([["local", true], ["ray:lab", true], ["ray:old", false]]);
    expect(opts[1].detail).toBe("Ray 2.60.0 at http://h:8265 · 2 nodes alive");
    expect(opts[2].label).toBe("Ray · old (down)");
  });
  it("offers the labels and custom resources of alive nodes as worker groups, not Ray's own", () => {
    const groups = workerGroupOptions(lab);
    expect(groups.map((g) => g.value)).toEqual(["any", "label:group=cpu", "label:group=gpu-sim", "resource:gpu_sim"]);
    expect(groups[2].group).toEqual({ labels: { group: "gpu-sim" } });
    expect(groups[3]).toMatchObject({ group: { resource: "gpu_sim" }, nodes: 1 });
    for (const g of groups) expect(groupValue(g.group)).toBe(g.value);
  });
  it("keeps the worker group only while the cluster stays the same", () => {
    const prev = { runner: "ray" as const, cluster: "lab", workerGroup: { resource: "gpu_sim" } };
    expect(choose("ray:lab", prev)).toEqual(prev);
    expect(choose("ray:other", prev)).toEqual({ runner: "ray", cluster: "other", workerGroup: null });
    expect(choose("local", prev)).toEqual({ runner: "local" });
  });
  it("describes what each worker asks for", () => {
    expect(describeNeeds({})).toBe("1 CPU");
    expect(describeNeeds({ numCpus: 0.5, numGpus: 1, memory: 2 * 2 ** 30 })).toBe("0.5 CPU, 1 GPU, 2 GiB memory");
  });
});

import { describe, expect, it } from "vitest";
import { parseBackfillRequest } from "./backfill-request";

const bad = (body: unknown) => {
  try {
    parseBackfillRequest(body, 2);
  } catch (e) {
    return (e as { status: number; message: string });
  }
  throw new Error("expected an error");
};

describe("parseBackfillRequest", () => {
  it("fills defaults and trims where", () => {
    expect(parseBackfillRequest({ column: "c", where: "  id > 3 " }, 2)).toEqual({
      column: "c", where: "id > 3", concurrency: 2, checkpointSize: null, dryRun: false, runner: "local", cluster: null, workerGroup: null, pip: [], failedRowsOf: null,
    });
    expect(parseBackfillRequest({ column: "c", where: "   " }, 4).where).toBeNull();
  });

  it("parses the Ray runner's fields", () => {
    expect(parseBackfillRequest({ column: "c", cluster: "k", workerGroup: { group: "gpu-sim" }, pip: [" pillow "] }, 2)).toMatchObject({
      runner: "ray", cluster: "k", workerGroup: { labels: { group: "gpu-sim" } }, pip: ["pillow"],
    });
    expect(parseBackfillRequest({ column: "c", runner: "ray", cluster: "k", workerGroup: "gpu_sim" }, 2).workerGroup).toEqual({ resource: "gpu_sim" });
  });

  it("rejects bad fields with a 400 naming them", () => {
    expect(bad([])).toMatchObject({ status: 400, message: /JSON object/ });
    expect(bad({})).toMatchObject({ status: 400, message: /column/ });
    expect(bad({ column: "c", concurrency: 0 })).toMatchObject({ status: 400, message: /concurrency/ });
    expect(bad({ column: "c", concurrency: 2.5 })).toMatchObject({ message: /concurrency/ });
    expect(bad({ column: "c", checkpointSize: "10" })).toMatchObject({ message: /checkpointSize/ });
    expect(bad({ column: "c", where: 3 })).toMatchObject({ message: /where/ });
    expect(bad({ column: "c", dryRun: "yes" })).toMatchObject({ message: /dryRun/ });
    expect(bad({ column: "c", runner: "k8s" })).toMatchObject({ message: /runner 'k8s'/ });
    expect(bad({ column: "c", runner: "ray" })).toMatchObject({ message: /cluster is required/ });
    expect(bad({ column: "c", cluster: "x", runner: "local" })).toMatchObject({ message: /runner "ray" only/ });
    expect(bad({ column: "c", cluster: "x", workerGroup: 3 })).toMatchObject({ message: /workerGroup/ });
    expect(bad({ column: "c", cluster: "x", workerGroup: {} })).toMatchObject({ message: /workerGroup/ });
    expect(bad({ column: "c", cluster: "x", workerGroup: "GPU" })).toMatchObject({ message: /built-in/ });
    expect(bad({ column: "c", cluster: "x", pip: "numpy" })).toMatchObject({ message: /pip/ });
    expect(bad({ column: "c", failedRowsOf: 7 })).toMatchObject({ message: /failedRowsOf/ });
  });
});

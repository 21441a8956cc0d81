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
      column: "c", where: "id > 3", concurrency: 2, checkpointSize: null, dryRun: false, runner: "local", failedRowsOf: null,
    });
    expect(parseBackfillRequest({ column: "c", where: "   " }, 4).where).toBeNull();
  });

  it("rejects bad fields with a 400 naming them", () => {
    expect(bad([])).toMatchObject({ status: 400, message: /JSON object/ });
    expect(bad({})).toMatchObject({ status: 400, message: /column/ });
    expect(bad({ column: "c", concurrency: 0 })).toMatchObject({ status: 400, message: /concurrency/ });
    expect(bad({ column: "c", concurrency: 2.5 })).toMatchObject({ message: /concurrency/ });
    expect(bad({ column: "c", checkpointSize: "10" })).toMatchObject({ message: /checkpointSize/ });
    expect(bad({ column: "c", where: 3 })).toMatchObject({ message: /where/ });
    expect(bad({ column: "c", dryRun: "yes" })).toMatchObject({ message: /dryRun/ });
    expect(bad({ column: "c", runner: "ray" })).toMatchObject({ message: /runner 'ray'/ });
    expect(bad({ column: "c", failedRowsOf: 7 })).toMatchObject({ message: /failedRowsOf/ });
  });
});

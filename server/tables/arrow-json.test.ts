import { describe, expect, it } from "vitest";
import { rowToJson, toJsonValue } from "./arrow-json";

describe("toJsonValue", () => {
  it("makes Arrow cell values JSON-safe", () => {
    expect(toJsonValue(5n)).toBe(5);
    expect(toJsonValue(2n ** 60n)).toBe("1152921504606846976");
    expect(toJsonValue(NaN)).toBeNull();
    expect(toJsonValue(new Uint8Array([137, 80, 78, 71]))).toEqual({ $bytes: "iVBORw==", size: 4 });
    expect(toJsonValue(new Float32Array([0.5, 1]))).toEqual([0.5, 1]);
    expect(toJsonValue(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(rowToJson({ a: { toJSON: () => ({ x: 1n }) }, b: null })).toEqual({ a: { x: 1 }, b: null });
  });
});

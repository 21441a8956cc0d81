// Guards the set-up contract's stamps: if these hashes drifted between runs,
// every `npm start` would reinstall and rebuild.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sha256, sourceHash, venvPython } from "../scripts/lib/setup.mjs";

describe("scripts/lib/setup.mjs", () => {
  it("resolves the repo root", () => {
    expect(fs.existsSync(path.join(ROOT, "package.json"))).toBe(true);
    expect(venvPython()).toBe(path.join(ROOT, ".venv", "bin", "python"));
  });

  it("hashes deterministically", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sourceHash()).toBe(sourceHash());
  });
});

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, packagePython, zipFiles } from "./package-zip";

const ROOT = path.resolve(__dirname, "../../..");

describe("package-zip", () => {
  it("crc32 matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("is deterministic and content-addressed, and Python's zipfile reads it back", () => {
    const a = packagePython(path.join(ROOT, "python"), ["backfill_studio", "geneva"]);
    const b = packagePython(path.join(ROOT, "python"), ["backfill_studio", "geneva"]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.name).toMatch(/^_ray_pkg_[0-9a-f]{40}\.zip$/);
    expect(a.uri).toBe(`gcs://${a.name}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bfs-zip-")), a.name);
    fs.writeFileSync(file, a.bytes);
    const out = execFileSync(path.join(ROOT, ".venv", "bin", "python"), ["-c", `
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
assert names == sorted(names)
print(len(names), "backfill_studio/driver.py" in names, "geneva/__init__.py" in names, any("__pycache__" in n for n in names))
print(z.read("backfill_studio/driver.py") == open(sys.argv[2], "rb").read())
`, file, path.join(ROOT, "python", "backfill_studio", "driver.py")], { encoding: "utf8" });
    expect(out.trim().split("\n")[0]).toMatch(/^\d+ True True False$/);
    expect(out.trim().split("\n")[1]).toBe("True");
    expect(zipFiles(new Map([["x", Buffer.from("different")]])).equals(a.bytes)).toBe(false);
  });
});

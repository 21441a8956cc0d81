// Monaco is served from node_modules through public/monaco/vs, never from a CDN.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureMonaco, MONACO_DEST, monacoStale, ROOT } from "../../scripts/lib/setup.mjs";

describe("Monaco offline", () => {
  it("copies monaco-editor/min/vs to public/monaco/vs and then reports it up to date", () => {
    ensureMonaco();
    expect(monacoStale()).toBe(false);
    for (const f of ["loader.js", "editor/editor.main.js", "editor/editor.main.css"]) expect(fs.existsSync(path.join(MONACO_DEST, f))).toBe(true);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/monaco-editor/package.json"), "utf8")).version;
    expect(fs.readFileSync(path.join(ROOT, "public/monaco/.bfs-monaco-version"), "utf8").trim()).toBe(`monaco-editor@${version}`);
  });

  it("points the editor's loader at /monaco/vs (the loader's default is a CDN)", () => {
    const src = fs.readFileSync(path.join(ROOT, "components/udfs/udf-editor.tsx"), "utf8");
    expect(src).toMatch(/loader\.config\(\{ paths: \{ vs: "\/monaco\/vs" \} \}\)/);
    // Monaco itself is only reached through the lazy (ssr:false) wrapper.
    const importers = fs.readdirSync(path.join(ROOT, "components/udfs")).filter((f) => /from "\.\/udf-editor"/.test(fs.readFileSync(path.join(ROOT, "components/udfs", f), "utf8")));
    expect(importers).toEqual(["udf-editor-lazy.tsx"]);
  });
});

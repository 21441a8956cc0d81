// Benchmarks are not tests: run them explicitly, e.g.
//   node node_modules/vitest/vitest.mjs run --config bench/vitest.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("../", import.meta.url)) }] },
  test: { root: fileURLToPath(new URL("../", import.meta.url)), include: ["bench/**/*.bench-run.ts"], testTimeout: 900_000, hookTimeout: 300_000, pool: "forks" },
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Same "@/..." alias as tsconfig.json (vitest does not read tsconfig paths).
    alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts", "server/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // 2-core machine, and integration tests spawn Python processes and a
    // Next server: run files one at a time in child processes.
    fileParallelism: false,
    pool: "forks",
  },
});

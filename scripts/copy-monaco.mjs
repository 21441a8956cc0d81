// Copy Monaco's AMD build (node_modules/monaco-editor/min/vs) to public/monaco/vs,
// where the UDF editor loads it from (no CDN). `npm start`/`npm test` do this by
// themselves when the copy is missing or stale; run this by hand after a manual
// `next build` or to force a fresh copy: node scripts/copy-monaco.mjs [--force]
import { ensureMonaco } from "./lib/setup.mjs";

try {
  ensureMonaco({ force: process.argv.includes("--force") });
} catch (e) {
  console.error(`[copy-monaco] ${e.message}`);
  process.exit(1);
}

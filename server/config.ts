// Process configuration, read once from the environment.
import path from "node:path";
import { warmHostPolicy, type WarmHostPolicy } from "./runners/local/warm-host-policy";

const repoRoot = process.cwd();
// Joined by hand: Turbopack traces path.join(process.cwd(), "...") as a file
// dependency of the bundle, and chokes on the venv's interpreter symlink.
const fromRoot = (...parts: string[]) => [repoRoot, ...parts].join(path.sep);

export interface Config {
  /** LanceDB database directory (LANCEDB_URI, default ./data). */
  dbUri: string;
  /** Checkpoints, provenance and jobs (default: inside the database directory). */
  stateDir: string;
  pythonBin: string;
  pythonPath: string;
  /** Local runner's warm job host (BFS_WARM_HOST: after-job (default), eager, off). */
  warmHost: WarmHostPolicy;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = env.LANCEDB_URI || "./data";
  const dbUri = raw.includes("://") ? raw : path.resolve(/* turbopackIgnore: true */ raw);
  return {
    dbUri,
    stateDir: env.BFS_STATE_DIR ? path.resolve(/* turbopackIgnore: true */ env.BFS_STATE_DIR) : path.join(dbUri, ".backfill-studio"),
    pythonBin: env.BFS_PYTHON || fromRoot(".venv", "bin", "python"),
    pythonPath: fromRoot("python"),
    warmHost: warmHostPolicy(env.BFS_WARM_HOST),
  };
}

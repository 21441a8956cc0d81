// Wires the process-wide singletons once (kept on globalThis so dev reloads
// and separate route bundles share them): config, Python pool, tables, jobs.
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "./config";
import { JobEvents } from "./jobs/job-events";
import { JobService } from "./jobs/job-service";
import { JobStore } from "./jobs/job-store";
import { PythonPool } from "./python/python-process";
import { sandboxLimits } from "./python/sandbox-config";
import { SandboxPool } from "./python/sandbox-pool";
import { LocalRunner } from "./runners/local/local-runner";
import { TableService } from "./tables/table-service";
import { UdfService } from "./udfs/udf-service";
import type { LaunchDeps } from "./backfills/launch-backfill";
import { ClusterService } from "./clusters/cluster-service";
import { ClusterStore } from "./clusters/cluster-store";
import { LocalRay } from "./clusters/local-ray";
import { RayRunner } from "./runners/ray/ray-runner";
import { ClusterConfigService } from "./kubernetes/config-service";
import { ConfigStore } from "./kubernetes/config-store";
import { KubeRayService } from "./kubernetes/kuberay-service";
import { LaunchDesigns } from "./kubernetes/launch-designs";
import { LocalShapes } from "./kubernetes/local-shape";

export interface Services extends LaunchDeps {
  config: Config;
  udfPool: SandboxPool;
  events: JobEvents;
  udfs: UdfService;
  configs: ClusterConfigService;
  kube: KubeRayService;
  shapes: LocalShapes;
  localRunner: LocalRunner;
}

function build(): Services {
  const config = loadConfig();
  const python = { pythonBin: config.pythonBin, pythonPath: config.pythonPath };
  const pool = new PythonPool(python, 1); // planning, where checks, seeding: no user code
  const udfPool = new SandboxPool(python, sandboxLimits()); // validate, preview, add/replace: runs user code
  const tables = new TableService(config.dbUri);
  const store = new JobStore(path.join(config.stateDir, "jobs"));
  const events = new JobEvents();
  let jobsRef: JobService | null = null;
  const clusters = new ClusterService(new ClusterStore(config.stateDir), new LocalRay({ pythonBin: config.pythonBin, stateDir: config.stateDir }),
    (name) => jobsRef?.usesCluster(name) ?? false);
  const rayRunner = new RayRunner(clusters, { pythonRoot: config.pythonPath });
  const defaultConcurrency = Math.max(1, Math.min(os.cpus().length, 8));
  const localRunner = new LocalRunner({
    pythonBin: config.pythonBin, pythonPath: config.pythonPath, stateDir: config.stateDir,
    warmWorkers: defaultConcurrency, warmPolicy: config.warmHost,
  });
  const jobs = new JobService(store, events, {
    local: localRunner,
    ray: rayRunner,
  });
  jobsRef = jobs;
  const udfs = new UdfService(udfPool, tables, config.dbUri);
  const configs = new ClusterConfigService(new ConfigStore(config.stateDir));
  const kube = new KubeRayService({ stateDir: config.stateDir, configs, clusters, jobs: () => jobs, events });
  const shapes = new LocalShapes({ pythonBin: config.pythonBin, stateDir: config.stateDir, configs, clusters });
  return {
    config, pool, udfPool, tables, store, events, jobs, udfs, clusters, rayRunner, configs, kube, shapes, localRunner,
    designs: new LaunchDesigns(configs, kube, shapes),
    dbUri: config.dbUri, stateDir: config.stateDir, defaultConcurrency,
  };
}

const KEY = Symbol.for("backfill-studio.services");
type G = typeof globalThis & { [KEY]?: Services };

export function services(): Services {
  const g = globalThis as G;
  if (!g[KEY]) g[KEY] = build();
  return g[KEY]!;
}

/** Called once at server start: resume interrupted jobs, warm Python. */
export function bootstrap(): void {
  const s = services();
  const recover = () => {
    const resumed = s.jobs.recover();
    if (resumed.length) console.log(`[backfill-studio] resumed ${resumed.length} interrupted job(s): ${resumed.join(", ")}`);
  };
  const restored = s.kube.restore().catch((e) => console.error(`[backfill-studio] restoring Kubernetes port-forwards: ${(e as Error).message}`));
  // jobs on a Kubernetes Ray cluster re-attach through its port-forward: open those first
  if (s.kube.hasForwards()) void restored.finally(recover);
  else recover();
  s.shapes.cleanUpLeftovers().catch(() => undefined);
  s.pool.warm();
  s.udfPool.warm();
  s.localRunner.warm(); // after resuming: a resumed job took the cold path, the next one finds a warm host
  const stop = () => {
    s.localRunner.stop();
    s.jobs.shutdown();
  };
  process.once("beforeExit", stop);
}

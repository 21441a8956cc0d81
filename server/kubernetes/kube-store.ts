// What this server created on Kubernetes and how it reaches it, plus the exit
// plans of jobs running there: <stateDir>/kubernetes.json, written atomically.
import fs from "node:fs";
import path from "node:path";

export const EXIT_MODES = ["delete", "retain", "retain-on-failure"] as const;
export type ExitMode = (typeof EXIT_MODES)[number];

export interface KubeClusterRecord {
  namespace: string;
  name: string;
  config: string;
  configVersion: number;
  createdAt: string;
  context: string | null;
  server: string | null;
  /** The Ray cluster registered for it (GET /api/clusters), once connected. */
  cluster?: string;
  access?: "port-forward" | "in-cluster";
  /** Port-forward: the local port, reused after a restart so the registered address stays valid. */
  localPort?: number;
  headPod?: string;
}

export interface ExitPlan {
  jobId: string;
  /** The registered Ray cluster the job runs on. */
  cluster: string;
  namespace: string;
  name: string;
  mode: ExitMode;
  state: "waiting" | "deleted" | "retained";
  outcome?: string;
  updatedAt: string;
}

interface Saved {
  clusters: KubeClusterRecord[];
  exitPlans: ExitPlan[];
}

export class KubeStore {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, "kubernetes.json");
  }

  read(): Saved {
    try {
      const s = JSON.parse(fs.readFileSync(this.file, "utf8")) as Partial<Saved>;
      return { clusters: s.clusters ?? [], exitPlans: s.exitPlans ?? [] };
    } catch {
      return { clusters: [], exitPlans: [] };
    }
  }

  /** Read, change, write back: one synchronous step, so concurrent requests cannot interleave. */
  update<T>(fn: (s: Saved) => T): T {
    const s = this.read();
    const out = fn(s);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(s, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    return out;
  }

  clusters(): KubeClusterRecord[] {
    return this.read().clusters;
  }

  find(namespace: string, name: string): KubeClusterRecord | undefined {
    return this.read().clusters.find((c) => c.namespace === namespace && c.name === name);
  }

  byCluster(cluster: string): KubeClusterRecord | undefined {
    return this.read().clusters.find((c) => c.cluster === cluster);
  }

  put(rec: KubeClusterRecord): void {
    this.update((s) => {
      s.clusters = [...s.clusters.filter((c) => !(c.namespace === rec.namespace && c.name === rec.name)), rec];
    });
  }

  remove(namespace: string, name: string): void {
    this.update((s) => {
      s.clusters = s.clusters.filter((c) => !(c.namespace === namespace && c.name === name));
    });
  }
}

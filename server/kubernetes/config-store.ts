// Saved cluster designs: one JSON file per design under
// <stateDir>/cluster-configs/, holding every saved version. Written atomically
// (temp file, fsync, rename) so a crash leaves the old or the new file, never half.
import fs from "node:fs";
import path from "node:path";
import type { ClusterConfig } from "./cluster-config";

export interface ConfigVersion {
  version: number;
  savedAt: string;
  config: ClusterConfig;
  note?: string;
}

export interface StoredConfig {
  name: string;
  createdAt: string;
  versions: ConfigVersion[];
}

export class ConfigStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, "cluster-configs");
  }

  private file(name: string): string {
    return path.join(this.dir, `${name}.json`);
  }

  list(): StoredConfig[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    } catch {
      return [];
    }
    return names.map((n) => this.get(n)).filter((c): c is StoredConfig => !!c).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): StoredConfig | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(name), "utf8")) as StoredConfig;
    } catch {
      return undefined;
    }
  }

  put(rec: StoredConfig): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const target = this.file(rec.name);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o644);
    try {
      fs.writeSync(fd, JSON.stringify(rec, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  }

  remove(name: string): boolean {
    try {
      fs.unlinkSync(this.file(name));
      return true;
    } catch {
      return false;
    }
  }
}

// The durable cluster registry: one JSON file in the state directory, written
// atomically and readable only by its owner (it holds tokens).
import { registerSecret } from "../secrets/secrets";
import fs from "node:fs";
import path from "node:path";
import type { ClusterRecord } from "./cluster-types";

export class ClusterStore {
  private readonly file: string;
  private records: ClusterRecord[] = [];

  constructor(stateDir: string) {
    this.file = path.join(stateDir, "clusters.json");
    try {
      this.records = JSON.parse(fs.readFileSync(this.file, "utf8")).clusters ?? [];
      for (const r of this.records) registerSecret(r.token);
    } catch {
      this.records = [];
    }
  }

  list(): ClusterRecord[] {
    return [...this.records].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): ClusterRecord | undefined {
    return this.records.find((c) => c.name === name);
  }

  put(rec: ClusterRecord): void {
    registerSecret(rec.token);
    this.records = [...this.records.filter((c) => c.name !== rec.name), rec];
    this.save();
  }

  remove(name: string): boolean {
    const before = this.records.length;
    this.records = this.records.filter((c) => c.name !== name);
    if (this.records.length !== before) this.save();
    return this.records.length !== before;
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify({ clusters: this.records }, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}

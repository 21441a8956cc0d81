// Durable job records: one job.json per job directory, written atomically
// (temp file + rename), cached in memory. Progress writes are coalesced to
// at most one per second per job; state changes are written at once.
import { redact } from "../secrets/secrets";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Job, JobEvent } from "./job-types";
import { isTerminal } from "./job-status";

const MAX_EVENTS = 500;
const FLUSH_MS = 1000;
const RETRY_MS = 5000;

export class JobStore {
  private jobs = new Map<string, Job>();
  private dirty = new Map<string, NodeJS.Timeout>();
  private failing = new Set<string>(); // jobs whose record could not be written (full disk)

  constructor(private readonly jobsDir: string) {
    fs.mkdirSync(jobsDir, { recursive: true });
    for (const id of fs.readdirSync(jobsDir)) {
      try {
        const job = JSON.parse(fs.readFileSync(path.join(jobsDir, id, "job.json"), "utf8")) as Job;
        this.jobs.set(job.id, job);
      } catch {
        // a directory without a readable job.json (a launch that never finished)
      }
    }
  }

  static newId(): string {
    const t = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    return `bf-${t}-${randomBytes(3).toString("hex")}`;
  }

  dir(id: string): string {
    return path.join(this.jobsDir, id);
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Newest first. */
  list(filter: { table?: string; column?: string; state?: string } = {}): Job[] {
    return [...this.jobs.values()]
      .filter((j) => (!filter.table || j.table === filter.table) && (!filter.column || j.column === filter.column))
      .filter((j) => !filter.state || j.state === filter.state)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)));
  }

  activeFor(table: string, column: string): Job | undefined {
    return [...this.jobs.values()].find((j) => j.table === table && j.column === column && !isTerminal(j.state));
  }

  create(job: Job): Job {
    this.jobs.set(job.id, job);
    this.write(job);
    return job;
  }

  /** Apply a change; `durable` writes now, otherwise within a second. */
  update(id: string, patch: Partial<Job>, durable = false): Job {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`unknown job ${id}`);
    Object.assign(job, patch, { updatedAt: new Date().toISOString() });
    if (typeof job.error === "string") job.error = redact(job.error);
    if (durable) this.write(job);
    else if (!this.dirty.has(id)) {
      this.dirty.set(id, setTimeout(() => this.write(job), FLUSH_MS));
    }
    return job;
  }

  addEvent(id: string, type: string, message: string, durable = true): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const ev: JobEvent = { ts: new Date().toISOString(), type, message: redact(message) };
    job.events.push(ev);
    if (job.events.length > MAX_EVENTS) job.events.splice(0, job.events.length - MAX_EVENTS);
    this.update(id, {}, durable);
  }

  private write(job: Job): void {
    const t = this.dirty.get(job.id);
    if (t) clearTimeout(t);
    this.dirty.delete(job.id);
    const dir = this.dir(job.id);
    const tmp = path.join(dir, `.job.json.${process.pid}.tmp`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      const fd = fs.openSync(tmp, "w");
      try {
        fs.writeSync(fd, JSON.stringify(job, null, 1));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, path.join(dir, "job.json"));
    } catch (e) {
      // A full or read-only state disk must neither take the server down nor lose the
      // record: it stays in memory (the API serves it) and is written again later.
      fs.rmSync(tmp, { force: true });
      if (!this.failing.has(job.id)) {
        console.error(`[backfill-studio] cannot save job ${job.id}: ${(e as Error).message}; kept in memory, retrying every ${RETRY_MS / 1000} s`);
      }
      this.failing.add(job.id);
      this.dirty.set(job.id, setTimeout(() => this.write(job), RETRY_MS));
      return;
    }
    if (this.failing.delete(job.id)) console.log(`[backfill-studio] job ${job.id} saved again`);
  }

  flushAll(): void {
    for (const id of [...this.dirty.keys()]) this.write(this.jobs.get(id)!);
  }
}

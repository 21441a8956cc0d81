// In-process pub/sub of job changes. The stream only signals; subscribers read
// the job itself from the store (one source of truth for the view).
import { EventEmitter } from "node:events";

export type JobSignal = { kind: "change" } | { kind: "log"; line: string };

export class JobEvents {
  private emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(jobId: string, signal: JobSignal): void {
    this.emitter.emit(jobId, signal);
  }

  subscribe(jobId: string, fn: (s: JobSignal) => void): () => void {
    this.emitter.on(jobId, fn);
    return () => this.emitter.off(jobId, fn);
  }
}

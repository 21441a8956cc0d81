// Per-fragment progress of one job, for the fragment grid: planned rows and
// batches come from the persisted plan, committed fragments from the commit
// log, and batch completions from the live driver events.
import fs from "node:fs";
import path from "node:path";

export const FRAGMENT_STATES = ["pending", "running", "checkpointed", "committed", "failed"] as const;
export type FragmentState = (typeof FRAGMENT_STATES)[number];

/** Columnar, so 100k fragments stay a compact response. `state` holds indexes into `states`. */
export interface FragmentsView {
  states: readonly FragmentState[];
  ids: number[];
  rows: number[];
  batches: number[];
  batchesDone: number[];
  state: number[];
}

const PENDING = 0, RUNNING = 1, CHECKPOINTED = 2, COMMITTED = 3, FAILED = 4;

export class FragmentTracker {
  private ids: number[] = [];
  private rows: number[] = [];
  private batches: number[] = [];
  private done: number[] = [];
  private committed = new Set<number>();
  private failed = new Set<number>();
  private index = new Map<number, number>();

  constructor(private readonly jobDir: string, failed: number[] = []) {
    this.failed = new Set(failed);
    try {
      const plan = JSON.parse(fs.readFileSync(path.join(jobDir, "plan.json"), "utf8"));
      const f = plan.fragments ?? { ids: [], rows: [], batches: [] };
      this.ids = f.ids;
      this.rows = f.rows;
      this.batches = f.batches;
    } catch {
      // no plan (a job from before plans had fragments): an empty grid
    }
    this.done = this.ids.map(() => 0);
    this.ids.forEach((id, i) => this.index.set(id, i));
    this.readCommitLog();
  }

  private readCommitLog(): void {
    const file = path.join(this.jobDir, "commits.jsonl");
    if (!fs.existsSync(file)) return;
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      try {
        for (const f of JSON.parse(line).fragments ?? []) this.committed.add(f);
      } catch {
        // blank or torn line
      }
    }
  }

  /** A (re)started driver reports batches already checkpointed per fragment. */
  started(doneByFragment: [number, number][] | undefined): void {
    this.done = this.ids.map(() => 0);
    for (const [f, n] of doneByFragment ?? []) {
      const i = this.index.get(f);
      if (i !== undefined) this.done[i] = n;
    }
  }

  batchDone(fragment: number): void {
    const i = this.index.get(fragment);
    if (i !== undefined) this.done[i] = Math.min(this.done[i] + 1, this.batches[i]);
  }

  commit(fragments: number[]): void {
    for (const f of fragments) {
      this.committed.add(f);
      this.failed.delete(f);
    }
  }

  fail(fragment: number): void {
    this.failed.add(fragment);
  }

  view(): FragmentsView {
    const state = this.ids.map((id, i) => {
      if (this.committed.has(id)) return COMMITTED;
      if (this.failed.has(id)) return FAILED;
      if (this.done[i] >= this.batches[i]) return CHECKPOINTED;
      return this.done[i] > 0 ? RUNNING : PENDING;
    });
    const batchesDone = this.ids.map((id, i) => (this.committed.has(id) ? this.batches[i] : this.done[i]));
    return { states: FRAGMENT_STATES, ids: this.ids, rows: this.rows, batches: this.batches, batchesDone, state };
  }
}

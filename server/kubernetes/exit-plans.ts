// What happens to a KubeRay cluster when a job on it ends (Geneva's ExitMode):
// delete — once the job is over (succeeded, failed or cancelled);
// retain — nothing;
// retain-on-failure — delete when it succeeds, keep it after a failure or a
//   cancel (to look at, or to resume on: a resumed job that then succeeds
//   deletes it).
// A cluster still running another job is not deleted: the plan waits and is
// re-checked. Plans are durable, so a restarted server carries them out too.
import { isTerminal, type JobState } from "../jobs/job-status";
import type { JobSignal } from "../jobs/job-events";
import type { ExitMode, ExitPlan, KubeStore } from "./kube-store";

export interface JobsView {
  get(id: string): { state: JobState };
  usesCluster(name: string): boolean;
}

export interface EventsView {
  subscribe(jobId: string, fn: (s: JobSignal) => void): () => void;
}

const RECHECK_MS = 15_000;

export class ExitPlans {
  private readonly unsubscribe = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private busy = new Set<string>();

  constructor(
    private readonly store: KubeStore,
    private readonly jobs: () => JobsView,
    private readonly events: EventsView,
    /** Deletes the RayCluster behind a plan; returns what happened, in words. */
    private readonly deleteCluster: (plan: ExitPlan) => Promise<string>,
  ) {}

  list(): ExitPlan[] {
    return this.store.read().exitPlans;
  }

  add(jobId: string, target: { cluster: string; namespace: string; name: string }, mode: ExitMode): ExitPlan {
    const plan: ExitPlan = { jobId, ...target, mode, state: "waiting", updatedAt: new Date().toISOString() };
    this.store.update((s) => {
      s.exitPlans = [...s.exitPlans.filter((p) => p.jobId !== jobId), plan];
    });
    this.watch(plan);
    return plan;
  }

  /** After a restart: follow every plan still waiting. */
  resume(): void {
    for (const p of this.list()) if (p.state === "waiting") this.watch(p);
  }

  private watch(plan: ExitPlan): void {
    if (plan.mode === "retain") {
      this.settle(plan.jobId, "retained", "retain: the cluster stays");
      return;
    }
    this.unsubscribe.get(plan.jobId)?.();
    this.unsubscribe.set(plan.jobId, this.events.subscribe(plan.jobId, (s) => {
      if (s.kind === "change") void this.check(plan.jobId);
    }));
    this.timer ??= setInterval(() => void this.recheckAll(), RECHECK_MS);
    this.timer.unref?.();
    void this.check(plan.jobId);
  }

  private async recheckAll(): Promise<void> {
    const waiting = this.list().filter((p) => p.state === "waiting");
    for (const p of waiting) await this.check(p.jobId);
    if (!waiting.length && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Act on a plan if its job is over. Returns the plan as it stands. */
  async check(jobId: string): Promise<ExitPlan | undefined> {
    const plan = this.list().find((p) => p.jobId === jobId);
    if (!plan || plan.state !== "waiting" || this.busy.has(jobId)) return plan;
    let state: JobState;
    try {
      state = this.jobs().get(jobId).state;
    } catch {
      return this.settle(jobId, "retained", "the job no longer exists: the cluster was left as it is");
    }
    if (!isTerminal(state)) return plan;
    if (plan.mode === "retain-on-failure" && state !== "succeeded") {
      // stays waiting: a resume that succeeds still deletes the cluster
      return this.note(jobId, `the job ${state === "cancelled" ? "was cancelled" : "failed"}: the cluster is kept (resume the job; it is deleted once the job succeeds)`);
    }
    if (this.jobs().usesCluster(plan.cluster)) return this.note(jobId, `the job is ${state}; another job still runs on '${plan.cluster}': deleting when it is free`);
    this.busy.add(jobId);
    try {
      const outcome = await this.deleteCluster(plan);
      return this.settle(jobId, "deleted", `the job ${state}: ${outcome}`);
    } catch (e) {
      return this.note(jobId, `the job ${state}, but deleting the cluster failed (retrying): ${(e as Error).message}`);
    } finally {
      this.busy.delete(jobId);
    }
  }

  private note(jobId: string, outcome: string): ExitPlan | undefined {
    return this.store.update((s) => {
      const p = s.exitPlans.find((x) => x.jobId === jobId);
      if (p) Object.assign(p, { outcome, updatedAt: new Date().toISOString() });
      return p;
    });
  }

  private settle(jobId: string, state: ExitPlan["state"], outcome: string): ExitPlan | undefined {
    this.unsubscribe.get(jobId)?.();
    this.unsubscribe.delete(jobId);
    return this.store.update((s) => {
      const p = s.exitPlans.find((x) => x.jobId === jobId);
      if (p) Object.assign(p, { state, outcome, updatedAt: new Date().toISOString() });
      return p;
    });
  }

  /** Plans of a cluster deleted by hand are over. */
  clusterGone(namespace: string, name: string): void {
    for (const p of this.list()) if (p.namespace === namespace && p.name === name && p.state === "waiting") this.settle(p.jobId, "deleted", "the cluster was deleted by hand");
  }

  stop(): void {
    for (const u of this.unsubscribe.values()) u();
    this.unsubscribe.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

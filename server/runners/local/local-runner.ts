// Runs a job's driver as a local Python process (which starts `concurrency`
// worker processes). The driver has its own process group so cancel can stop
// the driver and every worker at once. A job goes to the idle warm host when
// one is ready (job-hosts.ts: imports already done, workers already started),
// else to a fresh `run-job` process (the cold path).
import type { Job } from "../../jobs/job-types";
import type { RunHandle, Runner, RunnerHooks } from "../runner";
import { DriverProcess, type PythonOptions } from "./driver-process";
import { JobHosts } from "./job-hosts";
import type { WarmHostPolicy } from "./warm-host-policy";

export interface LocalRunnerOptions extends PythonOptions {
  /** Worker processes a warm host starts (the default concurrency). */
  warmWorkers?: number;
  warmPolicy?: WarmHostPolicy;
}

export class LocalRunner implements Runner {
  readonly name = "local";
  private readonly hosts: JobHosts;

  constructor(private readonly opts: LocalRunnerOptions) {
    this.hosts = new JobHosts(opts, Math.max(1, opts.warmWorkers ?? 2), opts.warmPolicy ?? "off");
  }

  /** Server start: have a warm host ready for the first job. */
  warm(): void {
    this.hosts.warm();
  }

  /** Whether the next local job finds a warm host (`policy`: BFS_WARM_HOST). */
  warmHost() {
    return { policy: this.hosts.policy, state: this.hosts.state() };
  }

  stop(): void {
    this.hosts.stop();
  }

  start(_job: Job, jobDir: string, hooks: RunnerHooks): RunHandle {
    const host = this.hosts.take();
    if (host) {
      const handle = host.proc.bind(jobDir, hooks, () => this.hosts.jobEnded());
      host.proc.child.stdin!.write(jobDir + "\n");
      return handle;
    }
    const proc = new DriverProcess(this.opts, ["run-job", jobDir]);
    return proc.bind(jobDir, hooks, () => this.hosts.jobEnded());
  }
}

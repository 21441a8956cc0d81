// A local driver process (cold `run-job`, or a warm `job-host`) and the wiring
// of its output to a job: JSON lines on stdout are events, stderr is the log.
// The lines are read from the start, and routed to a job once bound, so a
// warm host can report `host_ready` before it has a job.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { jobEnv, redact } from "../../secrets/secrets";
import type { DriverEvent, RunHandle, RunnerHooks } from "../runner";

export interface PythonOptions {
  pythonBin: string;
  pythonPath: string;
  /** Put in every driver's environment (inherited by its workers): whose processes these are. */
  stateDir?: string;
}

export class DriverProcess {
  readonly child: ChildProcess;
  exited = false;
  private onEvent: (ev: DriverEvent) => void = () => undefined;
  private onLog: (line: string) => void = () => undefined;
  private onClose: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;

  constructor(opts: PythonOptions, args: string[]) {
    // Own process group (detached): cancel kills the driver and every worker at once.
    this.child = spawn(opts.pythonBin, ["-m", "backfill_studio", ...args], {
      env: jobEnv({
        PYTHONPATH: opts.pythonPath, PYTHONUNBUFFERED: "1", LANCE_LOG: "error", BFS_PARENT_PID: String(process.pid),
        ...(opts.stateDir ? { BFS_RUNNER_STATE_DIR: opts.stateDir } : {}),
      }),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    this.child.stdin!.on("error", () => undefined); // a host that died before its hand-off: its exit says so
    readline.createInterface({ input: this.child.stdout! }).on("line", (line) => {
      let ev: DriverEvent | null = null;
      try {
        ev = JSON.parse(line) as DriverEvent;
      } catch {
        this.onLog(line);
      }
      if (ev) this.onEvent(ev);
    });
    readline.createInterface({ input: this.child.stderr! }).on("line", (raw) => this.onLog(redact(raw)));
    this.child.on("error", (e) => this.onLog(`cannot start the driver: ${e.message}`));
    this.child.on("close", (code, signal) => {
      this.exited = true;
      this.onClose(code, signal);
    });
  }

  /** Before a job: where the process's own events and log lines go. */
  listen(onEvent: (ev: DriverEvent) => void, onLog: (line: string) => void, onClose: DriverProcess["onClose"]): void {
    this.onEvent = onEvent;
    this.onLog = onLog;
    this.onClose = onClose;
  }

  /** From now on the process's output is the job's: events, `driver.log`, exit. */
  bind(jobDir: string, hooks: RunnerHooks, onExit?: () => void): RunHandle {
    const log = fs.createWriteStream(path.join(jobDir, "driver.log"), { flags: "a" });
    // A full state disk loses log lines, not the server (an unhandled stream error would crash it).
    log.on("error", (e) => hooks.onLog(`[backfill-studio] driver.log not written: ${e.message}`));
    this.onEvent = (ev) => hooks.onEvent(ev);
    this.onLog = (line) => {
      log.write(line + "\n");
      hooks.onLog(line);
    };
    this.onClose = (code, signal) => {
      log.end();
      hooks.onExit(code, signal);
      onExit?.();
    };
    return { kill: () => this.kill() };
  }

  kill(): void {
    if (this.exited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, "SIGKILL"); // the whole group: driver and workers
    } catch {
      this.child.kill("SIGKILL");
    }
  }
}

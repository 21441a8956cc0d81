// Runs a job's driver as a local Python process (which starts `concurrency`
// worker processes). The driver gets its own process group so cancel can stop
// the driver and every worker at once.
import { jobEnv, redact } from "../../secrets/secrets";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { Job } from "../../jobs/job-types";
import type { DriverEvent, RunHandle, Runner, RunnerHooks } from "../runner";

export interface LocalRunnerOptions {
  pythonBin: string;
  pythonPath: string;
}

export class LocalRunner implements Runner {
  readonly name = "local";

  constructor(private readonly opts: LocalRunnerOptions) {}

  start(_job: Job, jobDir: string, hooks: RunnerHooks): RunHandle {
    const child = spawn(this.opts.pythonBin, ["-m", "backfill_studio", "run-job", jobDir], {
      env: jobEnv({ PYTHONPATH: this.opts.pythonPath, PYTHONUNBUFFERED: "1", LANCE_LOG: "error", BFS_PARENT_PID: String(process.pid) }),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const log = fs.createWriteStream(path.join(jobDir, "driver.log"), { flags: "a" });
    // A full state disk loses log lines, not the server (an unhandled stream error would crash it).
    log.on("error", (e) => hooks.onLog(`[backfill-studio] driver.log not written: ${e.message}`));
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        hooks.onEvent(JSON.parse(line) as DriverEvent);
      } catch {
        hooks.onLog(line);
      }
    });
    readline.createInterface({ input: child.stderr }).on("line", (raw) => {
      const line = redact(raw);
      log.write(line + "\n");
      hooks.onLog(line);
    });
    let exited = false;
    child.on("error", (e) => {
      hooks.onLog(`cannot start the driver: ${e.message}`);
    });
    child.on("close", (code, signal) => {
      exited = true;
      log.end();
      hooks.onExit(code, signal);
    });
    return {
      kill: () => {
        if (exited || child.pid === undefined) return;
        try {
          process.kill(-child.pid, "SIGKILL"); // the whole group: driver and workers
        } catch {
          child.kill("SIGKILL");
        }
      },
    };
  }
}

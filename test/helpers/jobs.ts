// Shared by the fault tests: a UDF that counts what it computed (so a test can
// count recomputation independently of the engine's counters), waiting for a
// condition, and reading process ids out of a job's events.
import fs from "node:fs";

/** A batched UDF computing id + 7 that appends each call's row count to `log`. */
export const countingUdf = (name: string, log: string, sleep: number) => `import os, time
import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

@udf(data_type=pa.int64())
def ${name}(id: pa.Array) -> pa.Array:
    time.sleep(${sleep})
    out = pc.add(id, 7)
    fd = os.open(${JSON.stringify(log)}, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, f"{len(id)}\\n".encode())
    os.close(fd)
    return out
`;

/** Rows computed so far by a countingUdf, recomputations included. */
export const computedRows = (log: string) =>
  fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).reduce((a, l) => a + Number(l), 0) : 0;

/** Running, i.e. exists and is not a zombie (a killed child waiting to be reaped runs nothing). */
export const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

export async function until(fn: () => Promise<boolean> | boolean, timeoutMs = 60_000, what = "a condition") {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const workerPids = (job: any): number[] =>
  job.events.map((e: any) => /Worker \d+ ready \(pid (\d+)\)/.exec(e.message)?.[1]).filter(Boolean).map(Number);
export const driverPid = (job: any): number =>
  Number([...job.events].reverse().map((e: any) => /Driver started \(pid (\d+)\)/.exec(e.message)?.[1]).find(Boolean));

// A real small filesystem for "disk full" tests, without touching the host:
// the server runs under `unshare --user --map-root-user --mount` with a tmpfs
// of `sizeMb` mounted on `dir` in its private mount namespace (no root needed
// where unprivileged user namespaces are allowed). The test reaches that
// filesystem through /proc/<server pid>/root.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "./server";

const MOUNT = 'mount -t tmpfs -o size="$1" tmpfs "$0" && shift && exec "$@"';

/** Why a tmpfs cannot be mounted here, or null when it can. */
export function tinyDiskUnavailable(): string | null {
  const dir = tempDir("bfs-tmpfs-probe-");
  const res = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", MOUNT, dir, "1m", "true"], { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  if (res.error) return `unshare is not available: ${res.error.message}`;
  return res.status === 0 ? null : `cannot mount a tmpfs in a user namespace: ${res.stderr.trim()}`;
}

/** The command prefix that runs a program with a `sizeMb` tmpfs on `dir`. */
export function tinyDiskPrefix(dir: string, sizeMb: number): string[] {
  return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", MOUNT, dir, `${sizeMb}m`];
}

/** `p` as the process `pid` sees it (inside its mount namespace). */
export function seenBy(pid: number, p: string): string {
  return path.join(`/proc/${pid}/root`, p);
}

/** Write `file` until the filesystem is full; returns the bytes written. */
export function fillDisk(file: string): number {
  const fd = fs.openSync(file, "w");
  const buf = Buffer.alloc(64 * 1024, 0x61);
  let total = 0;
  try {
    for (let chunk = buf; chunk.length >= 512; ) {
      try {
        total += fs.writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
        chunk = chunk.subarray(0, chunk.length / 2); // fill the tail in smaller pieces
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return total;
}

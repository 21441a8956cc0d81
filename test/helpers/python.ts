// Run Python (the project's venv, with pylance) for fixtures and independent checks.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { PYTHON, ROOT } from "./server";

export function py(code: string, args: string[] = []): string {
  return execFileSync(PYTHON, ["-c", code, ...args], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
}

export function pyJson<T = any>(code: string, args: string[] = []): T {
  const out = py(code, args).trim().split("\n");
  return JSON.parse(out[out.length - 1]);
}

/** A table of `rows` rows in `fragments` fragments: id int64, s string,
 *  x float64, n int32 (id % 7), tags list<string>, b binary. */
export function makeTable(dbUri: string, name: string, rows: number, fragments: number): void {
  py(`
import sys, lance, pyarrow as pa, numpy as np
db, name, rows, frags = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ids = np.arange(rows, dtype=np.int64)
t = pa.table({
  "id": pa.array(ids),
  "s": pa.array([("word " * (i % 9)) + f"row-{i}" for i in range(rows)]),
  "x": pa.array((ids % 1000).astype(np.float64) / 10.0),
  "n": pa.array((ids % 7).astype(np.int32)),
  "tags": pa.array([[f"t{i % 3}", f"u{i % 5}"] for i in range(rows)], pa.list_(pa.string())),
  "b": pa.array([bytes([i % 256]) * (i % 4 + 1) for i in range(rows)], pa.binary()),
})
lance.write_dataset(t, f"{db}/{name}.lance", mode="overwrite", max_rows_per_file=-(-rows // frags))
`, [dbUri, name, String(rows), String(fragments)]);
}

/** Column values ordered by id, read independently with pylance. */
export function readColumn(dbUri: string, table: string, column: string): unknown[] {
  return pyJson(`
import sys, json, lance
ds = lance.dataset(f"{sys.argv[1]}/{sys.argv[2]}.lance")
t = ds.to_table(columns=["id", sys.argv[3]]).sort_by("id")
print(json.dumps(t.column(1).to_pylist()))
`, [dbUri, table, column]);
}

// What changed between two saved versions: field by field (worker groups
// matched by name, so reordering is not a change) and line by line on the
// manifests' YAML. Pure.
import type { ClusterConfig } from "./cluster-config";

export interface FieldChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

export interface DiffLine {
  op: " " | "+" | "-";
  text: string;
}

type Flat = Map<string, unknown>;

function flatten(v: unknown, prefix: string, out: Flat): void {
  if (Array.isArray(v)) {
    if (!v.length) return;
    v.forEach((item, i) => flatten(item, `${prefix}[${i}]`, out));
  } else if (typeof v === "object" && v !== null) {
    for (const [k, val] of Object.entries(v)) if (val !== undefined) flatten(val, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
}

function flatConfig(c: ClusterConfig): { fields: Flat; groups: Map<string, unknown> } {
  const fields: Flat = new Map();
  const { workerGroups, ...rest } = c;
  flatten(rest, "", fields);
  const groups = new Map<string, unknown>();
  for (const g of workerGroups ?? []) {
    groups.set(g.name, g);
    const { name: _name, ...body } = g;
    flatten(body, `workerGroups[${g.name}]`, fields);
  }
  return { fields, groups };
}

export function diffConfigs(before: ClusterConfig, after: ClusterConfig): FieldChange[] {
  const a = flatConfig(before);
  const b = flatConfig(after);
  const out: FieldChange[] = [];
  const inGroup = (path: string, names: Set<string>) => {
    const m = /^workerGroups\[([^\]]+)\]/.exec(path);
    return !!m && names.has(m[1]);
  };
  const removedGroups = new Set([...a.groups.keys()].filter((n) => !b.groups.has(n)));
  const addedGroups = new Set([...b.groups.keys()].filter((n) => !a.groups.has(n)));
  for (const n of removedGroups) out.push({ path: `workerGroups[${n}]`, kind: "removed", before: a.groups.get(n) });
  for (const n of addedGroups) out.push({ path: `workerGroups[${n}]`, kind: "added", after: b.groups.get(n) });
  for (const [path, v] of a.fields) {
    if (inGroup(path, removedGroups)) continue;
    if (!b.fields.has(path)) out.push({ path, kind: "removed", before: v });
    else if (b.fields.get(path) !== v) out.push({ path, kind: "changed", before: v, after: b.fields.get(path) });
  }
  for (const [path, v] of b.fields) {
    if (!inGroup(path, addedGroups) && !a.fields.has(path)) out.push({ path, kind: "added", after: v });
  }
  const order = (c: FieldChange) => (c.path.startsWith("workerGroups") ? 1 : 0);
  return out.sort((x, y) => order(x) - order(y) || x.path.localeCompare(y.path));
}

/** Line diff by longest common subsequence (manifests are a few hundred lines). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a[a.length - 1] === "" && b[b.length - 1] === "") {
    a.pop();
    b.pop();
  }
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: "-", text: a[i++] });
    else out.push({ op: "+", text: b[j++] });
  }
  while (i < n) out.push({ op: "-", text: a[i++] });
  while (j < m) out.push({ op: "+", text: b[j++] });
  return out;
}

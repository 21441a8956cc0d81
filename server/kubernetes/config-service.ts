// Saved cluster designs: validate (design rules, then the built manifest
// against the CRD and KubeRay's rules), create, save versions, read, render the
// manifest, diff versions, and check a UDF's needs against a design.
import { badRequest, conflict, notFound, UserError } from "../errors";
import type { ResourceNeeds } from "../clusters/cluster-service";
import type { WorkerGroup } from "../clusters/cluster-types";
import type { ClusterConfig } from "./cluster-config";
import { diffConfigs, diffLines, type DiffLine, type FieldChange } from "./config-diff";
import { checkClusterConfig, describeIssues, type FieldIssue } from "./config-rules";
import type { ConfigStore, ConfigVersion, StoredConfig } from "./config-store";
import { validateAgainstCrd } from "./crd-schema";
import { kubeRayRules } from "./kuberay-rules";
import { buildRayCluster, configPathOf, type ManifestOptions, type RayClusterManifest } from "./manifest";
import { formatBytes, rayInteger } from "./quantity";
import { checkNeeds, type FitResult } from "./resource-fit";
import { toYaml } from "./yaml";

export interface DesignCheck {
  valid: boolean;
  config: ClusterConfig;
  errors: FieldIssue[];
  warnings: FieldIssue[];
  manifest: RayClusterManifest;
  yaml: string;
}

export interface ConfigSummary {
  name: string;
  latest: number;
  createdAt: string;
  updatedAt: string;
  summary: string;
  workerGroups: number;
  /** Groups whose pods ask for GPUs. */
  gpuGroups: string[];
}

export interface ConfigView {
  name: string;
  createdAt: string;
  latest: number;
  version: number;
  savedAt: string;
  note?: string;
  config: ClusterConfig;
  warnings: FieldIssue[];
  versions: { version: number; savedAt: string; note?: string; summary: string }[];
}

export interface VersionDiff {
  name: string;
  from: number;
  to: number;
  changes: FieldChange[];
  yaml: DiffLine[];
}

/** "head 2 CPU/8Gi · cpu 0–10× 4 CPU/8Gi · gpu 0–4× 8 CPU/32Gi/1 GPU" */
export function summarize(c: ClusterConfig): string {
  const size = (g: { cpus: number | string; memory: string; gpus?: number }) => {
    const mem = rayInteger(g.memory);
    return `${g.cpus} CPU/${mem ? formatBytes(mem) : g.memory}${g.gpus ? `/${g.gpus} GPU` : ""}`;
  };
  return [`head ${size(c.head)}`, ...c.workerGroups.map((w) => `${w.name} ${w.minReplicas}–${w.maxReplicas}× ${size(w)}`)].join(" · ");
}

/** The design's problems, then (only for a clean design) the manifest's: those would be our bugs or limits the form does not know. */
export function checkDesign(body: unknown, opts: ManifestOptions = {}): DesignCheck {
  const { config, errors, warnings } = checkClusterConfig(body);
  const manifest = buildRayCluster(config, opts);
  const all = [...errors];
  if (!errors.length) {
    for (const issue of [...validateAgainstCrd(manifest), ...kubeRayRules(manifest)]) {
      all.push({ path: configPathOf(issue.path) ?? "", message: `${issue.message} (manifest field ${issue.path})` });
    }
  }
  return { valid: all.length === 0, config, errors: all, warnings, manifest, yaml: toYaml(manifest) };
}

function invalid(errors: FieldIssue[]): UserError {
  return badRequest(`invalid cluster configuration: ${describeIssues(errors)}`, { errors });
}

export class ClusterConfigService {
  constructor(private readonly store: ConfigStore) {}

  list(): ConfigSummary[] {
    return this.store.list().map((rec) => {
      const last = rec.versions[rec.versions.length - 1];
      return {
        name: rec.name, latest: last.version, createdAt: rec.createdAt, updatedAt: last.savedAt, summary: summarize(last.config),
        workerGroups: last.config.workerGroups.length,
        gpuGroups: [...((last.config.head.gpus ?? 0) > 0 ? ["head"] : []), ...last.config.workerGroups.filter((w) => (w.gpus ?? 0) > 0).map((w) => w.name)],
      };
    });
  }

  private record(name: string): StoredConfig {
    const rec = this.store.get(name);
    if (!rec) throw notFound(`cluster configuration '${name}' not found`);
    return rec;
  }

  /** One saved version (default: the latest); 404 names the versions that exist. */
  version(name: string, version?: number): ConfigVersion {
    const rec = this.record(name);
    if (version === undefined) return rec.versions[rec.versions.length - 1];
    const v = rec.versions.find((x) => x.version === version);
    if (!v) throw notFound(`cluster configuration '${name}' has no version ${version} (versions 1–${rec.versions[rec.versions.length - 1].version})`);
    return v;
  }

  get(name: string, version?: number): ConfigView {
    const rec = this.record(name);
    const v = this.version(name, version);
    return {
      name, createdAt: rec.createdAt, latest: rec.versions[rec.versions.length - 1].version, version: v.version, savedAt: v.savedAt,
      ...(v.note ? { note: v.note } : {}), config: v.config, warnings: checkClusterConfig(v.config).warnings,
      versions: rec.versions.map((x) => ({ version: x.version, savedAt: x.savedAt, ...(x.note ? { note: x.note } : {}), summary: summarize(x.config) })).reverse(),
    };
  }

  private checked(body: unknown): ClusterConfig {
    const res = checkDesign(body);
    if (!res.valid) throw invalid(res.errors);
    return res.config;
  }

  create(body: Record<string, unknown>): ConfigView {
    const { note, ...design } = body;
    const config = this.checked(design);
    if (this.store.get(config.name)) throw conflict(`cluster configuration '${config.name}' already exists: save a new version with PUT /api/cluster-configs/${config.name}`);
    const now = new Date().toISOString();
    this.store.put({ name: config.name, createdAt: now, versions: [{ version: 1, savedAt: now, config, ...noteOf(note) }] });
    return this.get(config.name);
  }

  /** A new version, unless nothing changed (then the latest stays, `unchanged: true`). */
  saveVersion(name: string, body: Record<string, unknown>): ConfigView & { unchanged: boolean } {
    const rec = this.record(name);
    const { note, ...design } = body;
    if (design.name !== undefined && design.name !== name) {
      throw badRequest(`name '${String(design.name)}' differs from '${name}': a configuration keeps its name (create a new one to rename)`, { errors: [{ path: "name", message: "a saved configuration keeps its name" }] });
    }
    const config = this.checked({ ...design, name });
    const last = rec.versions[rec.versions.length - 1];
    if (JSON.stringify(last.config) === JSON.stringify(config)) return { ...this.get(name), unchanged: true };
    rec.versions.push({ version: last.version + 1, savedAt: new Date().toISOString(), config, ...noteOf(note) });
    this.store.put(rec);
    return { ...this.get(name), unchanged: false };
  }

  remove(name: string): void {
    this.record(name);
    this.store.remove(name);
  }

  manifest(name: string, opts: { version?: number; namespace?: string } = {}): RayClusterManifest {
    const v = this.version(name, opts.version);
    return buildRayCluster(v.config, { version: v.version, namespace: opts.namespace });
  }

  diff(name: string, from: number, to: number): VersionDiff {
    const a = this.version(name, from);
    const b = this.version(name, to);
    const yaml = diffLines(toYaml(buildRayCluster(a.config, { version: a.version })), toYaml(buildRayCluster(b.config, { version: b.version })));
    return { name, from, to, changes: diffConfigs(a.config, b.config), yaml };
  }

  /** Whether the design can run workers with these needs (in this worker group). */
  fit(name: string, needs: ResourceNeeds, group: WorkerGroup | null, version?: number): FitResult & { name: string; version: number } {
    const v = this.version(name, version);
    return { name, version: v.version, ...checkNeeds(v.config, needs, group) };
  }
}

function noteOf(note: unknown): { note?: string } {
  if (note === undefined || note === null || note === "") return {};
  if (typeof note !== "string" || note.length > 500) throw badRequest("note must be a string of at most 500 characters");
  return { note };
}

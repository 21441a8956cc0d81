// Typed calls to a Ray cluster's dashboard over node:http(s). Not fetch: Ray
// ≥ 2.54 refuses POST/PUT from anything that looks like a browser, and undici
// always sends `sec-fetch-mode` (shared/reference/ray.md §0.1).
import http from "node:http";
import https from "node:https";
import { tailJobLogs, type LogTail, type LogTailHandlers } from "./ray-log-tail";
import type { RayActor, RayJobDetails, RayJobSubmitRequest, RayNode, RayStateResponse, RayVersion } from "./ray-types";

/** A failed call: `status` is the HTTP status (0 when the cluster could not be reached). */
export class RayApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body = "",
  ) {
    super(message);
    this.name = "RayApiError";
  }
  get unreachable(): boolean {
    return this.status === 0;
  }
  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface RayApiOptions {
  /** Dashboard address, e.g. http://127.0.0.1:8265 */
  address: string;
  token?: string | null;
  timeoutMs?: number;
}

export class RayApi {
  readonly address: string;
  private readonly token: string | null;
  private readonly timeoutMs: number;

  constructor(opts: RayApiOptions) {
    this.address = opts.address.replace(/\/+$/, "");
    this.token = opts.token ?? null;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  version(): Promise<RayVersion> {
    return this.json("GET", "/api/version");
  }

  submitJob(req: RayJobSubmitRequest): Promise<{ submission_id: string }> {
    return this.json("POST", "/api/jobs/", req);
  }

  listJobs(): Promise<RayJobDetails[]> {
    return this.json("GET", "/api/jobs/");
  }

  getJob(id: string): Promise<RayJobDetails> {
    return this.json("GET", `/api/jobs/${encodeURIComponent(id)}`);
  }

  stopJob(id: string): Promise<{ stopped: boolean }> {
    return this.json("POST", `/api/jobs/${encodeURIComponent(id)}/stop`);
  }

  async jobLogs(id: string): Promise<string> {
    return (await this.json<{ logs: string }>("GET", `/api/jobs/${encodeURIComponent(id)}/logs`)).logs ?? "";
  }

  /** Live log chunks over Ray's tail WebSocket (from the start of the log). */
  tailLogs(id: string, handlers: LogTailHandlers): LogTail {
    return tailJobLogs(this.address, this.token, id, handlers, this.timeoutMs);
  }

  /** true if the package is stored (this also pins it for 10 minutes). */
  async hasPackage(name: string): Promise<boolean> {
    const res = await this.request("GET", `/api/packages/gcs/${encodeURIComponent(name)}`);
    if (res.status === 404) return false;
    if (res.status === 200) return true;
    throw this.fail("GET", `/api/packages/gcs/${name}`, res.status, res.body.toString("utf8"));
  }

  async putPackage(name: string, bytes: Buffer): Promise<void> {
    const res = await this.request("PUT", `/api/packages/gcs/${encodeURIComponent(name)}`, bytes, "application/octet-stream");
    if (res.status !== 200) throw this.fail("PUT", `/api/packages/gcs/${name}`, res.status, res.body.toString("utf8"));
  }

  async nodes(): Promise<RayNode[]> {
    const r = await this.json<RayStateResponse<RayNode>>("GET", "/api/v0/nodes?limit=10000&detail=true");
    return r.data.result.result;
  }

  async actors(filter: Record<string, string> = {}): Promise<RayActor[]> {
    const q = Object.entries(filter)
      .map(([k, v]) => `filter_keys=${encodeURIComponent(k)}&filter_predicates=%3D&filter_values=${encodeURIComponent(v)}`)
      .join("&");
    const r = await this.json<RayStateResponse<RayActor>>("GET", `/api/v0/actors?limit=10000&detail=true${q ? "&" + q : ""}`);
    return r.data.result.result;
  }

  // -- transport ------------------------------------------------------------------
  private fail(method: string, p: string, status: number, body: string): RayApiError {
    const text = body.trim().slice(0, 2000);
    const what = status === 401 ? "missing authentication token" : status === 403 ? "invalid authentication token" : text || `HTTP ${status}`;
    return new RayApiError(status, `Ray ${method} ${p} → ${status}: ${what}`, text);
  }

  private async json<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await this.request(method, p, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), "application/json");
    const text = res.body.toString("utf8");
    if (res.status < 200 || res.status >= 300) throw this.fail(method, p, res.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RayApiError(res.status, `Ray ${method} ${p}: not JSON: ${text.slice(0, 200)}`, text);
    }
  }

  private request(method: string, p: string, body?: Buffer, contentType?: string): Promise<{ status: number; body: Buffer }> {
    const url = new URL(this.address + p);
    const mod = url.protocol === "https:" ? https : http;
    const headers: Record<string, string | number> = { accept: "application/json", "user-agent": "backfill-studio" };
    if (body) {
      headers["content-type"] = contentType ?? "application/octet-stream";
      headers["content-length"] = body.length;
    }
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method, headers, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", (e) => reject(new RayApiError(0, `Ray ${method} ${this.address}${p}: ${e.message}`)));
      });
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on("error", (e) => reject(new RayApiError(0, `cannot reach Ray at ${this.address}: ${e.message}`)));
      req.end(body);
    });
  }
}

// Reach a head pod's Ray dashboard (8265) from outside the cluster: a local TCP
// listener on 127.0.0.1 whose every connection becomes one Kubernetes
// port-forward WebSocket to the pod (client-node forwards one port per socket,
// one socket per connection). The Ray runner then talks to http://127.0.0.1:<port>
// as to any Ray cluster.
import net from "node:net";
import { PassThrough, Writable } from "node:stream";
import type { KubeConfig, PortForward } from "@kubernetes/client-node";
import { UserError } from "../errors";
import { k8s } from "./kube-client";
import { kubeError, type KubeTarget } from "./kube-errors";
import { DASHBOARD_PORT } from "./manifest";

type Ws = { close(): void; on?(ev: string, fn: () => void): void; onclose?: unknown; readyState?: number };

export interface ForwardTarget {
  namespace: string;
  pod: string;
  remotePort?: number;
}

export class DashboardForward {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** The last thing the tunnel reported (an error from the pod side, or a refused upgrade). */
  lastError: string | null = null;
  port = 0;

  constructor(
    private readonly kc: KubeConfig,
    private readonly kubeTarget: KubeTarget,
    readonly target: ForwardTarget,
  ) {}

  get address(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async forwarder(): Promise<PortForward> {
    const { PortForward } = await k8s();
    return new PortForward(this.kc, false);
  }

  /** One WebSocket to the pod, checked: a refused upgrade (403, 404, pod not running) is a clear error. */
  async probe(): Promise<void> {
    const sink = new PassThrough();
    const errors = new PassThrough();
    const input = new PassThrough();
    try {
      const ws = (await (await this.forwarder()).portForward(this.target.namespace, this.target.pod, [this.target.remotePort ?? DASHBOARD_PORT], sink, errors, input)) as Ws;
      ws.close();
    } catch (e) {
      throw this.mapped(e);
    } finally {
      input.end();
    }
  }

  private mapped(e: unknown): UserError {
    const { namespace, pod } = this.target;
    const action = { verb: "port-forward to" as const, kind: "pod", resource: "pods/portforward", namespace, name: pod };
    const m = /Unexpected server response: (\d+)/.exec((e as Error)?.message ?? "");
    if (!m) return kubeError(e, action, this.kubeTarget);
    const code = Number(m[1]);
    if (code === 400) {
      return new UserError(409, `the head pod '${pod}' in namespace '${namespace}' is not running, so there is nothing to port-forward to: wait until the RayCluster's status shows the head ready`);
    }
    return kubeError({ code, body: JSON.stringify({ message: `the API server refused the port-forward (HTTP ${code})` }) }, action, this.kubeTarget);
  }

  /** Listen on 127.0.0.1 (port 0: any free port; or the port an earlier server used, to keep its address). */
  async listen(port = 0): Promise<string> {
    const server = net.createServer((sock) => this.handle(sock));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    server.on("error", () => undefined);
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.address;
  }

  private handle(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.once("close", () => this.sockets.delete(sock));
    sock.on("error", () => undefined);
    const errText = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        const text = chunk.toString("utf8").trim();
        if (text) this.lastError = text;
        done();
      },
    });
    this.forwarder()
      .then((pf) => pf.portForward(this.target.namespace, this.target.pod, [this.target.remotePort ?? DASHBOARD_PORT], sock, errText, sock))
      .then((ws) => {
        const w = ws as Ws & { on(ev: string, fn: () => void): void };
        // client-node does not end the local socket when the pod side closes: do it here
        w.on("close", () => sock.destroy());
        sock.once("close", () => w.close());
      })
      .catch((e) => {
        this.lastError = this.mapped(e).message;
        sock.destroy();
      });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

// TEST-ONLY: a small Kubernetes API server (node:http) for the RayCluster flow,
// following the API conventions a real one uses — Status objects with
// code/reason/message/details, resourceVersion and uid on every object,
// 409 AlreadyExists, 422 Invalid with field causes (CRD schema check and
// admission policies), 403 Forbidden from RBAC rules, 401 for a wrong token,
// 404 NotFound (also "the server could not find the requested resource" when the
// CRD is not installed) — plus a stand-in for the KubeRay operator (it creates
// the head and worker pods of a new RayCluster, marks them ready after a delay
// and fills in status) and pod port-forward over WebSocket (v4.channel.k8s.io)
// to a local TCP port. It is NOT Kubernetes: nothing here was checked against a
// real cluster; it lets the client code be exercised end to end.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { validateAgainstCrd } from "@/server/kubernetes/crd-schema";
import { freePort, tempDir } from "./server";
import { acceptWebSocket } from "./ws-server";

export const FAKE_TOKEN = "fake-token";
export const FAKE_USER = "system:serviceaccount:ci:backfill-studio";

export interface Rbac {
  verb: "create" | "get" | "list" | "delete";
  resource: "rayclusters" | "pods" | "pods/portforward";
  namespace?: string;
}

export interface FakeKube {
  url: string;
  kubeconfig: string;
  /** RayClusters by "ns/name". */
  rayclusters: Map<string, any>;
  pods: Map<string, any>;
  requests: { method: string; path: string }[];
  /** Deny these (403), as RBAC would. */
  forbidden: Rbac[];
  /** Admission checks a real cluster may add (a policy, a webhook): causes → 422. */
  policies: ((obj: any) => { field: string; message: string }[])[];
  crdInstalled: boolean;
  /** How long the stand-in operator takes to make pods ready. */
  readyAfterMs: number;
  /** Where a port-forward to any pod's port goes (e.g. a stand-in Ray dashboard). */
  forwardTo: Map<number, number>;
  /** Stop answering (the kubeconfig stays: an unreachable API server). */
  close(): Promise<void>;
  /** close() and remove the kubeconfig. */
  stop(): Promise<void>;
}

const status = (code: number, reason: string, message: string, details: object = {}) => ({
  kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, details, code,
});

/** "a=b,c=d" selectors (equality only, which is what the client sends). */
function matches(labels: Record<string, string> = {}, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [k, v] = term.split("=");
    return labels[k] === v;
  });
}

export async function startFakeKube(opts: { namespace?: string } = {}): Promise<FakeKube> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let rv = 1000;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const fake: FakeKube = {
    url, kubeconfig: "", rayclusters: new Map(), pods: new Map(), requests: [], forbidden: [], policies: [], crdInstalled: true,
    readyAfterMs: 150, forwardTo: new Map(), close: async () => undefined, stop: async () => undefined,
  };

  const denied = (verb: Rbac["verb"], resource: Rbac["resource"], ns: string) => fake.forbidden.some((r) => r.verb === verb && r.resource === resource && (!r.namespace || r.namespace === ns));
  const forbid = (verb: string, resource: string, group: string, ns: string) =>
    status(403, "Forbidden", `${resource}${group ? `.${group}` : ""} is forbidden: User "${FAKE_USER}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`, { kind: resource, group });

  /** The stand-in KubeRay operator: pods for the head and each group's replicas, ready after a delay. */
  function reconcile(ns: string, rc: any) {
    const name = rc.metadata.name;
    const mkPod = (podName: string, nodeType: string, group: string) => {
      fake.pods.set(`${ns}/${podName}`, {
        apiVersion: "v1", kind: "Pod",
        metadata: { name: podName, namespace: ns, uid: randomUUID(), resourceVersion: String(++rv), creationTimestamp: new Date().toISOString(),
          labels: { "ray.io/cluster": name, "ray.io/node-type": nodeType, "ray.io/group": group, "ray.io/is-ray-node": "yes" } },
        status: { phase: "Pending", conditions: [{ type: "Ready", status: "False" }] },
      });
    };
    mkPod(`${name}-head-${rc.metadata.uid.slice(0, 5)}`, "head", "headgroup");
    for (const g of rc.spec.workerGroupSpecs ?? []) {
      for (let i = 0; i < (g.replicas ?? 0); i++) mkPod(`${name}-${g.groupName}-worker-${i}${rc.metadata.uid.slice(0, 3)}`, "worker", g.groupName);
    }
    const desired = (rc.spec.workerGroupSpecs ?? []).reduce((a: number, g: any) => a + (g.replicas ?? 0), 0);
    rc.status = { desiredWorkerReplicas: desired, readyWorkerReplicas: 0, availableWorkerReplicas: 0, conditions: [{ type: "HeadPodReady", status: "False", reason: "HeadPodNotFound" }] };
    later(fake.readyAfterMs, () => {
      if (!fake.rayclusters.has(`${ns}/${name}`)) return;
      let head: any = null;
      for (const p of fake.pods.values()) {
        if (p.metadata.namespace !== ns || p.metadata.labels["ray.io/cluster"] !== name) continue;
        p.status = { phase: "Running", podIP: `10.0.0.${(rv % 200) + 2}`, conditions: [{ type: "Ready", status: "True" }] };
        p.metadata.resourceVersion = String(++rv);
        if (p.metadata.labels["ray.io/node-type"] === "head") head = p;
      }
      rc.status = {
        state: "ready", desiredWorkerReplicas: desired, readyWorkerReplicas: desired, availableWorkerReplicas: desired,
        head: { podName: head.metadata.name, podIP: head.status.podIP, serviceName: `${name}-head-svc`, serviceIP: head.status.podIP },
        endpoints: { dashboard: "8265", client: "10001", "gcs-server": "6379" },
        conditions: [{ type: "HeadPodReady", status: "True", reason: "HeadPodRunningAndReady" }, { type: "RayClusterProvisioned", status: "True", reason: "AllPodRunningAndReadyFirstTime" }],
        lastUpdateTime: new Date().toISOString(),
      };
      rc.metadata.resourceVersion = String(++rv);
    });
  }

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", url);
    fake.requests.push({ method: req.method ?? "", path: u.pathname });
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return send(401, status(401, "Unauthorized", "Unauthorized"));
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const rcPath = /^\/apis\/ray\.io\/v1\/namespaces\/([^/]+)\/rayclusters(?:\/([^/]+))?$/.exec(u.pathname);
      const podPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(u.pathname);
      if (rcPath) {
        const [, ns, name] = rcPath;
        if (!fake.crdInstalled) return send(404, status(404, "NotFound", "the server could not find the requested resource"));
        const key = `${ns}/${name}`;
        const verb = req.method === "POST" ? "create" : req.method === "DELETE" ? "delete" : name ? "get" : "list";
        if (denied(verb, "rayclusters", ns)) return send(403, forbid(verb, "rayclusters", "ray.io", ns));
        const notFound = () => send(404, status(404, "NotFound", `rayclusters.ray.io "${name}" not found`, { name, group: "ray.io", kind: "rayclusters" }));
        if (req.method === "POST" && !name) {
          let obj: any;
          try {
            obj = JSON.parse(raw);
          } catch {
            return send(400, status(400, "BadRequest", "the body of the request was in an unknown format"));
          }
          const objName = obj?.metadata?.name;
          const causes: { reason: string; message: string; field: string }[] = [];
          if (!objName) causes.push({ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" });
          // schema errors, as the API server reports them (it prunes unknown fields instead of failing)
          for (const i of validateAgainstCrd(obj)) if (!/not a field of/.test(i.message)) causes.push({ reason: "FieldValueInvalid", message: `Invalid value: ${i.message}`, field: i.path });
          for (const p of fake.policies) for (const c of p(obj)) causes.push({ reason: "FieldValueForbidden", message: c.message, field: c.field });
          if (causes.length) {
            return send(422, status(422, "Invalid", `RayCluster.ray.io "${objName}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}`, { name: objName, group: "ray.io", kind: "RayCluster", causes }));
          }
          if (fake.rayclusters.has(`${ns}/${objName}`)) {
            return send(409, status(409, "AlreadyExists", `rayclusters.ray.io "${objName}" already exists`, { name: objName, group: "ray.io", kind: "rayclusters" }));
          }
          obj.metadata = { ...obj.metadata, namespace: ns, uid: randomUUID(), resourceVersion: String(++rv), generation: 1, creationTimestamp: new Date().toISOString() };
          fake.rayclusters.set(`${ns}/${objName}`, obj);
          reconcile(ns, obj);
          return send(201, obj);
        }
        if (req.method === "GET" && name) return fake.rayclusters.has(key) ? send(200, fake.rayclusters.get(key)) : notFound();
        if (req.method === "GET") {
          const items = [...fake.rayclusters.values()].filter((o) => o.metadata.namespace === ns && matches(o.metadata.labels, u.searchParams.get("labelSelector")));
          return send(200, { apiVersion: "ray.io/v1", kind: "RayClusterList", metadata: { resourceVersion: String(rv) }, items });
        }
        if (req.method === "DELETE" && name) {
          const obj = fake.rayclusters.get(key);
          if (!obj) return notFound();
          fake.rayclusters.delete(key);
          for (const [k, p] of fake.pods) if (p.metadata.namespace === ns && p.metadata.labels["ray.io/cluster"] === name) fake.pods.delete(k);
          return send(200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, group: "ray.io", kind: "rayclusters", uid: obj.metadata.uid } });
        }
        return send(405, status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`));
      }
      if (podPath && req.method === "GET") {
        const ns = podPath[1];
        if (denied("list", "pods", ns)) return send(403, forbid("list", "pods", "", ns));
        const items = [...fake.pods.values()].filter((p) => p.metadata.namespace === ns && matches(p.metadata.labels, u.searchParams.get("labelSelector")));
        return send(200, { apiVersion: "v1", kind: "PodList", metadata: { resourceVersion: String(rv) }, items });
      }
      send(404, status(404, "NotFound", "the server could not find the requested resource"));
    });
  });

  // Port-forward: GET …/pods/{pod}/portforward?ports=N upgraded to a v4.channel.k8s.io WebSocket.
  server.on("upgrade", (req, socket) => {
    const u = new URL(req.url ?? "/", url);
    fake.requests.push({ method: "UPGRADE", path: u.pathname });
    const reject = (code: number, body: unknown) => {
      socket.end(`HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(body)}`);
    };
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(u.pathname);
    if (!m) return reject(404, status(404, "NotFound", "the server could not find the requested resource"));
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return reject(401, status(401, "Unauthorized", "Unauthorized"));
    const [, ns, podName] = m;
    if (denied("create", "pods/portforward", ns)) return reject(403, forbid("create", "pods/portforward", "", ns));
    const pod = fake.pods.get(`${ns}/${podName}`);
    if (!pod) return reject(404, status(404, "NotFound", `pods "${podName}" not found`, { name: podName, kind: "pods" }));
    if (pod.status?.phase !== "Running") return reject(400, status(400, "BadRequest", `pod ${podName} is not running`));
    const remotePort = Number(u.searchParams.get("ports"));
    const ws = acceptWebSocket(req, socket, "v4.channel.k8s.io");
    const portLE = Buffer.from([remotePort & 255, remotePort >> 8]);
    ws.send(Buffer.concat([Buffer.from([0]), portLE]));
    ws.send(Buffer.concat([Buffer.from([1]), portLE]));
    const target = fake.forwardTo.get(remotePort);
    const fail = (why: string) => {
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(`an error occurred forwarding ${remotePort} -> ${remotePort}: error forwarding port ${remotePort} to pod ${podName}: ${why}`)]));
      ws.close();
    };
    if (!target) return fail(`failed to connect to localhost:${remotePort} inside namespace: connection refused`);
    const tcp = net.connect(target, "127.0.0.1");
    tcp.on("error", (e) => fail(e.message));
    tcp.on("data", (d) => ws.send(Buffer.concat([Buffer.from([0]), d])));
    tcp.on("end", () => ws.close());
    ws.onMessage((data) => {
      if (data[0] === 0 && data.length > 1) tcp.write(data.subarray(1));
    });
    ws.onClose(() => tcp.destroy());
  });

  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const dir = tempDir("bfs-kube-");
  fake.kubeconfig = path.join(dir, "config");
  fs.writeFileSync(fake.kubeconfig, kubeconfigYaml(url, opts.namespace ?? "team-a"));
  const sockets = new Set<net.Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  let closed: Promise<void> | null = null;
  fake.close = () => {
    closed ??= new Promise<void>((r) => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
    return closed;
  };
  fake.stop = async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return fake;
}

export function kubeconfigYaml(server: string, namespace: string, token = FAKE_TOKEN): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: tester
  user:
    token: ${token}
contexts:
- name: fake-ctx
  context:
    cluster: fake
    user: tester
    namespace: ${namespace}
current-context: fake-ctx
`;
}

/** A stand-in Ray dashboard (what the head pod's 8265 answers): /api/version and /api/v0/nodes. */
export async function startFakeDashboard(): Promise<{ port: number; hits: string[]; stop(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    const send = (body: unknown, code = 200) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith("/api/version")) return send({ version: "4", ray_version: "2.60.0", ray_commit: "fake", session_name: "session_fake" });
    if (req.url?.startsWith("/api/v0/nodes")) {
      const node = { node_id: "n-head", node_ip: "10.0.0.2", is_head_node: true, state: "ALIVE", state_message: null, node_name: "head", resources_total: { CPU: 0, memory: 8e9 }, labels: { "ray.io/node-group": "headgroup" } };
      return send({ result: true, msg: "", data: { result: { total: 1, num_after_truncation: 1, num_filtered: 1, result: [node] } } });
    }
    if (req.url?.startsWith("/api/jobs")) return send([]);
    send({ error: "not found" }, 404);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  return { port, hits, stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

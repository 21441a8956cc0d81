// API-server failures as messages that say what happened and what to do.
// The server answers with a Kubernetes Status object ({code, reason, message,
// details.causes}); @kubernetes/client-node 1.x throws ApiException with
// `.code` and `.body` (that Status, as a JSON string); a network failure is a
// fetch error with a system `.code` (ECONNREFUSED, ENOTFOUND, …).
import { UserError } from "../errors";

export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

export interface KubeTarget {
  /** Where the configuration came from: KUBECONFIG, ~/.kube/config, in-cluster. */
  source: string;
  context: string | null;
  server: string | null;
  user: string | null;
  /** The context's namespace, else "default". */
  namespace: string;
}

export interface Action {
  verb: "create" | "get" | "list" | "delete" | "port-forward to";
  /** In words: "RayCluster", "pods". */
  kind: string;
  /** For RBAC: "rayclusters.ray.io", "pods", "pods/portforward". */
  resource: string;
  namespace: string;
  name?: string;
}

const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EPIPE", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);

function parseStatus(body: unknown): KubeStatus | null {
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return body ? { message: body.slice(0, 500) } : null;
    }
  }
  return body && typeof body === "object" ? (body as KubeStatus) : null;
}

/** A failed call to the API server as a UserError (status, message with what to do, the Status as details). */
export function kubeError(e: unknown, action: Action, target: KubeTarget): UserError {
  const err = e as { code?: unknown; body?: unknown; message?: string; name?: string; cause?: { code?: string } };
  const what = `${action.verb} ${action.kind}${action.name ? ` '${action.name}'` : ""} in namespace '${action.namespace}'`;
  const can = `${action.verb === "port-forward to" ? "create" : action.verb} ${action.resource}`;
  const ctx = target.context ? `context '${target.context}'` : target.source;
  if (typeof err?.code === "number") {
    const st = parseStatus(err.body) ?? {};
    const msg = st.message ?? `HTTP ${err.code}`;
    switch (err.code) {
      case 401:
        return new UserError(401, `Kubernetes rejected the credentials of ${ctx} (401 Unauthorized) when trying to ${what}: refresh them (log in again, or renew the token in the kubeconfig)`, st);
      case 403:
        return new UserError(403, `Kubernetes refused to ${what} (403 Forbidden): ${msg}. Ask a cluster admin for RBAC permission to ${can} in namespace '${action.namespace}' (check with: kubectl auth can-i ${can} -n ${action.namespace})`, st);
      case 404:
        if (!st.details?.name && /could not find the requested resource/.test(msg)) {
          return new UserError(404, `the API server at ${target.server} does not serve ${action.resource}: install the KubeRay operator and its CRDs (e.g. helm install kuberay-operator kuberay/kuberay-operator) or check the kubeconfig context (${ctx})`, st);
        }
        return new UserError(404, `no ${action.kind}${action.name ? ` '${action.name}'` : ""} in namespace '${action.namespace}' (${msg})`, st);
      case 409:
        return new UserError(409, `a ${action.kind} named '${action.name ?? st.details?.name}' already exists in namespace '${action.namespace}': delete it first, or create this one under another name`, st);
      case 422: {
        const causes = (st.details?.causes ?? []).map((c) => `${c.field ? `${c.field}: ` : ""}${c.message ?? c.reason ?? ""}`).filter(Boolean);
        return new UserError(422, `Kubernetes rejected the ${action.kind} as invalid: ${causes.length ? causes.join("; ") : msg}. Fix the configuration (the designer checks the CRD schema and KubeRay's rules, but a cluster can add its own policies) and try again`, st);
      }
      default:
        return new UserError(502, `Kubernetes answered ${err.code}${st.reason ? ` ${st.reason}` : ""} when trying to ${what}: ${msg}`, st);
    }
  }
  const sys = typeof err?.code === "string" ? err.code : err?.cause?.code;
  if ((sys && NETWORK.has(sys)) || err?.name === "FetchError" || /timed out|socket hang up/.test(err?.message ?? "")) {
    return new UserError(502, `cannot reach the Kubernetes API server at ${target.server} (${ctx}): ${err?.message ?? sys}. Check that the cluster is up and the kubeconfig's current context is the right one (kubectl cluster-info)`);
  }
  return new UserError(502, `could not ${what}: ${err?.message ?? String(e)}`);
}

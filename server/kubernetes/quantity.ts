// Kubernetes resource quantities ("4", "500m", "8Gi", "1e3"): the grammar the
// API server accepts (the same pattern as the RayCluster CRD), and their value.
// Pure: also used by the designer in the browser.

/** The CRD's pattern for int-or-string quantities (apimachinery resource.Quantity). */
export const QUANTITY_RE = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity, or null when it is not one. */
export function parseQuantity(q: string | number): number | null {
  if (typeof q === "number") return Number.isFinite(q) ? q : null;
  if (typeof q !== "string" || !QUANTITY_RE.test(q)) return null;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(q)!;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return Number(`${m[1]}${suffix}`); // decimal exponent, e.g. 1e3
}

/** What KubeRay passes to `ray start`: Quantity.Value(), i.e. rounded up to an integer. */
export function rayInteger(q: string | number): number | null {
  const v = parseQuantity(q);
  return v === null ? null : Math.ceil(v - 1e-9);
}

const UNITS: [string, number][] = [["Ei", 2 ** 60], ["Pi", 2 ** 50], ["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]];

/** Bytes for people: 8589934592 → "8Gi", 1500000000 → "1.4Gi". */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
    }
  }
  return `${bytes} bytes`;
}

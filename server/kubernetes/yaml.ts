// JSON-like values → block YAML in kubectl's style. Small and dependency-free
// so the designer can render the manifest live in the browser; strings that a
// YAML parser could read as something else are double-quoted (JSON escapes are
// valid YAML). Tests parse the output back with @kubernetes/client-node.

const KEYWORDS = /^(true|false|yes|no|on|off|y|n|null|~|\.inf|-\.inf|\+\.inf|\.nan)$/i;
// what a YAML 1.1 or 1.2 parser could read as a number or a date (8Gi, 500m, 2.60.0 stay plain)
const NUMBERISH = [/^[-+]?(\d[\d_]*)?(\.[\d_]*)?([eE][-+]?\d+)?$/, /^[-+]?0[xob]/i, /^[-+]?\d[\d_]*(:[0-5]?\d)+(\.\d*)?$/, /^\d{4}-\d\d?-\d\d?/];
const SPECIAL_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

function needsQuotes(s: string): boolean {
  return (
    s === "" ||
    KEYWORDS.test(s) ||
    NUMBERISH.some((re) => re.test(s)) ||
    SPECIAL_START.test(s) ||
    /\s$/.test(s) ||
    /[\u0000-\u001f\u007f\u2028\u2029]/.test(s) ||
    s.includes(": ") ||
    s.includes(" #") ||
    s.endsWith(":")
  );
}

export function yamlString(s: string): string {
  return needsQuotes(s) ? JSON.stringify(s) : s;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return yamlString(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? ".inf" : v < 0 ? "-.inf" : ".nan";
  if (typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function lines(v: unknown, indent: string, out: string[]): void {
  if (isMap(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) continue;
      const key = yamlString(k);
      if (isMap(val) && Object.keys(val).length) {
        out.push(`${indent}${key}:`);
        lines(val, indent + "  ", out);
      } else if (Array.isArray(val) && val.length) {
        out.push(`${indent}${key}:`);
        lines(val, indent, out); // kubectl style: list items at the key's indentation
      } else out.push(`${indent}${key}: ${isMap(val) ? "{}" : Array.isArray(val) ? "[]" : scalar(val)}`);
    }
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) {
      if ((isMap(item) && Object.keys(item).length) || (Array.isArray(item) && item.length)) {
        const sub: string[] = [];
        lines(item, indent + "  ", sub);
        // the first line of the item goes after "- "
        out.push(`${indent}- ${sub[0].slice(indent.length + 2)}`, ...sub.slice(1));
      } else out.push(`${indent}- ${isMap(item) ? "{}" : Array.isArray(item) ? "[]" : scalar(item)}`);
    }
    return;
  }
  out.push(indent + scalar(v));
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  lines(value, "", out);
  return out.join("\n") + "\n";
}

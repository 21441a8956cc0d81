// Kubernetes' name and label syntax (k8s.io/apimachinery/pkg/util/validation),
// each check returning a reason or null. Pure (the designer uses them too).

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function dns1035Label(s: string, max = 63): string | null {
  if (s.length > max) return `at most ${max} characters (it has ${s.length})`;
  if (!DNS1035_LABEL.test(s)) return "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
  return null;
}

export function dns1123Label(s: string): string | null {
  if (s.length > 63) return `at most 63 characters (it has ${s.length})`;
  if (!DNS1123_LABEL.test(s)) return "lowercase letters, digits and '-', starting and ending with a letter or digit";
  return null;
}

export function dns1123Subdomain(s: string): string | null {
  if (s.length > 253) return `at most 253 characters (it has ${s.length})`;
  if (!s.split(".").every((part) => DNS1123_LABEL.test(part))) return "lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit";
  return null;
}

/** A label or node-selector key: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
export function qualifiedName(s: string): string | null {
  const parts = s.split("/");
  if (parts.length > 2) return "at most one '/' (prefix/name)";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (!parts[0]) return "the prefix before '/' is empty";
    const bad = dns1123Subdomain(parts[0]);
    if (bad) return `prefix '${parts[0]}': ${bad}`;
  }
  if (!name) return "the name is empty";
  if (name.length > 63) return `the name part has at most 63 characters (it has ${name.length})`;
  if (!QUALIFIED_NAME.test(name)) return "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return null;
}

export function labelValue(s: string): string | null {
  if (s === "") return null;
  if (s.length > 63) return `at most 63 characters (it has ${s.length})`;
  if (!QUALIFIED_NAME.test(s)) return "letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or empty)";
  return null;
}

export function envName(s: string): string | null {
  return ENV_NAME.test(s) ? null : "letters, digits, '_', '-' and '.', not starting with a digit";
}

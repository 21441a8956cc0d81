// Arrow values (as lancedb's toArray() gives them) to plain JSON. Arrow
// objects never leave server/tables.

export function toJsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Uint8Array) {
    // Binary travels tagged so the UI can tell it from text (and show images).
    return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64"), size: v.byteLength };
  }
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, toJsonValue);
  if (Array.isArray(v)) return v.map(toJsonValue);
  const maybe = v as { toJSON?: () => unknown; toArray?: () => unknown };
  if (typeof maybe.toArray === "function" && !(v instanceof Map)) {
    // Arrow Vector (list cells)
    return toJsonValue(Array.from(maybe.toArray() as ArrayLike<unknown>));
  }
  if (typeof maybe.toJSON === "function") return toJsonValue(maybe.toJSON());
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJsonValue(x);
    return out;
  }
  return String(v);
}

export function rowToJson(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = toJsonValue(v);
  return out;
}

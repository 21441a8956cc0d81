/** A dynamic route segment as text. Decodes once more if still percent-encoded; a stray '%' stays as it is. */
export function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ESM because package.json has "type": "module".
// Telemetry is disabled through NEXT_TELEMETRY_DISABLED=1 in scripts/ (no config key exists).

/** @type {import("next").NextConfig} */
const nextConfig = {
  // lancedb ships a native .node addon that Turbopack cannot bundle into ESM
  // chunks; the k8s client is kept external too so it loads as plain Node code.
  serverExternalPackages: ["@lancedb/lancedb", "@kubernetes/client-node"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Pin the workspace root so a lockfile in a parent folder is never picked up.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;

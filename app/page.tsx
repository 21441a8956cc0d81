// Placeholder home page; the real Tables view replaces it.
export default function Home() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold">Backfill Studio</h1>
      <p className="text-neutral-400">
        Tables API:{" "}
        {/* plain <a>: an API route is not a page, so no client-side navigation */}
        <a href="/api/tables" className="text-sky-400 hover:underline">
          /api/tables
        </a>
      </p>
    </div>
  );
}

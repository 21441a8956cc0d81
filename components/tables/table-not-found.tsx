"use client";
// The designed state for /tables/<name> when the API answers 404.
import Link from "next/link";
import { enc } from "@/components/api-client";
import { useTables } from "./use-tables";

export function TableNotFound({ name, message }: { name: string; message: string }) {
  const tables = useTables();
  const others = tables.data ?? [];
  return (
    <div role="alert" data-testid="table-not-found" className="mx-auto max-w-xl rounded-lg border border-neutral-800 bg-neutral-900/50 p-8 text-center">
      <div className="font-mono text-5xl font-semibold text-neutral-700">404</div>
      <h1 className="mt-3 text-lg font-semibold text-neutral-100">
        No table named <code className="font-mono text-sky-300">{name}</code>
      </h1>
      <p className="mt-1 text-sm text-neutral-400">{message}. It may have been dropped, or the link has a typo.</p>
      {others.length > 0 && (
        <div className="mt-5 text-sm">
          <div className="text-neutral-500">Tables in this database:</div>
          <ul className="mt-2 flex flex-wrap justify-center gap-2">
            {others.map((t) => (
              <li key={t.name}>
                <Link href={`/tables/${enc(t.name)}`} className="rounded-md border border-neutral-700 px-2 py-0.5 font-mono text-sky-300 hover:bg-neutral-800">
                  {t.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Link href="/" className="mt-6 inline-block text-sm text-sky-400 hover:underline">
        ← All tables
      </Link>
    </div>
  );
}

"use client";
// The table page: header, schema (UDF columns marked) and the rows browser.
import { useCan } from "@/components/auth/use-me";
import Link from "next/link";
import { Suspense } from "react";
import { enc } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { Badge, Button } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { RowsBrowser } from "./rows-browser";
import { SchemaList } from "./schema-list";
import { TableNotFound } from "./table-not-found";
import { isNotFound, useTable } from "./use-tables";

export function TableView({ table }: { table: string }) {
  const info = useTable(table);
  const canAuthor = useCan("author");

  if (info.isPending) return <TableSkeleton name={table} />;
  if (info.isError) {
    if (isNotFound(info.error)) return <TableNotFound name={table} message={info.error.message} />;
    return (
      <div className="space-y-4">
        <Breadcrumb name={table} />
        <ErrorState title={`Could not load table ${table}`} error={info.error} action={<Button onClick={() => info.refetch()}>Retry</Button>} />
      </div>
    );
  }
  const t = info.data;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Breadcrumb name={t.name} />
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="font-mono text-2xl font-semibold tracking-tight">{t.name}</h1>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-neutral-400">
              <span data-testid="num-rows">
                <span className="tabular-nums text-neutral-200">{fmtInt(t.numRows)}</span> rows
              </span>
              <span className="text-neutral-700">·</span>
              <span>
                {t.columns.length} columns
              </span>
              <span className="text-neutral-700">·</span>
              <Badge title="the Lance dataset version (each commit makes a new one)">version {t.version}</Badge>
            </div>
          </div>
          <div className="flex gap-2">
            <Link href={`/jobs?table=${enc(t.name)}`} className="rounded-md border border-neutral-700 bg-neutral-900 px-3 py-1.5 text-sm font-medium text-neutral-200 hover:bg-neutral-800">
              Jobs
            </Link>
            {canAuthor.ok ? (
              <Link href={`/tables/${enc(t.name)}/udf/new`} className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-500">
                + New UDF column
              </Link>
            ) : (
              <span className="cursor-not-allowed rounded-md bg-sky-900 px-3 py-1.5 text-sm font-medium text-sky-300/60" title={canAuthor.why} data-testid="new-udf-disabled">
                + New UDF column
              </span>
            )}
          </div>
        </div>
      </div>
      <SchemaList table={t} />
      {/* useSearchParams() needs a Suspense boundary */}
      <Suspense fallback={<Loading label="Loading rows…" />}>
        <RowsBrowser table={t} />
      </Suspense>
    </div>
  );
}

function Breadcrumb({ name }: { name: string }) {
  return (
    <nav aria-label="breadcrumb" className="text-sm text-neutral-500">
      <Link href="/" className="hover:text-neutral-200">
        Tables
      </Link>
      <span className="mx-1.5 text-neutral-700">/</span>
      <span className="text-neutral-300">{name}</span>
    </nav>
  );
}

/** Shown while the table loads (also the route's loading.tsx). */
export function TableSkeleton({ name }: { name?: string }) {
  return (
    <div className="space-y-6" aria-busy="true">
      <div className="space-y-2">
        {name ? <Breadcrumb name={name} /> : <div className="h-5 w-32 animate-pulse rounded bg-neutral-900" />}
        <div className="h-8 w-64 animate-pulse rounded bg-neutral-800/70" />
        <div className="h-4 w-80 animate-pulse rounded bg-neutral-900" />
      </div>
      <div className="space-y-2 rounded-lg border border-neutral-800 p-4">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-5 animate-pulse rounded bg-neutral-900" style={{ width: `${70 - i * 8}%` }} />
        ))}
      </div>
      <Loading label={name ? `Loading ${name}…` : "Loading table…"} />
    </div>
  );
}

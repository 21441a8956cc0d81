"use client";
// /tables/[table]/columns/[column]: a UDF column's stored UDF in the editor;
// edit it, preview or compare it with the stored version, replace it, backfill.
import { useCan } from "@/components/auth/use-me";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, enc, tableKeys, type TableInfo, type UdfInfo } from "@/components/api-client";
import { Badge, Button, Card, ProgressBar } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { ReplaceUdfDialog } from "./replace-udf-dialog";
import { UdfPageHeader } from "./udf-page-header";
import { UdfWorkbench } from "./udf-workbench";
import type { Validation } from "./use-udf-validation";
import { useTable } from "./use-table";

export function UdfColumnView({ table, column }: { table: string; column: string }) {
  const q = useTable(table);
  const col = q.data?.columns.find((c) => c.name === column);
  const [replacedFrom, setReplacedFrom] = useState<string | null>(null);
  return (
    <div className="space-y-5">
      <UdfPageHeader table={table} crumb={column} title={column}>
        {col?.udf && <Badge tone="violet">UDF {col.udf.name}</Badge>}
        {col && <code className="text-sm text-neutral-400">{col.udf?.dataType ?? col.type}</code>}
      </UdfPageHeader>
      {q.isPending ? (
        <Loading label={`Loading table '${table}'…`} />
      ) : q.isError ? (
        <ErrorState title={`Could not load table '${table}'`} error={q.error} />
      ) : !col ? (
        <ErrorState
          title={`Column '${column}' not found`}
          error={`table '${table}' has no column '${column}' (columns: ${q.data.columns.map((c) => c.name).join(", ")})`}
          action={<Link href={`/tables/${enc(table)}`} className="text-sky-400 hover:underline">Back to {table}</Link>}
        />
      ) : !col.udf ? (
        <Empty title={`'${column}' is a data column`}>
          It holds stored data, not a UDF, so there is nothing to edit or backfill.{" "}
          <Link href={`/tables/${enc(table)}/udf/new`} className="text-sky-400 hover:underline">Add a UDF column</Link>
        </Empty>
      ) : (
        <>
          {replacedFrom && replacedFrom !== col.udf.version && (
            <div role="status" className="rounded-md border border-emerald-900/60 bg-emerald-950/40 px-3 py-2 text-sm text-emerald-200" data-testid="replaced">
              UDF replaced: version <code>{replacedFrom}</code> → <code>{col.udf.version}</code>. Existing values stay; the next default backfill
              recomputes the rows computed by the old version.{" "}
              <Link href={`/tables/${enc(table)}/columns/${enc(column)}/backfill`} className="text-sky-300 underline">Backfill now</Link>
            </div>
          )}
          {/* Keyed by version: after a replace the editor restarts from the new stored source. */}
          <UdfColumnEditor key={col.udf.version} info={q.data} column={column} udf={col.udf} filled={col.filled} onReplaced={setReplacedFrom} />
        </>
      )}
    </div>
  );
}

function StoredUdfCard({ table, column, udf, filled }: { table: string; column: string; udf: UdfInfo; filled?: number }) {
  return (
    <Card
      title="Stored UDF"
      actions={
        <Link href={`/tables/${enc(table)}/columns/${enc(column)}/backfill`} className="rounded-md bg-sky-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-sky-500">
          Backfill
        </Link>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm" data-testid="stored-udf">
        <dt className="text-neutral-500">name</dt>
        <dd className="font-mono">{udf.name}</dd>
        <dt className="text-neutral-500">version</dt>
        <dd><code className="text-neutral-300" data-testid="stored-version">{udf.version}</code></dd>
        <dt className="text-neutral-500">kind</dt>
        <dd>{udf.kind ?? "—"}</dd>
        <dt className="text-neutral-500">inputs</dt>
        <dd className="flex flex-wrap gap-1">{udf.inputColumns.map((c) => <code key={c} className="rounded bg-neutral-800 px-1 text-xs">{c}</code>)}</dd>
        <dt className="text-neutral-500">type</dt>
        <dd><code className="text-sky-300">{udf.dataType}</code></dd>
        {udf.onError && (
          <>
            <dt className="text-neutral-500">on error</dt>
            <dd>{udf.onError}</dd>
          </>
        )}
        <dt className="text-neutral-500">filled</dt>
        <dd className="space-y-1">
          <span className="tabular-nums">{filled != null ? `${Math.round(filled * 1000) / 10}%` : "—"}</span>
          <ProgressBar value={filled ?? 0} tone={filled === 1 ? "green" : "blue"} label={`${column} filled`} />
        </dd>
      </dl>
    </Card>
  );
}

function UdfColumnEditor({ info, column, udf, filled, onReplaced }: { info: TableInfo; column: string; udf: UdfInfo; filled?: number; onReplaced(fromVersion: string): void }) {
  const [source, setSource] = useState(udf.source);
  const [sourceVersion, setSourceVersion] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const qc = useQueryClient();
  const dirty = source !== udf.source;

  const canAuthor = useCan("author");
  const replace = useMutation({
    mutationFn: () => api<{ udf: UdfInfo }>(`/api/tables/${enc(info.name)}/columns/${enc(column)}/udf`, { method: "PUT", body: { source } }),
    onSuccess: async () => {
      setConfirming(false);
      onReplaced(udf.version);
      await qc.invalidateQueries({ queryKey: tableKeys.detail(info.name) });
    },
  });

  const side = (v: Validation) => {
    const valid = v.result?.status === "valid" ? v.result.udf : null;
    return (
      <>
        <StoredUdfCard table={info.name} column={column} udf={udf} filled={filled} />
        <Card title="Replace UDF">
          <div className="space-y-3 text-sm">
            <p className="text-neutral-400">
              {dirty ? "The editor holds an edited version. Preview or compare it, then replace the stored UDF." : "Edit the UDF in the editor to replace it."}
            </p>
            <div className="flex gap-2">
              <Button variant="danger" disabled={!dirty || !valid || v.pending || !canAuthor.ok} title={canAuthor.why} onClick={() => { replace.reset(); setConfirming(true); }}>
                Replace UDF…
              </Button>
              <Button variant="ghost" className="disabled:opacity-40" disabled={!dirty} onClick={() => {
                setSource(udf.source);
                setSourceVersion((n) => n + 1);
              }}>Reset to stored</Button>
            </div>
            {dirty && v.result?.status === "invalid" && <p className="text-xs text-amber-300">Fix the problem shown under the editor first.</p>}
          </div>
        </Card>
        {confirming && (
          <ReplaceUdfDialog
            column={column}
            oldVersion={udf.version}
            oldType={udf.dataType}
            next={valid}
            filled={filled}
            pending={replace.isPending}
            error={replace.error}
            onConfirm={() => replace.mutate()}
            onCancel={() => setConfirming(false)}
          />
        )}
      </>
    );
  };

  return (
    <div className="space-y-3">
      <UdfWorkbench
        table={info.name}
        columns={info.columns}
        source={source}
        sourceVersion={sourceVersion}
        onSourceChange={setSource}
        outputColumn={column}
        stored={udf}
        toolbar={
          <div className="flex items-center gap-2 text-xs text-neutral-500">
            {dirty ? <Badge tone="amber">edited</Badge> : <Badge>stored version</Badge>}
            <span>Changes are not saved until you replace the UDF.</span>
          </div>
        }
        side={side}
      />
    </div>
  );
}

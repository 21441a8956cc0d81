"use client";
// /tables/[table]/udf/new: write a UDF from a template, check it live, preview
// it, and save it as a new (not yet backfilled) column.
import { useCan } from "@/components/auth/use-me";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { api, ApiError, enc, tableKeys, type TableInfo, type UdfInfo } from "@/components/api-client";
import { Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { TemplatePicker } from "./template-picker";
import { UdfPageHeader } from "./udf-page-header";
import { udfTemplates } from "./udf-templates";
import { UdfWorkbench } from "./udf-workbench";
import type { Validation } from "./use-udf-validation";
import { useTable } from "./use-table";

export function NewUdfColumnView({ table }: { table: string }) {
  const q = useTable(table);
  return (
    <div className="space-y-5">
      <UdfPageHeader table={table} crumb="new UDF column" title="New UDF column" />
      {q.isPending ? (
        <Loading label={`Loading table '${table}'…`} />
      ) : q.isError ? (
        <ErrorState title={`Could not load table '${table}'`} error={q.error} />
      ) : (
        <NewUdfColumnEditor info={q.data} />
      )}
    </div>
  );
}

function NewUdfColumnEditor({ info }: { info: TableInfo }) {
  const templates = useMemo(() => udfTemplates(info.columns), [info.columns]);
  const [source, setSource] = useState(templates[0].source);
  const [sourceVersion, setSourceVersion] = useState(0);
  const [name, setName] = useState("");
  const router = useRouter();
  const qc = useQueryClient();

  const canAuthor = useCan("author");
  const save = useMutation({
    mutationFn: (n: string) => api<{ udf: UdfInfo }>(`/api/tables/${enc(info.name)}/columns`, { body: { name: n, source } }),
    onSuccess: async (_res, n) => {
      await qc.invalidateQueries({ queryKey: tableKeys.detail(info.name) });
      router.push(`/tables/${enc(info.name)}/columns/${enc(n)}`);
    },
  });

  const side = (v: Validation) => {
    const udfName = v.result?.status === "valid" ? v.result.udf.name : "";
    const colName = name.trim();
    const exists = info.columns.some((c) => c.name === colName);
    const invalid = v.result?.status === "invalid";
    const err = save.error instanceof ApiError ? save.error : save.error ? new ApiError(0, String(save.error)) : null;
    return (
      <Card title="Save as new column">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (colName) save.mutate(colName);
          }}
        >
          <Field
            label="Column name"
            error={exists ? `column '${colName}' already exists` : null}
            hint="letters, digits, '_', '-' or spaces"
          >
            <input
              aria-label="Column name"
              className={inputClass}
              value={name}
              placeholder={udfName || "e.g. word_count"}
              onChange={(e) => {
                setName(e.target.value);
                save.reset();
              }}
            />
          </Field>
          <p className="text-xs text-neutral-500">
            Adds an empty, nullable column that carries this UDF. Nothing is computed until you run a backfill.
          </p>
          {err && (
            <div role="alert" className="rounded-md border border-red-900/60 bg-red-950/40 px-3 py-2 text-sm text-red-200" data-testid="save-error">
              <span className="font-medium text-red-300">{err.status === 409 ? "Name taken" : err.status === 400 ? "Not saved" : "Save failed"}: </span>
              {err.message}
            </div>
          )}
          <Button type="submit" variant="primary" disabled={!colName || exists || invalid || save.isPending || !canAuthor.ok} title={canAuthor.why} className="w-full justify-center">
            {save.isPending ? "Saving…" : "Save as new column"}
          </Button>
          {invalid && <p className="text-xs text-amber-300">Fix the problem shown under the editor first.</p>}
        </form>
      </Card>
    );
  };

  return (
    <UdfWorkbench
      table={info.name}
      columns={info.columns}
      source={source}
      sourceVersion={sourceVersion}
      onSourceChange={setSource}
      outputColumn={name.trim() || undefined}
      toolbar={<TemplatePicker templates={templates} onPick={(t) => {
        setSource(t.source);
        setSourceVersion((n) => n + 1);
      }} />}
      side={side}
    />
  );
}

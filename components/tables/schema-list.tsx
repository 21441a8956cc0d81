"use client";
// A table's columns; UDF columns show their UDF, inputs, fill and actions.
import Link from "next/link";
import { enc } from "@/components/api-client";
import { Badge, Card, ProgressBar } from "@/components/ui/primitives";
import type { ColumnInfo, TableInfo } from "@/server/tables/table-service";
import { fillPercent, typeLabel } from "./column-layout";

export function SchemaList({ table }: { table: TableInfo }) {
  const udfs = table.columns.filter((c) => c.udf).length;
  return (
    <Card
      title={
        <>
          Schema <span className="font-normal text-neutral-500">· {table.columns.length} columns{udfs ? `, ${udfs} computed by UDFs` : ""}</span>
        </>
      }
    >
      <div aria-label="schema" className="space-y-3">
        <ul aria-label="data columns" className="flex flex-wrap gap-2">
          {table.columns.filter((c) => !c.udf).map((c) => <PlainColumn key={c.name} column={c} />)}
        </ul>
        {udfs > 0 && (
          <ul aria-label="UDF columns" className="divide-y divide-neutral-800/80 border-t border-neutral-800">
            {table.columns.filter((c) => c.udf).map((c) => <UdfColumn key={c.name} table={table.name} column={c} />)}
          </ul>
        )}
      </div>
    </Card>
  );
}

function PlainColumn({ column }: { column: ColumnInfo }) {
  return (
    <li data-column={column.name} className="flex items-baseline gap-2 rounded-md border border-neutral-800 bg-neutral-950 px-2.5 py-1 text-sm">
      <span className="font-medium text-neutral-200">{column.name}</span>
      <span className="font-mono text-xs text-neutral-500">{typeLabel(column.type)}</span>
      {!column.nullable && <span className="text-[11px] text-neutral-600">not null</span>}
    </li>
  );
}

function UdfColumn({ table, column }: { table: string; column: ColumnInfo }) {
  const udf = column.udf!;
  const base = `/tables/${enc(table)}/columns/${enc(column.name)}`;
  const pct = fillPercent(column.filled);
  return (
    <li data-column={column.name} data-udf="true" className="grid grid-cols-1 gap-x-6 gap-y-2 py-3 text-sm md:grid-cols-[12rem_1fr_14rem_auto] md:items-center">
      <div className="min-w-0">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium text-neutral-100">{column.name}</span>
          <Badge tone="violet" title="computed by a Python UDF">
            UDF
          </Badge>
        </div>
        <div className="font-mono text-xs text-neutral-400">{typeLabel(column.type)}</div>
      </div>
      <dl className="grid min-w-0 grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-neutral-500">UDF</dt>
        <dd className="truncate font-mono text-neutral-200">
          {udf.name}
          {udf.kind && <span className="ml-2 font-sans text-neutral-500">{udf.kind}</span>}
        </dd>
        <dt className="text-neutral-500">version</dt>
        <dd className="truncate font-mono text-neutral-300" title={udf.version}>
          {udf.version.length > 12 ? udf.version.slice(0, 12) : udf.version}
        </dd>
        <dt className="text-neutral-500">inputs</dt>
        <dd className="flex flex-wrap gap-1">
          {udf.inputColumns.length ? (
            udf.inputColumns.map((i) => (
              <code key={i} className="rounded bg-neutral-800 px-1 text-neutral-200">
                {i}
              </code>
            ))
          ) : (
            <span className="text-neutral-500">none</span>
          )}
        </dd>
        <dt className="text-neutral-500">returns</dt>
        <dd className="font-mono text-neutral-300">{udf.dataType}</dd>
      </dl>
      <div className="space-y-1" data-testid={`fill-${column.name}`}>
        <div className="flex justify-between text-xs">
          <span className="text-neutral-500">filled</span>
          <span className="tabular-nums text-neutral-200">{pct}</span>
        </div>
        <ProgressBar value={column.filled ?? 0} tone={(column.filled ?? 0) >= 1 ? "green" : "blue"} label={`${column.name} filled ${pct}`} />
      </div>
      <div className="flex gap-2 md:justify-end">
        <Link href={base} className="rounded-md border border-neutral-700 px-2.5 py-1 text-xs font-medium text-neutral-200 hover:bg-neutral-800">
          Edit UDF
        </Link>
        <Link href={`${base}/backfill`} className="rounded-md bg-sky-700 px-2.5 py-1 text-xs font-medium text-white hover:bg-sky-600">
          Backfill
        </Link>
      </div>
    </li>
  );
}

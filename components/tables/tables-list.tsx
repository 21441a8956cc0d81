"use client";
// The home page: every table with its row count and UDF columns.
import Link from "next/link";
import { enc } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { Badge, Button } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { useTables } from "./use-tables";

export function TablesList() {
  const tables = useTables();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Tables</h1>
        <p className="text-sm text-neutral-400">LanceDB tables in this database. Open one to browse rows, add a UDF column or backfill it.</p>
      </div>
      {tables.isPending ? (
        <Loading label="Loading tables…" />
      ) : tables.isError ? (
        <ErrorState title="Could not list the tables" error={tables.error} action={<Button onClick={() => tables.refetch()}>Retry</Button>} />
      ) : tables.data.length === 0 ? (
        <NoTables />
      ) : (
        <div className="overflow-hidden rounded-lg border border-neutral-800">
          <table className="w-full text-sm" aria-label="tables">
            <thead className="bg-neutral-900 text-left text-xs uppercase tracking-wide text-neutral-500">
              <tr>
                <th className="px-4 py-2 font-medium">Table</th>
                <th className="px-4 py-2 text-right font-medium">Rows</th>
                <th className="px-4 py-2 text-right font-medium">UDF columns</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-800">
              {tables.data.map((t) => (
                <tr key={t.name} data-table={t.name} className="hover:bg-neutral-900/60">
                  <td className="px-4 py-3">
                    <Link href={`/tables/${enc(t.name)}`} className="font-mono font-medium text-sky-300 hover:underline">
                      {t.name}
                    </Link>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums text-neutral-200" data-testid="rows">
                    {fmtInt(t.numRows)}
                  </td>
                  <td className="px-4 py-3 text-right" data-testid="udf-columns">
                    {t.udfColumns ? <Badge tone="violet">{t.udfColumns} UDF</Badge> : <span className="text-neutral-600">none</span>}
                  </td>
                  <td className="px-4 py-3 text-right">
                    <Link href={`/tables/${enc(t.name)}`} className="text-xs text-neutral-400 hover:text-neutral-100">
                      Open →
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function NoTables() {
  return (
    <div data-testid="no-tables" className="rounded-lg border border-dashed border-neutral-700 p-8">
      <div className="text-center">
        <div className="font-medium text-neutral-200">No tables yet</div>
        <p className="mt-1 text-sm text-neutral-400">
          This database directory (<code className="font-mono">LANCEDB_URI</code>, default <code className="font-mono">./data</code>) holds no Lance tables.
        </p>
      </div>
      <div className="mx-auto mt-5 max-w-2xl space-y-3 text-sm text-neutral-400">
        <div>
          <div className="mb-1 text-neutral-300">Load the demo table (10,000 rows with images):</div>
          <pre className="overflow-x-auto rounded border border-neutral-800 bg-neutral-900 p-2 font-mono text-xs text-neutral-200">PYTHONPATH=python .venv/bin/python -m backfill_studio seed --uri $LANCEDB_URI</pre>
        </div>
        <div>
          <div className="mb-1 text-neutral-300">Or write your own with Python:</div>
          <pre className="overflow-x-auto rounded border border-neutral-800 bg-neutral-900 p-2 font-mono text-xs text-neutral-200">{`import lancedb, pyarrow as pa
db = lancedb.connect("./data")
db.create_table("my_table", pa.table({"id": [1, 2, 3], "text": ["a", "b", "c"]}))`}</pre>
        </div>
        <p>Then reload this page.</p>
      </div>
    </div>
  );
}

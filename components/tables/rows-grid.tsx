"use client";
// A virtualized grid of one page of rows (up to 1000): only the rows in and
// near the viewport are in the DOM, between two spacers that keep the scroll
// height. Rows have a fixed height so the window is pure arithmetic.
import { useCallback, useEffect, useState } from "react";
import type { ColumnInfo } from "@/server/tables/table-service";
import { Cell, type ExpandRequest } from "./cell";
import { CellPopover } from "./cell-popover";
import { gridColumnWidth, gridTemplate, isNumericType, ROW_NUMBER_WIDTH, typeLabel } from "./column-layout";
import type { Row } from "./use-tables";
import { useVirtualRows } from "./use-virtual-rows";

export const ROW_HEIGHT = 40;

export function RowsGrid({ columns, rows, firstRowNumber, resetKey }: { columns: ColumnInfo[]; rows: Row[]; firstRowNumber: number; resetKey: string }) {
  const { ref, win, scrollToTop } = useVirtualRows(rows.length, ROW_HEIGHT);
  const [expanded, setExpanded] = useState<ExpandRequest | null>(null);
  const close = useCallback(() => setExpanded(null), []);

  // a new page or filter starts at the top
  useEffect(() => {
    scrollToTop();
    setExpanded(null);
  }, [resetKey, scrollToTop]);

  const template = gridTemplate(columns);
  const minWidth = ROW_NUMBER_WIDTH + columns.reduce((w, c) => w + gridColumnWidth(c), 0);

  return (
    <>
      <div
        ref={ref}
        onScroll={expanded ? close : undefined}
        role="grid"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length + 1}
        className="relative h-[min(70vh,640px)] overflow-auto rounded-md border border-neutral-800 bg-neutral-950 text-sm"
      >
        <div style={{ minWidth }}>
          <div role="row" aria-rowindex={1} className="sticky top-0 z-10 grid border-b border-neutral-800 bg-neutral-900" style={{ gridTemplateColumns: template }}>
            <div role="columnheader" className="px-2 py-1.5 text-right text-xs font-medium text-neutral-500">
              #
            </div>
            {columns.map((c) => (
              <div
                role="columnheader"
                key={c.name}
                data-column={c.name}
                data-udf={c.udf ? "true" : undefined}
                title={c.udf ? `computed by UDF ${c.udf.name} (version ${c.udf.version}) from ${c.udf.inputColumns.join(", ")}` : `${c.name}: ${c.type}`}
                className={`min-w-0 border-l border-neutral-800/70 px-2 py-1.5 ${c.udf ? "border-t-2 border-t-violet-500 bg-violet-950/40" : ""}`}
              >
                <div className="flex items-center gap-1.5 truncate font-medium text-neutral-200">
                  {c.udf && <span className="rounded bg-violet-900/80 px-1 text-[10px] font-semibold uppercase tracking-wide text-violet-200">ƒ udf</span>}
                  <span className="truncate">{c.name}</span>
                </div>
                <div className="truncate font-mono text-[11px] text-neutral-500">{typeLabel(c.type)}</div>
              </div>
            ))}
          </div>
          <div style={{ height: win.padTop }} aria-hidden />
          {rows.slice(win.start, win.end).map((row, i) => {
            const index = win.start + i;
            return (
              <div
                role="row"
                aria-rowindex={index + 2}
                key={String(row._rowid ?? index)}
                className="grid border-b border-neutral-900 hover:bg-neutral-900/70"
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}
              >
                <div role="rowheader" title={row._rowid !== undefined ? `_rowid ${row._rowid}` : undefined} className="flex items-center justify-end px-2 font-mono text-xs tabular-nums text-neutral-600">
                  {(firstRowNumber + index).toLocaleString("en-US")}
                </div>
                {columns.map((c) => (
                  <div
                    role="gridcell"
                    key={c.name}
                    data-column={c.name}
                    className={`flex min-w-0 items-center overflow-hidden whitespace-nowrap border-l border-neutral-900 px-2 ${isNumericType(c.type) ? "justify-end" : ""} ${c.udf ? "bg-violet-950/15" : ""}`}
                  >
                    <div className="min-w-0 truncate">
                      {/* a column just added in the picker is absent until its page arrives */}
                      {c.name in row && <Cell value={row[c.name]} column={c.name} onExpand={setExpanded} />}
                    </div>
                  </div>
                ))}
              </div>
            );
          })}
          <div style={{ height: win.padBottom }} aria-hidden />
        </div>
      </div>
      {expanded && <CellPopover req={expanded} onClose={close} />}
    </>
  );
}

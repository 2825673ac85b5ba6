"use client";

import type { Row, Table } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { Cell, type CellProps } from "./cells";
import { cellText } from "./format";
import type { PlainRow, TableColumn } from "./types";

const ROW_HEIGHT = 44;

type CellBase = Omit<CellProps, "column" | "row" | "full">;

function alignRight(spec: TableColumn | undefined): boolean {
  return spec?.align === "right" || (!spec?.align && (spec?.kind === "number" || spec?.kind === "decimal"));
}

/** A header cell's text: wraps onto a second line rather than being cut (意见建议数, 解决问题数). */
function HeaderText({ text }: { text: string }) {
  return <span className="line-clamp-2 break-words text-left leading-tight">{text}</span>;
}

/**
 * The table on a desktop: a sticky sortable header and only the rows in view (the rest are
 * spacer rows), in its own scroll box. Rows that wrap are measured, so nothing overlaps.
 */
export function VirtualTable({
  table,
  rows,
  byKey,
  shownColumns,
  regionLabel,
  sortByLabel,
  detailKey,
  detailLabel,
  onDetail,
  resetKey,
  cellProps,
}: {
  table: Table<PlainRow>;
  rows: Row<PlainRow>[];
  byKey: Map<string, TableColumn>;
  shownColumns: TableColumn[];
  regionLabel: string;
  sortByLabel: (header: string) => string;
  detailKey?: string;
  detailLabel: string;
  onDetail: (id: string) => void;
  /** Changes when search, filters or sort change: the box scrolls back to the top. */
  resetKey: unknown;
  cellProps: CellBase;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // Lets the server render the first screenful instead of an empty table.
    initialRect: { width: 1200, height: 640 },
    useFlushSync: false,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search, filter or sort (resetKey) scrolls back to the top
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const minWidth = shownColumns.reduce((s, c) => s + (c.width ?? 120), 0);
  const yesNo = cellProps.yesNo;

  return (
    <div
      ref={scrollRef}
      className="relative max-h-[70vh] overflow-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700"
      tabIndex={0}
      role="region"
      aria-label={regionLabel}
      data-testid="table-scroll"
    >
      <table className="w-full table-fixed border-separate border-spacing-0 text-sm" style={{ minWidth }} aria-rowcount={rows.length + 1}>
        <colgroup>
          {shownColumns.map((c) => (
            <col key={c.key} style={{ width: c.width ?? 120 }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {table.getVisibleLeafColumns().map((col, i) => {
              const spec = byKey.get(col.id);
              const dir = col.getIsSorted();
              return (
                <th
                  key={col.id}
                  scope="col"
                  aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                  className={`sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-3 py-2 text-left align-bottom font-medium text-slate-600 ${i === 0 ? "left-0 z-20" : ""}`}
                >
                  <button
                    type="button"
                    onClick={col.getToggleSortingHandler()}
                    className={`flex w-full items-end gap-1 ${alignRight(spec) ? "justify-end text-right" : ""} hover:text-slate-900`}
                    title={sortByLabel(spec?.header ?? col.id)}
                    data-testid={`sort-${col.id}`}
                  >
                    <HeaderText text={spec?.header ?? col.id} />
                    <span aria-hidden className={`text-xs ${dir ? "text-brand-700" : "text-slate-300"}`}>
                      {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={shownColumns.length} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                style={{ height: ROW_HEIGHT }}
                className="group"
                data-testid="table-row"
                data-row-id={row.id}
              >
                {row.getVisibleCells().map((cell, i) => {
                  const spec = byKey.get(cell.column.id);
                  if (!spec) return null;
                  return (
                    <td
                      key={cell.id}
                      className={`overflow-hidden border-b border-slate-100 bg-white px-3 py-2 group-hover:bg-slate-50 ${alignRight(spec) ? "text-right" : ""} ${i === 0 ? "sticky left-0 z-[1]" : ""}`}
                    >
                      {spec.key === detailKey ? (
                        <button
                          type="button"
                          onClick={() => onDetail(row.id)}
                          className="block max-w-full truncate text-left text-blue-700 hover:underline"
                          title={detailLabel}
                        >
                          {cellText(spec, row.original[spec.key], yesNo)}
                        </button>
                      ) : (
                        <Cell column={spec} row={row.original} {...cellProps} />
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={shownColumns.length} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** On paper short values (ids, dates, numbers, names, lights) stay on one line; long text wraps. */
function wrapsOnPaper(c: TableColumn): boolean {
  return c.wrap === true || (((c.kind ?? "text") === "text" || c.kind === "list" || c.kind === "problems") && (c.width ?? 120) >= 150);
}

/**
 * The table on paper: every filtered row in the order shown, the visible columns sharing
 * the page width (text wraps), the header repeated on each page by the browser.
 */
export function PrintTable({
  title,
  caption,
  rows,
  shownColumns,
  cellProps,
}: {
  title: string;
  caption: string;
  rows: Row<PlainRow>[];
  shownColumns: TableColumn[];
  cellProps: CellBase;
}) {
  return (
    <table className="print-table w-full border-collapse text-[9pt] leading-snug" aria-label={title} data-testid="print-table">
      <caption className="pb-1 text-left text-[9pt] text-slate-700">{caption}</caption>
      <thead>
        <tr>
          {shownColumns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={`whitespace-nowrap border border-slate-300 bg-slate-100 px-1.5 py-1 text-left align-bottom font-semibold ${alignRight(c) ? "text-right" : ""}`}
            >
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="print-row">
            {shownColumns.map((c) => (
              <td
                key={c.key}
                className={`border border-slate-300 px-1.5 py-0.5 align-top ${wrapsOnPaper(c) ? "break-words" : "whitespace-nowrap"} ${alignRight(c) ? "text-right" : ""}`}
              >
                <Cell column={c} row={row.original} {...cellProps} full={wrapsOnPaper(c) && c.kind !== "problems"} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

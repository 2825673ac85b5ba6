"use client";

import type { Row } from "@tanstack/react-table";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import { Cell, type CellProps } from "./cells";
import { cellText } from "./format";
import type { PlainRow, TableColumn } from "./types";

type CellBase = Omit<CellProps, "column" | "row" | "full">;

/** The columns a phone card shows, in order: those with a `card` place, else the first four shown. */
export function cardColumns(columns: readonly TableColumn[], shown: readonly TableColumn[]): TableColumn[] {
  const placed = columns.filter((c) => c.card !== undefined).sort((a, b) => (a.card ?? 0) - (b.card ?? 0));
  return placed.length > 0 ? placed : shown.slice(0, 4);
}

/**
 * The table on a phone: one card per row, what the reader needs first, in the page's own
 * scroll (no box inside the page, nothing to swipe sideways). Long lists render only the
 * cards near the screen. A card's 详情 opens every field of its row.
 */
export function CardList({
  rows,
  fields,
  detailLabel,
  onDetail,
  cellProps,
}: {
  rows: Row<PlainRow>[];
  fields: TableColumn[];
  detailLabel: string;
  onDetail: (id: string) => void;
  cellProps: CellBase;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) setMargin(el.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({ count: rows.length, estimateSize: () => 132, overscan: 6, scrollMargin: margin });
  const items = virtualizer.getVirtualItems();
  const [heading, ...rest] = fields;
  const yesNo = cellProps.yesNo;
  return (
    <ol ref={listRef} className="relative list-none" style={{ height: virtualizer.getTotalSize() }} data-testid="table-cards">
      {items.map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <li
            key={row.id}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className="absolute inset-x-0 top-0 border-b border-slate-200 px-3 py-3"
            style={{ transform: `translateY(${item.start - margin}px)` }}
            data-testid="table-card"
            data-row-id={row.id}
          >
            {heading && (
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0 flex-1 text-[15px] font-medium leading-snug" data-field={heading.key}>
                  {heading.link ? (
                    <Cell column={{ ...heading, wrap: true }} row={row.original} {...cellProps} />
                  ) : (
                    <span className="break-words">{cellText(heading, row.original[heading.key], yesNo) || "—"}</span>
                  )}
                </div>
                <button
                  type="button"
                  onClick={() => onDetail(row.id)}
                  className="shrink-0 rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700"
                  data-testid="card-detail"
                >
                  {detailLabel}
                </button>
              </div>
            )}
            <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
              {/* A blank number (逾期天数 of a task on time) is left out rather than shown as a dash. */}
              {rest
                .filter((c) => c.kind !== "number" || typeof row.original[c.key] === "number")
                .map((c) => (
                  <div key={c.key} className="contents">
                    <dt className="text-slate-500">{c.header}</dt>
                    <dd className="min-w-0" data-field={c.key}>
                      <Cell column={c} row={row.original} {...cellProps} />
                    </dd>
                  </div>
                ))}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

"use client";

import Link from "next/link";
import { useEffect, useId, useRef } from "react";
import { Cell, type CellProps } from "./cells";
import type { PlainRow, TableColumn } from "./types";

/** Every field of one row, hidden columns included, in a modal dialog. */
export function RowDetail({
  title,
  row,
  columns,
  onClose,
  closeLabel,
  edit,
  ...cellProps
}: Omit<CellProps, "column" | "row" | "full"> & {
  title: string;
  row: PlainRow;
  columns: TableColumn[];
  onClose: () => void;
  closeLabel: string;
  /** Its edit form, when the viewer may change this row. */
  edit?: { href: string; label: string };
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const first = columns[0];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is a mouse shortcut; Escape (native to <dialog>) and the close button serve the keyboard
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) ref.current.close();
      }}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid="row-detail"
    >
      <div className="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
          {first && <span className="ml-2 font-mono text-base text-slate-600">{String(row[first.key] ?? "")}</span>}
        </h2>
        <div className="flex shrink-0 gap-2">
          {edit && (
            <Link href={edit.href} className="rounded-md bg-blue-700 px-3 py-1 text-sm text-white hover:bg-blue-800" data-testid="row-edit-link">
              {edit.label}
            </Link>
          )}
          <button
            type="button"
            onClick={() => ref.current?.close()}
            className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50"
            autoFocus
          >
            {closeLabel}
          </button>
        </div>
      </div>
      <dl className="grid max-h-[70vh] grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-2 overflow-auto px-5 py-4 text-sm">
        {columns.map((c) => (
          <div key={c.key} className="contents">
            <dt className="text-slate-600">{c.header}</dt>
            <dd className="min-w-0">
              <Cell column={c} row={row} full {...cellProps} />
            </dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}

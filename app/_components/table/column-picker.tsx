"use client";

import type { TableColumn } from "./types";

export function ColumnPicker({
  columns,
  visible,
  setVisible,
  label,
}: {
  columns: readonly TableColumn[];
  visible: readonly string[];
  setVisible: (v: string[]) => void;
  label: string;
}) {
  return (
    <details className="relative" data-testid="column-picker">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
        {label}
      </summary>
      <fieldset className="absolute right-0 z-30 mt-1 max-h-80 w-56 overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <legend className="sr-only">{label}</legend>
        {columns.map((c) => (
          <label key={c.key} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50">
            <input
              type="checkbox"
              className="h-4 w-4 accent-brand-700"
              checked={visible.includes(c.key)}
              // At least one column stays, or the table would have nothing to show.
              disabled={visible.length === 1 && visible.includes(c.key)}
              onChange={(e) =>
                setVisible(
                  e.target.checked ? columns.filter((x) => x.key === c.key || visible.includes(x.key)).map((x) => x.key) : visible.filter((k) => k !== c.key),
                )
              }
              data-testid={`column-${c.key}`}
            />
            {c.header}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

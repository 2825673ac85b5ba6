"use client";

import { useId, useRef } from "react";
import type { Messages } from "@/lib/i18n";
import type { FilterOption, TableColumn } from "./types";

export interface FilterProps {
  columns: readonly TableColumn[];
  filters: Record<string, string>;
  setFilter: (key: string, value: string) => void;
  options: Map<string, FilterOption[]>;
  t: Messages["tables"];
}

/** One select per `select` column and one checkbox per `flag` column. */
export function FilterControls({ columns, filters, setFilter, options, t, stacked }: FilterProps & { stacked?: boolean }) {
  return (
    <>
      {columns
        .filter((c) => c.filter?.kind === "select")
        .map((c) => (
          <label key={c.key} className={`text-xs font-medium text-slate-600 ${stacked ? "block" : "min-w-[8rem] flex-[1_1_9rem] sm:max-w-[14rem]"}`}>
            <span className="mb-1 block truncate">{c.header}</span>
            <select
              value={filters[c.key] ?? ""}
              onChange={(e) => setFilter(c.key, e.target.value)}
              className={`w-full rounded-md border px-2 py-1.5 text-sm font-normal text-slate-900 ${filters[c.key] ? "border-brand-700 bg-brand-50" : "border-slate-300 bg-white"}`}
              data-testid={`filter-${c.filter?.param ?? c.key}`}
            >
              <option value="">{t.all}</option>
              {(options.get(c.key) ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      {columns
        .filter((c) => c.filter?.kind === "flag")
        .map((c) => (
          <label key={c.key} className="flex items-center gap-2 self-end rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
            <input
              type="checkbox"
              checked={filters[c.key] === "1"}
              onChange={(e) => setFilter(c.key, e.target.checked ? "1" : "")}
              className="h-4 w-4 accent-brand-700"
              data-testid={`filter-${c.filter?.param ?? c.key}`}
            />
            {c.filter?.kind === "flag" ? c.filter.label : c.header}
          </label>
        ))}
    </>
  );
}

/**
 * On a phone the filters are in a sheet that slides up from the bottom, opened by one
 * button showing how many are on; each choice applies at once, so the count behind it is live.
 */
export function FilterSheet({ title, count, onClear, ...props }: FilterProps & { title: string; count: string; onClear?: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const active = Object.keys(props.filters).length;
  const t = props.t;
  return (
    <>
      <button
        type="button"
        onClick={() => ref.current?.showModal()}
        aria-haspopup="dialog"
        className={`shrink-0 rounded-md border px-3 py-1.5 text-sm font-medium ${active > 0 ? "border-brand-700 bg-brand-50 text-brand-800" : "border-slate-300 bg-white text-slate-700"}`}
        data-testid="open-filters"
      >
        {t.filters}
        {active > 0 && `（${active}）`}
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the sheet; by keyboard, Escape closes a modal dialog natively */}
      <dialog
        ref={ref}
        aria-labelledby={headingId}
        onClick={(e) => {
          if (e.target === ref.current) ref.current.close();
        }}
        className="m-0 mt-auto max-h-[85dvh] w-full max-w-none rounded-t-2xl bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
        data-testid="filter-sheet"
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 id={headingId} className="text-base font-semibold">
            {t.filterSheetTitle(title)}
          </h2>
          <span className="text-sm text-slate-600" aria-live="polite">
            {count}
          </span>
        </div>
        <div className="space-y-3 px-4 py-3">
          <FilterControls {...props} stacked />
        </div>
        <div className="flex gap-2 border-t border-slate-200 px-4 py-3">
          {onClear && (
            <button type="button" onClick={onClear} className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700">
              {t.clear}
            </button>
          )}
          <button
            type="button"
            onClick={() => ref.current?.close()}
            className="flex-1 rounded-md bg-brand-700 px-3 py-2 text-sm font-medium text-white"
            data-testid="close-filters"
          >
            {t.showResults}
          </button>
        </div>
      </dialog>
    </>
  );
}

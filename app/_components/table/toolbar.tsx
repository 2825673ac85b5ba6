"use client";

import { useId, type ReactNode } from "react";
import { FilterControls, FilterSheet, type FilterProps } from "./filters";

/**
 * Above the table: the search, the filters (in the row on a desktop, in a sheet on a phone),
 * the row count with 清除筛选, and the column picker and exports. Never printed.
 */
export function TableToolbar({
  title,
  search,
  setSearch,
  phone,
  filterProps,
  count,
  countText,
  total,
  filtered,
  onClear,
  actions,
}: {
  title: string;
  search: string;
  setSearch: (s: string) => void;
  phone: boolean;
  filterProps: FilterProps;
  count: number;
  countText: string;
  total: number;
  filtered: boolean;
  onClear: () => void;
  /** The column picker and export buttons. */
  actions: ReactNode;
}) {
  const searchId = useId();
  const t = filterProps.t;
  return (
    <div className="space-y-3 border-b border-slate-200 p-3 sm:p-4 print:hidden" data-testid="table-toolbar">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-[12rem] flex-[2_1_16rem]">
          <label htmlFor={searchId} className="mb-1 block text-xs font-medium text-slate-600">
            {t.search}
          </label>
          <input
            id={searchId}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t.searchPlaceholder}
            className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-700 focus:outline-none focus:ring-1 focus:ring-brand-700"
            data-testid="table-search"
          />
        </div>
        {phone ? (
          <FilterSheet title={title} count={countText} onClear={filtered ? onClear : undefined} {...filterProps} />
        ) : (
          <FilterControls {...filterProps} />
        )}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700" aria-live="polite">
          <span data-testid="row-count" data-count={count} data-total={total}>
            {countText}
          </span>
          {filtered && (
            <button type="button" onClick={onClear} className="ml-3 text-sm text-blue-700 underline" data-testid="clear-filters">
              {t.clear}
            </button>
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">{actions}</div>
      </div>
    </div>
  );
}

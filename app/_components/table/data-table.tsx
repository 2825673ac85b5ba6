"use client";

import {
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type FilterFn,
  type SortingState,
  type VisibilityState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { messagesFor, type Locale } from "@/lib/i18n";
import { ExportButtons } from "../export/export-buttons";
import { toExportTable } from "../export/export-table";
import { Cell } from "./cells";
import { cellText, compareCells, compareText } from "./format";
import { RowDetail } from "./row-detail";
import type { CellValue, FilterOption, PlainRow, SortSpec, TableColumn } from "./types";
import { readView, writeView, type QueryInput } from "./url-state";

export interface DataTableProps {
  /** Names the table for screen readers and the export. */
  title: string;
  rows: PlainRow[];
  columns: TableColumn[];
  /** Key of the column holding each row's unique id. */
  rowKey: string;
  locale: Locale;
  /** The page's query string as the server saw it: the view to start from. */
  query: Record<string, string | string[] | undefined>;
  defaultSort?: SortSpec[];
  /** Prefix of this table's URL parameters, when a page has more than one table. */
  paramPrefix?: string;
  /** Column whose cell opens the row's detail view. */
  detailKey?: string;
  /** Shown instead of the table when there are no rows at all: says what to do. */
  emptyText: string;
  /** File and sheet name of exports, e.g. "任务-2026". */
  exportName: string;
  /** Date in export file names (the app's today). */
  today: string;
  testId?: string;
  /**
   * A link in the row's detail view to its edit form, for the rows the viewer
   * may change (decided on the server): `{id}` in `href` is replaced by the row's id.
   */
  rowEdit?: RowEdit;
}

export interface RowEdit {
  href: string;
  label: string;
  /** Key of the column holding the row's unit. */
  unitKey: string;
  /** Every row, or the rows of these units. */
  units: "all" | string[];
}

const ROW_HEIGHT = 44;

/** Remounts when the server sends a different starting view (a link, the year picker), not on our own URL writes. */
export function DataTable(props: DataTableProps) {
  return <TableView key={JSON.stringify(props.query)} {...props} />;
}

function toSorting(sort: readonly SortSpec[]): SortingState {
  return sort.map((s) => ({ id: s.key, desc: s.desc }));
}

const matchesSelect: FilterFn<PlainRow> = (row, columnId, filterValue: string) => {
  const v = row.original[columnId];
  if (Array.isArray(v)) return v.includes(filterValue);
  if (v === null || v === undefined) return filterValue === "";
  return String(v) === filterValue;
};

const matchesFlag: FilterFn<PlainRow> = (row, columnId) => row.original[columnId] === true;

function optionsOf(column: TableColumn, rows: readonly PlainRow[]): FilterOption[] {
  if (column.filter?.kind === "select" && column.filter.options) return column.filter.options;
  const values = new Set<string>();
  for (const row of rows) {
    const v = row[column.key];
    if (Array.isArray(v)) v.forEach((x) => values.add(x));
    else if (v !== null && v !== undefined && v !== "") values.add(String(v));
  }
  const list = [...values];
  const order = column.order;
  if (order) list.sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || compareText(a, b));
  else if (column.kind === "number") list.sort((a, b) => Number(a) - Number(b));
  else list.sort(compareText);
  return list.map((value) => ({ value, label: column.labels?.[value] ?? value }));
}

function TableView({ title, rows, columns, rowKey, locale, query, defaultSort = [], paramPrefix = "", detailKey, emptyText, exportName, today, testId, rowEdit }: DataTableProps) {
  const m = messagesFor(locale);
  const t = m.tables;
  const yesNo = useMemo(() => ({ yes: t.yes, no: t.no }), [t]);
  const initial = useMemo(() => readView(query as QueryInput, columns, paramPrefix), [query, columns, paramPrefix]);
  const defaultVisible = useMemo(() => columns.filter((c) => !c.hidden).map((c) => c.key), [columns]);
  const byKey = useMemo(() => new Map(columns.map((c) => [c.key, c])), [columns]);

  const [search, setSearch] = useState(initial.search);
  const [sorting, setSorting] = useState<SortingState>(toSorting(initial.sort ?? defaultSort));
  const [filters, setFilters] = useState<Record<string, string>>(initial.filters);
  const [visible, setVisible] = useState<string[]>(initial.columns ?? defaultVisible);
  const [detail, setDetail] = useState<string | undefined>(initial.detail);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = Object.keys(filters).length;
  const deferredSearch = useDeferredValue(search);

  // The view lives in the URL: written back (debounced, without a navigation) whenever it changes —
  // except that following a link cancels a write still waiting: a late write would cancel that
  // navigation and put the person back where they were (type a search, then click a row at once).
  const pendingWrite = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest("a[href]")) clearTimeout(pendingWrite.current);
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => {
      const view = {
        search: search.trim(),
        sort: sorting.map((s) => ({ key: s.id, desc: s.desc })),
        filters,
        columns: columns.filter((c) => visible.includes(c.key)).map((c) => c.key),
        detail,
      };
      const params = writeView(new URLSearchParams(window.location.search), view, columns, { sort: defaultSort }, paramPrefix);
      const qs = params.toString();
      const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, "", url);
    }, 200);
    pendingWrite.current = timer;
    return () => clearTimeout(timer);
  }, [search, sorting, filters, visible, detail, columns, defaultSort, paramPrefix]);

  // Free-text search over every searchable column's displayed text, all words required.
  const haystacks = useMemo(() => {
    const searchable = columns.filter((c) => !c.unsearchable);
    return new Map(rows.map((row) => [row, searchable.map((c) => cellText(c, row[c.key], yesNo)).join("\u0001").toLowerCase()]));
  }, [rows, columns, yesNo]);
  const searched = useMemo(() => {
    const words = deferredSearch.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    if (words.length === 0) return rows;
    return rows.filter((row) => {
      const text = haystacks.get(row) ?? "";
      return words.every((w) => text.includes(w));
    });
  }, [rows, haystacks, deferredSearch]);

  const columnDefs = useMemo<ColumnDef<PlainRow, CellValue | undefined>[]>(
    () =>
      columns.map((c) => ({
        id: c.key,
        accessorFn: (row) => {
          const v = row[c.key];
          return v === null || (Array.isArray(v) && v.length === 0) ? undefined : v;
        },
        header: c.header,
        size: c.width ?? 120,
        sortUndefined: "last",
        sortDescFirst: c.kind === "number" || c.kind === "decimal" || c.kind === "progress",
        sortingFn: (a, b, id) => compareCells(c, a.getValue(id) as CellValue, b.getValue(id) as CellValue),
        filterFn: c.filter?.kind === "flag" ? matchesFlag : matchesSelect,
        enableColumnFilter: Boolean(c.filter),
      })),
    [columns],
  );

  const filterOptions = useMemo(() => new Map(columns.filter((c) => c.filter?.kind === "select").map((c) => [c.key, optionsOf(c, rows)])), [columns, rows]);
  const columnFilters = useMemo<ColumnFiltersState>(() => Object.entries(filters).map(([id, value]) => ({ id, value })), [filters]);
  const columnVisibility = useMemo<VisibilityState>(() => Object.fromEntries(columns.map((c) => [c.key, visible.includes(c.key)])), [columns, visible]);

  const table = useReactTable({
    data: searched,
    columns: columnDefs,
    state: { sorting, columnFilters, columnVisibility },
    onSortingChange: setSorting,
    getRowId: (row, i) => String(row[rowKey] ?? i),
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const tableRows = table.getRowModel().rows;
  const shownColumns = columns.filter((c) => visible.includes(c.key));

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // Lets the server render the first screenful instead of an empty table.
    initialRect: { width: 1200, height: 640 },
    useFlushSync: false,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search, filter or sort scrolls back to the top
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [deferredSearch, filters, sorting]);

  const setFilter = useCallback((key: string, value: string) => {
    setFilters((f) => {
      const next = { ...f };
      if (value) next[key] = value;
      else delete next[key];
      return next;
    });
  }, []);
  const filtered = search.trim() !== "" || Object.keys(filters).length > 0;
  const clear = () => {
    setSearch("");
    setFilters({});
  };

  const exportRows = () => toExportTable(exportName, shownColumns, tableRows.map((r) => r.original), yesNo);
  const detailRow = detail === undefined ? undefined : rows.find((r) => String(r[rowKey]) === detail);

  const searchId = useId();
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const minWidth = shownColumns.reduce((s, c) => s + (c.width ?? 120), 0);
  const cellProps = { locale, yesNo, planLabel: t.plan, actualLabel: t.actual, linkLabel: t.link };

  if (rows.length === 0) {
    return (
      <section className="card p-8 text-center" data-testid={testId} aria-label={title}>
        <p className="text-slate-700" data-testid="table-empty">
          {emptyText}
        </p>
      </section>
    );
  }

  return (
    <section className="card min-w-0" data-testid={testId} aria-label={title}>
      <div className="space-y-3 border-b border-slate-200 p-3 sm:p-4">
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
          {/* On a phone the filters fold away behind one button; from sm up they sit in the row. */}
          <button
            type="button"
            onClick={() => setFiltersOpen((o) => !o)}
            aria-expanded={filtersOpen}
            className={`rounded-md border px-3 py-1.5 text-sm font-medium sm:hidden ${activeFilters > 0 ? "border-brand-700 bg-brand-50 text-brand-800" : "border-slate-300 bg-white text-slate-700"}`}
          >
            {t.filters}
            {activeFilters > 0 && `（${activeFilters}）`}
          </button>
          <div className={`${filtersOpen ? "flex" : "hidden"} w-full flex-wrap items-end gap-2 sm:contents`}>
          {columns
            .filter((c) => c.filter?.kind === "select")
            .map((c) => (
              <label key={c.key} className="min-w-[8rem] flex-[1_1_9rem] text-xs font-medium text-slate-600 sm:max-w-[14rem]">
                <span className="mb-1 block truncate">{c.header}</span>
                <select
                  value={filters[c.key] ?? ""}
                  onChange={(e) => setFilter(c.key, e.target.value)}
                  className={`w-full rounded-md border px-2 py-1.5 text-sm font-normal text-slate-900 ${filters[c.key] ? "border-brand-700 bg-brand-50" : "border-slate-300 bg-white"}`}
                  data-testid={`filter-${c.filter?.param ?? c.key}`}
                >
                  <option value="">{t.all}</option>
                  {(filterOptions.get(c.key) ?? []).map((o) => (
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
          </div>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-slate-700" aria-live="polite">
            <span data-testid="row-count" data-count={tableRows.length} data-total={rows.length}>
              {t.count(tableRows.length, rows.length)}
            </span>
            {filtered && (
              <button type="button" onClick={clear} className="ml-3 text-sm text-blue-700 underline" data-testid="clear-filters">
                {t.clear}
              </button>
            )}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <ColumnPicker columns={columns} visible={visible} setVisible={setVisible} label={t.columnsCount(shownColumns.length, columns.length)} />
            <ExportButtons locale={locale} name={exportName} date={today} table={exportRows} />
          </div>
        </div>
      </div>

      {tableRows.length === 0 ? (
        <div className="p-8 text-center" data-testid="table-no-match">
          <p className="font-medium text-slate-800">{t.noMatch}</p>
          <p className="mt-1 text-sm text-slate-600">{t.noMatchHint}</p>
          <button type="button" onClick={clear} className="mt-4 rounded-md bg-brand-700 px-4 py-2 text-sm text-white">
            {t.clear}
          </button>
        </div>
      ) : (
        <div
          ref={scrollRef}
          className="relative max-h-[70vh] overflow-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700"
          tabIndex={0}
          role="region"
          aria-label={t.region(title)}
          data-testid="table-scroll"
        >
          <table className="w-full table-fixed border-separate border-spacing-0 text-sm" style={{ minWidth }} aria-rowcount={tableRows.length + 1}>
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
                  const align = spec?.align === "right" || (!spec?.align && ["number", "decimal"].includes(spec?.kind ?? "")) ? "justify-end text-right" : "";
                  return (
                    <th
                      key={col.id}
                      scope="col"
                      aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                      className={`sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-3 py-2 text-left font-medium text-slate-600 ${i === 0 ? "left-0 z-20" : ""}`}
                    >
                      <button
                        type="button"
                        onClick={col.getToggleSortingHandler()}
                        className={`flex w-full items-center gap-1 ${align} hover:text-slate-900`}
                        title={t.sortBy(spec?.header ?? col.id)}
                        data-testid={`sort-${col.id}`}
                      >
                        <span className="truncate">{spec?.header}</span>
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
                const row = tableRows[item.index];
                if (!row) return null;
                return (
                  <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }} className="group" data-testid="table-row" data-row-id={row.id}>
                    {row.getVisibleCells().map((cell, i) => {
                      const spec = byKey.get(cell.column.id);
                      if (!spec) return null;
                      const right = spec.align === "right" || (!spec.align && (spec.kind === "number" || spec.kind === "decimal"));
                      return (
                        <td
                          key={cell.id}
                          className={`overflow-hidden border-b border-slate-100 bg-white px-3 py-2 group-hover:bg-slate-50 ${right ? "text-right" : ""} ${i === 0 ? "sticky left-0 z-[1]" : ""}`}
                        >
                          {spec.key === detailKey ? (
                            <button type="button" onClick={() => setDetail(row.id)} className="block max-w-full truncate text-left text-blue-700 hover:underline" title={t.detail}>
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
      )}
      {detailRow && (
        <RowDetail title={title} row={detailRow} columns={columns} onClose={() => setDetail(undefined)} closeLabel={t.close} edit={editLinkOf(rowEdit, detailRow, rowKey)} {...cellProps} />
      )}
    </section>
  );
}

function ColumnPicker({ columns, visible, setVisible, label }: { columns: TableColumn[]; visible: string[]; setVisible: (v: string[]) => void; label: string }) {
  return (
    <details className="relative" data-testid="column-picker">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">{label}</summary>
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
              onChange={(e) => setVisible(e.target.checked ? columns.filter((x) => x.key === c.key || visible.includes(x.key)).map((x) => x.key) : visible.filter((k) => k !== c.key))}
              data-testid={`column-${c.key}`}
            />
            {c.header}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

function editLinkOf(edit: RowEdit | undefined, row: PlainRow, rowKey: string): { href: string; label: string } | undefined {
  if (!edit) return undefined;
  const unit = String(row[edit.unitKey] ?? "");
  if (edit.units !== "all" && !edit.units.includes(unit)) return undefined;
  return { href: edit.href.replace("{id}", encodeURIComponent(String(row[rowKey] ?? ""))), label: edit.label };
}

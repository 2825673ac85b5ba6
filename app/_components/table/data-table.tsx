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
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { messagesFor, type Locale } from "@/lib/i18n";
import { ExportButtons } from "../export/export-buttons";
import { toExportTable } from "../export/export-table";
import { CardList, cardColumns } from "./card-list";
import { ColumnPicker } from "./column-picker";
import { compareCells } from "./format";
import { filterOptions, matchesFilter, pageParam } from "./query";
import type { ServerPaging, TablePage } from "./server-page";
import { RowDetail } from "./row-detail";
import { TableToolbar } from "./toolbar";
import type { CellValue, PlainRow, SortSpec, TableColumn } from "./types";
import { defaultColumns, readView, tableRouteHref, type QueryInput } from "./url-state";
import { usePhone, usePrinting } from "./use-media";
import { useSearched } from "./use-search";
import { useUrlView } from "./use-url-view";
import { PrintTable, VirtualTable } from "./virtual-body";

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
  /**
   * A big tab: `rows` is one page the server picked by the URL's view (search, filters, sort,
   * page), and this says how many matched; changes to the view navigate so that the server answers.
   */
  server?: ServerPaging;
}

export interface RowEdit {
  href: string;
  label: string;
  /** Key of the column holding the row's unit. */
  unitKey: string;
  /** Every row, or the rows of these units. */
  units: "all" | string[];
}

/**
 * Remounts when the server sends a different starting view (a link, the year picker). A
 * server-paged table's own view changes fetch only its page (no server render of the page), so
 * the query the server saw changes only when someone navigates.
 */
export function DataTable(props: DataTableProps) {
  // With TABLE_VIEW_FETCH=navigate a server-paged table's view changes are navigations: it keeps its
  // state (and the search box its focus) across the server's answers to its own URL writes. The
  // last few URLs it wrote: an answer to an earlier keystroke may still arrive after a later one.
  const written = useRef<string[]>([]);
  const key = useRef("");
  const incoming = canonicalQuery(
    Object.entries(props.query).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))),
  );
  if (!(props.server && !props.server.pageHref && written.current.includes(incoming))) key.current = incoming;
  const onWrite = useCallback((url: string) => {
    written.current = [...written.current.slice(-7), canonicalQuery([...new URL(url, "http://x").searchParams])];
  }, []);
  return <TableView key={key.current} {...props} onWrite={onWrite} />;
}

function canonicalQuery(entries: [string, string][]): string {
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function toSorting(sort: readonly SortSpec[]): SortingState {
  return sort.map((s) => ({ id: s.key, desc: s.desc }));
}

function filterFnOf(column: TableColumn): FilterFn<PlainRow> {
  return (row, columnId, filterValue: string) => matchesFilter(column, row.original[columnId], filterValue);
}

/**
 * One table: its view state (kept in the URL), search, filters and sort through react-table,
 * shown as a virtual table on a desktop, as cards on a phone and as a plain full table on paper.
 */
function TableView({
  title,
  rows: rowsFirst,
  columns,
  rowKey,
  locale,
  query,
  defaultSort = [],
  paramPrefix = "",
  detailKey,
  emptyText,
  exportName,
  today,
  testId,
  rowEdit,
  server: serverFirst,
  onWrite,
}: DataTableProps & { onWrite: (url: string) => void }) {
  const m = messagesFor(locale);
  const t = m.tables;
  const yesNo = useMemo(() => ({ yes: t.yes, no: t.no }), [t]);
  const initial = useMemo(() => readView(query as QueryInput, columns, paramPrefix), [query, columns, paramPrefix]);
  const byKey = useMemo(() => new Map(columns.map((c) => [c.key, c])), [columns]);
  const phone = usePhone();
  const { printing, ready: printReady } = usePrinting();
  // Set once React has taken over the table: a filter chosen before that (a slow phone) changes the
  // select but not the rows, so tests wait for it, as a person waits for the page to settle.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const [search, setSearch] = useState(initial.search);
  const [sorting, setSorting] = useState<SortingState>(toSorting(initial.sort ?? defaultSort));
  const [filters, setFilters] = useState<Record<string, string>>(initial.filters);
  // undefined: the default columns, which may follow the filters (责任领导 in the overdue view).
  const [chosen, setChosen] = useState<string[] | undefined>(initial.columns);
  const [detail, setDetail] = useState<string | undefined>(initial.detail);
  const deferredSearch = useDeferredValue(search);
  const visible = useMemo(() => chosen ?? defaultColumns(columns, filters), [chosen, columns, filters]);

  const sort = useMemo(() => sorting.map((s) => ({ key: s.id, desc: s.desc })), [sorting]);
  const chosenInOrder = useMemo(() => chosen && columns.filter((c) => chosen.includes(c.key)).map((c) => c.key), [chosen, columns]);

  // Server-paged: the page in the URL, back to the first whenever the view changes. A view change
  // fetches that page as JSON from the table's route (stale answers aborted); the URL follows.
  const viewKey = `${search.trim()}\u0001${JSON.stringify(filters)}\u0001${JSON.stringify(sorting)}`;
  const [paged, setPaged] = useState({ viewKey, page: serverFirst?.page ?? 1 });
  const page = paged.viewKey === viewKey ? paged.page : 1;
  const setPage = useCallback((n: number) => setPaged({ viewKey, page: n }), [viewKey]);
  const [fetched, setFetched] = useState<TablePage | undefined>(undefined);
  const rows = fetched?.rows ?? rowsFirst;
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const navigate = useCallback(
    (url: string) => {
      onWrite(url);
      startNavigation(() => router.replace(url, { scroll: false }));
    },
    [router, onWrite],
  );
  const [fetching, setLoading] = useState(false);
  const loading = fetching || navigating;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const pageHref = serverFirst?.pageHref;
  const pageUrl = useMemo(
    () => pageHref && tableRouteHref(pageHref, { search: search.trim(), sort, filters, columns: undefined }, columns, { sort: defaultSort }, "page", page),
    [pageHref, search, sort, filters, columns, defaultSort, page],
  );
  // The page's URL whose rows are on screen (at first, the server's render).
  const shownUrl = useRef(pageUrl);
  useEffect(() => {
    if (!pageUrl || (shownUrl.current === pageUrl && attempt === 0)) {
      // Back to the view on screen while a page was on its way (or had failed): nothing to ask for.
      setLoading(false);
      setFailed(false);
      return;
    }
    // Every change asks at once; a later one aborts the request still on its way (its answer is never shown).
    const controller = new AbortController();
    setLoading(true);
    fetch(pageUrl, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await res.json()) as TablePage;
      })
      .then((answer) => {
        shownUrl.current = pageUrl;
        setFetched(answer);
        setFailed(false);
        setLoading(false);
      })
      .catch(() => {
        if (controller.signal.aborted) return;
        setFailed(true);
        setLoading(false);
      });
    return () => controller.abort();
  }, [pageUrl, attempt]);
  const server = serverFirst && (fetched ? { ...serverFirst, ...fetched.paging, pageHref, exportHref: serverFirst.exportHref } : serverFirst);
  const exportHref = useMemo(
    () =>
      pageHref && {
        csv: tableRouteHref(pageHref, { search: search.trim(), sort, filters, columns: chosenInOrder }, columns, { sort: defaultSort }, "csv"),
        xlsx: tableRouteHref(pageHref, { search: search.trim(), sort, filters, columns: chosenInOrder }, columns, { sort: defaultSort }, "xlsx"),
      },
    [pageHref, search, sort, filters, chosenInOrder, columns, defaultSort],
  );

  // Back and forward between a server-paged table's own URL writes (and a return to the page,
  // whose server render may predate them): the view comes from the URL.
  const applyUrl = useCallback(() => {
    const v = readView(new URLSearchParams(window.location.search), columns, paramPrefix);
    const nextSorting = toSorting(v.sort ?? defaultSort);
    const raw = new URLSearchParams(window.location.search).get(pageParam(paramPrefix));
    setSearch(v.search);
    setSorting(nextSorting);
    setFilters(v.filters);
    setChosen(v.columns);
    setDetail(v.detail);
    setPaged({ viewKey: `${v.search}\u0001${JSON.stringify(v.filters)}\u0001${JSON.stringify(nextSorting)}`, page: Math.max(1, Number(raw) || 1) });
  }, [columns, paramPrefix, defaultSort]);
  useEffect(() => {
    if (!pageHref) return;
    const current = readView(new URLSearchParams(window.location.search), columns, paramPrefix);
    if (JSON.stringify(current) !== JSON.stringify(initial)) applyUrl();
    window.addEventListener("popstate", applyUrl);
    return () => window.removeEventListener("popstate", applyUrl);
  }, [pageHref, applyUrl, columns, paramPrefix, initial]);

  useUrlView(
    { search: search.trim(), sort, filters, columns: chosenInOrder, detail },
    columns,
    defaultSort,
    paramPrefix,
    serverFirst ? { param: pageParam(paramPrefix), page, navigate: pageHref ? undefined : navigate } : undefined,
  );

  const searched = useSearched(server ? [] : rows, columns, yesNo, deferredSearch);

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
        filterFn: filterFnOf(c),
        enableColumnFilter: Boolean(c.filter),
      })),
    [columns],
  );

  const options = useMemo(
    () => (server ? new Map(server.options) : new Map(columns.filter((c) => c.filter?.kind === "select").map((c) => [c.key, filterOptions(c, rows)]))),
    [columns, rows, server],
  );
  const columnFilters = useMemo<ColumnFiltersState>(() => Object.entries(filters).map(([id, value]) => ({ id, value })), [filters]);
  const columnVisibility = useMemo<VisibilityState>(() => Object.fromEntries(columns.map((c) => [c.key, visible.includes(c.key)])), [columns, visible]);

  const table = useReactTable({
    data: server ? rows : searched,
    columns: columnDefs,
    state: { sorting, columnFilters, columnVisibility },
    // The server has already searched, filtered and sorted a server-paged table's rows.
    manualFiltering: Boolean(server),
    manualSorting: Boolean(server),
    onSortingChange: setSorting,
    getRowId: (row, i) => String(row[rowKey] ?? i),
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const tableRows = table.getRowModel().rows;
  const shownColumns = columns.filter((c) => visible.includes(c.key));

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

  const exportRows = () =>
    toExportTable(
      exportName,
      shownColumns,
      tableRows.map((r) => r.original),
      yesNo,
    );
  const detailRow = detail === undefined ? undefined : rows.find((r) => String(r[rowKey]) === detail);
  const cellProps = { locale, yesNo, planLabel: t.plan, actualLabel: t.actual, linkLabel: t.link };
  const matched = server ? server.matched : tableRows.length;
  const total = server ? server.total : rows.length;
  const countText = t.count(matched, total);
  const pages = server ? Math.max(1, Math.ceil(server.matched / server.pageSize)) : 1;
  const shownPage = server ? server.page : 1;
  const first = server ? (server.page - 1) * server.pageSize + 1 : 1;
  const pageNote = server && server.matched > 0 ? t.serverPage(first, first + tableRows.length - 1, server.matched) : undefined;

  if (total === 0) {
    return (
      <section className="card p-8 text-center" data-testid={testId} aria-label={title}>
        <p className="text-slate-700" data-testid="table-empty">
          {emptyText}
        </p>
      </section>
    );
  }

  let body;
  if (tableRows.length === 0) {
    body = (
      <div className="p-8 text-center" data-testid="table-no-match">
        <p className="font-medium text-slate-800">{t.noMatch}</p>
        <p className="mt-1 text-sm text-slate-600">{t.noMatchHint}</p>
        <button type="button" onClick={clear} className="mt-4 rounded-md bg-brand-700 px-4 py-2 text-sm text-white">
          {t.clear}
        </button>
      </div>
    );
  } else if (printing) {
    body = (
      <PrintTable
        title={title}
        caption={`${title} · ${countText}${pageNote ? ` · ${pageNote}${t.serverPrintNote}` : ""}`}
        rows={tableRows}
        shownColumns={shownColumns}
        cellProps={cellProps}
      />
    );
  } else if (phone) {
    body = <CardList rows={tableRows} fields={cardColumns(columns, shownColumns)} detailLabel={t.detail} onDetail={setDetail} cellProps={cellProps} />;
  } else {
    body = (
      <VirtualTable
        table={table}
        rows={tableRows}
        byKey={byKey}
        shownColumns={shownColumns}
        regionLabel={t.region(title)}
        sortByLabel={t.sortBy}
        detailKey={detailKey}
        detailLabel={t.detail}
        onDetail={setDetail}
        resetKey={`${deferredSearch}\u0001${JSON.stringify(filters)}\u0001${JSON.stringify(sorting)}`}
        cellProps={cellProps}
      />
    );
  }

  return (
    <section
      className="card min-w-0 max-sm:rounded-none max-sm:border-x-0 print:border-0"
      data-testid={testId}
      aria-label={title}
      data-print-table
      data-print-ready={printReady || undefined}
      data-hydrated={hydrated || undefined}
    >
      <TableToolbar
        title={title}
        search={search}
        setSearch={setSearch}
        phone={phone}
        filterProps={{ columns, filters, setFilter, options, t }}
        count={matched}
        countText={countText}
        total={total}
        filtered={filtered}
        onClear={clear}
        actions={
          <>
            <ColumnPicker columns={columns} visible={visible} setVisible={setChosen} label={t.columnsCount(shownColumns.length, columns.length)} />
            <ExportButtons locale={locale} name={exportName} date={today} table={exportRows} serverExport={exportHref || server?.exportHref} />
          </>
        }
      />
      {failed && (
        <div
          className="flex flex-wrap items-center gap-3 border-b border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          role="alert"
          data-testid="table-page-failed"
        >
          <span>{t.pageFailed}</span>
          <button type="button" onClick={() => setAttempt((n) => n + 1)} className="rounded-md border border-red-300 bg-white px-3 py-1 text-red-800">
            {t.retry}
          </button>
        </div>
      )}
      <div
        aria-busy={loading || undefined}
        className={loading ? "opacity-60 transition-opacity" : undefined}
        data-testid="table-body"
        data-loading={loading || undefined}
      >
        {body}
      </div>
      {server && pages > 1 && !printing && (
        <nav
          className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-2 text-sm print:hidden"
          aria-label={t.pager}
          data-testid="pager"
        >
          <span className="text-slate-600" data-testid="page-note">
            {pageNote}
          </span>
          <span className="flex items-center gap-2">
            <button
              type="button"
              disabled={shownPage <= 1 || loading}
              onClick={() => setPage(shownPage - 1)}
              className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50"
              data-testid="page-prev"
            >
              {t.prevPage}
            </button>
            <span data-testid="page-indicator" data-page={shownPage} data-pages={pages}>
              {t.pageOf(shownPage, pages)}
            </span>
            <button
              type="button"
              disabled={shownPage >= pages || loading}
              onClick={() => setPage(shownPage + 1)}
              className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50"
              data-testid="page-next"
            >
              {t.nextPage}
            </button>
          </span>
        </nav>
      )}
      {detailRow && (
        <RowDetail
          title={title}
          row={detailRow}
          columns={columns}
          onClose={() => setDetail(undefined)}
          closeLabel={t.close}
          edit={editLinkOf(rowEdit, detailRow, rowKey)}
          {...cellProps}
        />
      )}
    </section>
  );
}

function editLinkOf(edit: RowEdit | undefined, row: PlainRow, rowKey: string): { href: string; label: string } | undefined {
  if (!edit) return undefined;
  const unit = String(row[edit.unitKey] ?? "");
  if (edit.units !== "all" && !edit.units.includes(unit)) return undefined;
  return { href: edit.href.replace("{id}", encodeURIComponent(String(row[rowKey] ?? ""))), label: edit.label };
}

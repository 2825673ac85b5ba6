/**
 * Big tabs stay on the server: past `serverTableThreshold()` rows in the year, the page
 * applies the URL's view here (the same rules as the browser, from ./query) and sends one
 * page, the filter options and the counts. Framework-free; the caller has already decided
 * which rows the viewer may see.
 */
import { env } from "@/lib/env";
import type { YesNo } from "./format";
import { filterOptions, PAGE_SIZE, pageOf, pageParam, queryIndexed, searchableColumns, searchText, sortOrder } from "./query";
import type { FilterOption, PlainRow, SortSpec, TableColumn } from "./types";
import { readView, type QueryInput } from "./url-state";

/** Rows in the year above which a table is filtered, sorted and paged on the server (TABLE_SERVER_ROWS, default 3000). */
export function serverTableThreshold(): number {
  return env().TABLE_SERVER_ROWS;
}

/** What the browser needs besides the page's rows to show a server-paged table. */
export interface ServerPaging {
  /** Rows matching the view. */
  matched: number;
  /** Rows of the year the viewer may see. */
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Options of each select filter, from every row of the year (not only the page). */
  options: [string, FilterOption[]][];
  /** Links to the route handler that streams every matching row (the export buttons point at them). */
  exportHref?: { csv: string; xlsx: string };
  /** The route handler answering a view change with one page as JSON (`TablePage`), with the year: add the view's parameters. */
  pageHref?: string;
}

/** GET /api/tables/{table}?format=page&…: what a view change of a server-paged table brings. */
export interface TablePage {
  rows: PlainRow[];
  paging: ServerPaging;
}

/**
 * What a big table's answers share until the rows change: each row's search text, the sorted
 * orders asked for, the filter options. Keyed by the rows array itself — the data layer keeps
 * one per dataset version (lib/data/views.ts), so a new read brings new arrays and the old
 * entries go with the old rows — and then by the columns (their headers carry the language).
 */
interface Prepared {
  texts?: string[];
  orders: Map<string, Int32Array | undefined>;
  options?: [string, FilterOption[]][];
}

/** On globalThis: the page and the table route are separate bundles that should share one copy. */
const prepared: WeakMap<readonly PlainRow[], Map<string, Prepared>> = ((
  globalThis as { __dutyboardTablePrepared?: WeakMap<readonly PlainRow[], Map<string, Prepared>> }
).__dutyboardTablePrepared ??= new WeakMap());

function preparedFor(rows: readonly PlainRow[], columns: readonly TableColumn[], yesNo: YesNo): Prepared {
  let byColumns = prepared.get(rows);
  if (!byColumns) {
    byColumns = new Map();
    prepared.set(rows, byColumns);
  }
  const key = JSON.stringify([columns.map((c) => [c.key, c.header, c.kind, c.unsearchable ?? false]), yesNo.yes, yesNo.no]);
  let p = byColumns.get(key);
  if (!p) {
    p = { orders: new Map() };
    byColumns.set(key, p);
  }
  return p;
}

/** The rows the URL's view selects, in order (every one of them: exports use this). */
export function viewRows(
  rows: readonly PlainRow[],
  columns: readonly TableColumn[],
  query: QueryInput,
  defaultSort: readonly SortSpec[],
  yesNo: YesNo,
  prefix = "",
): PlainRow[] {
  const view = readView(query, columns, prefix);
  const sort = view.sort ?? defaultSort;
  const p = preparedFor(rows, columns, yesNo);
  const sortKey = JSON.stringify(sort);
  if (!p.orders.has(sortKey)) p.orders.set(sortKey, sortOrder(rows, sort, columns));
  const texts = () => {
    if (!p.texts) {
      const searchable = searchableColumns(columns);
      p.texts = rows.map((row) => searchText(row, searchable, yesNo));
    }
    return p.texts;
  };
  return queryIndexed(rows, columns, view, texts, p.orders.get(sortKey));
}

export function serverPage(
  rows: readonly PlainRow[],
  columns: readonly TableColumn[],
  query: Record<string, string | string[] | undefined> | URLSearchParams,
  defaultSort: readonly SortSpec[],
  yesNo: YesNo,
  prefix = "",
): { rows: PlainRow[]; paging: ServerPaging } {
  const matched = viewRows(rows, columns, query, defaultSort, yesNo, prefix);
  const raw = query instanceof URLSearchParams ? (query.get(pageParam(prefix)) ?? undefined) : query[pageParam(prefix)];
  const page = pageOf(Array.isArray(raw) ? raw[0] : raw, matched.length);
  const p = preparedFor(rows, columns, yesNo);
  p.options ??= columns.filter((c) => c.filter?.kind === "select").map((c): [string, FilterOption[]] => [c.key, filterOptions(c, rows)]);
  return {
    rows: matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    paging: { matched: matched.length, total: rows.length, page, pageSize: PAGE_SIZE, options: p.options },
  };
}

/** Links to GET /api/tables/{table} with the page's view (minus the page), for the export buttons. */
export function exportLinks(
  table: "visits" | "tasks",
  query: Record<string, string | string[] | undefined>,
  year: number,
  prefix = "",
): { csv: string; xlsx: string } {
  const link = (format: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === "string" && k !== pageParam(prefix)) params.set(k, v);
    params.set("year", String(year));
    params.set("format", format);
    return `/api/tables/${table}?${params.toString()}`;
  };
  return { csv: link("csv"), xlsx: link("xlsx") };
}

/** The JSON page route of a server-paged table, for `ServerPaging.pageHref`; none with TABLE_VIEW_FETCH=navigate (view changes re-render the page). */
export function pageLink(table: "visits" | "tasks", year: number): string | undefined {
  return env().TABLE_VIEW_FETCH === "navigate" ? undefined : `/api/tables/${table}?year=${year}&format=page`;
}

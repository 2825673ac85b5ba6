/**
 * Big tabs stay on the server: past `serverTableThreshold()` rows in the year, the page
 * applies the URL's view here (the same rules as the browser, from ./query) and sends one
 * page, the filter options and the counts. Framework-free; the caller has already decided
 * which rows the viewer may see.
 */
import { env } from "@/lib/env";
import type { YesNo } from "./format";
import { filterOptions, PAGE_SIZE, pageOf, pageParam, queryRows } from "./query";
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
  return queryRows(rows, columns, { search: view.search, filters: view.filters, sort: view.sort ?? defaultSort }, yesNo);
}

export function serverPage(
  rows: readonly PlainRow[],
  columns: readonly TableColumn[],
  query: Record<string, string | string[] | undefined>,
  defaultSort: readonly SortSpec[],
  yesNo: YesNo,
  prefix = "",
): { rows: PlainRow[]; paging: ServerPaging } {
  const matched = viewRows(rows, columns, query, defaultSort, yesNo, prefix);
  const raw = query[pageParam(prefix)];
  const page = pageOf(Array.isArray(raw) ? raw[0] : raw, matched.length);
  const options = columns.filter((c) => c.filter?.kind === "select").map((c): [string, FilterOption[]] => [c.key, filterOptions(c, rows)]);
  return {
    rows: matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    paging: { matched: matched.length, total: rows.length, page, pageSize: PAGE_SIZE, options },
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

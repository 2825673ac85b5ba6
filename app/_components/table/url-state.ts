/**
 * A table's view — search, sort, filters, columns, the open row — as query-string
 * parameters, so a view can be shared as a link and survives a reload. Pure.
 */
import type { SortSpec, TableColumn } from "./types";

export interface TableView {
  search: string;
  /** undefined: the table's default sort. An empty array: unsorted by choice. */
  sort: SortSpec[] | undefined;
  /** Column key → filter value ("1" for a ticked flag). */
  filters: Record<string, string>;
  /** Visible column keys in order; undefined: the columns' defaults. */
  columns: string[] | undefined;
  /** Row whose detail is open. */
  detail: string | undefined;
}

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function getter(query: QueryInput): (name: string) => string | undefined {
  if (query instanceof URLSearchParams) return (name) => query.get(name) ?? undefined;
  return (name) => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
}

export function filterParam(column: TableColumn): string {
  return column.filter?.param ?? column.key;
}

function names(prefix: string) {
  const p = prefix ? `${prefix}.` : "";
  return { search: `${p}q`, sort: `${p}sort`, columns: `${p}cols`, detail: `${p}detail`, filter: (c: TableColumn) => `${p}${filterParam(c)}` };
}

export function parseSort(value: string | undefined, columns: readonly TableColumn[]): SortSpec[] | undefined {
  if (value === undefined) return undefined;
  if (value === "" || value === "none") return [];
  const keys = new Set(columns.map((c) => c.key));
  const specs = value
    .split(",")
    .map((part) => (part.startsWith("-") ? { key: part.slice(1), desc: true } : { key: part, desc: false }))
    .filter((s) => keys.has(s.key));
  return specs.length > 0 ? specs : undefined;
}

export function formatSort(sort: readonly SortSpec[]): string {
  return sort.length === 0 ? "none" : sort.map((s) => `${s.desc ? "-" : ""}${s.key}`).join(",");
}

export function readView(query: QueryInput, columns: readonly TableColumn[], prefix = ""): TableView {
  const get = getter(query);
  const n = names(prefix);
  const filters: Record<string, string> = {};
  for (const c of columns) {
    if (!c.filter) continue;
    const v = get(n.filter(c));
    if (v === undefined || v === "") continue;
    if (c.filter.kind === "flag" && v !== "1" && v !== "true") continue;
    filters[c.key] = c.filter.kind === "flag" ? "1" : v;
  }
  const keys = new Set(columns.map((c) => c.key));
  const cols = get(n.columns)
    ?.split(",")
    .filter((k) => keys.has(k));
  return {
    search: get(n.search)?.trim() ?? "",
    sort: parseSort(get(n.sort), columns),
    filters,
    columns: cols && cols.length > 0 ? cols : undefined,
    detail: get(n.detail) || undefined,
  };
}

function sameSort(a: readonly SortSpec[] | undefined, b: readonly SortSpec[]): boolean {
  return a !== undefined && a.length === b.length && a.every((s, i) => s.key === b[i]?.key && s.desc === b[i]?.desc);
}

/**
 * Writes the view into `base` (other parameters, such as `year`, are kept), leaving
 * out whatever equals the defaults so that a plain page has a plain URL.
 */
export function writeView(
  base: URLSearchParams,
  view: TableView,
  columns: readonly TableColumn[],
  defaults: { sort: readonly SortSpec[] },
  prefix = "",
): URLSearchParams {
  const out = new URLSearchParams(base);
  const n = names(prefix);
  for (const name of [n.search, n.sort, n.columns, n.detail, ...columns.filter((c) => c.filter).map(n.filter)]) out.delete(name);
  if (view.search) out.set(n.search, view.search);
  if (view.sort !== undefined && !sameSort(view.sort, defaults.sort)) out.set(n.sort, formatSort(view.sort));
  for (const c of columns) {
    const v = view.filters[c.key];
    if (c.filter && v) out.set(n.filter(c), v);
  }
  const shown = defaultColumns(columns, view.filters);
  if (view.columns && view.columns.join(",") !== shown.join(",")) out.set(n.columns, view.columns.join(","));
  if (view.detail) out.set(n.detail, view.detail);
  return out;
}

/** The columns shown until the reader picks some: the non-hidden ones, plus those a filter now on brings in (`shownWith`). */
export function defaultColumns(columns: readonly TableColumn[], filters: Readonly<Record<string, string>>): string[] {
  return columns.filter((c) => !c.hidden || (c.shownWith !== undefined && Boolean(filters[c.shownWith]))).map((c) => c.key);
}

/**
 * A server-paged table's route with a view: `base` is `ServerPaging.pageHref`
 * (/api/tables/{table}?year=…&format=page); the view's parameters replace any there, `format`
 * picks the answer (page, csv, xlsx). The route handler reads the view without a prefix.
 */
export function tableRouteHref(
  base: string,
  view: Pick<TableView, "search" | "sort" | "filters" | "columns">,
  columns: readonly TableColumn[],
  defaults: { sort: readonly SortSpec[] },
  format: "page" | "csv" | "xlsx",
  page = 1,
): string {
  const [path = "", qs = ""] = base.split("?");
  const params = writeView(new URLSearchParams(qs), { ...view, detail: undefined }, columns, defaults);
  params.set("format", format);
  if (page > 1) params.set("page", String(page));
  else params.delete("page");
  return `${path}?${params.toString()}`;
}

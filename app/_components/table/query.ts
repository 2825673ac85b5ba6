/**
 * The table's rules — free-text search, filters, sort, filter options, paging — in one
 * framework-free module, used by the browser for small tabs and by the server for big ones
 * (more than `serverThreshold()` rows in the year), so the two paths cannot disagree. Pure.
 */
import { cellText, compareCells, compareText, type YesNo } from "./format";
import type { CellValue, FilterOption, PlainRow, SortSpec, TableColumn } from "./types";

/** The words of a search box, lower-cased; a row matches when its text holds every one. */
export function searchWords(search: string): string[] {
  return search.trim().toLowerCase().split(/\s+/u).filter(Boolean);
}

/** A row's searchable text: every searchable column's displayed text, lower-cased. */
export function searchText(row: PlainRow, searchable: readonly TableColumn[], yesNo: YesNo): string {
  return searchable
    .map((c) => cellText(c, row[c.key], yesNo))
    .join("\u0001")
    .toLowerCase();
}

export function searchableColumns(columns: readonly TableColumn[]): TableColumn[] {
  return columns.filter((c) => !c.unsearchable);
}

export function matchesWords(text: string, words: readonly string[]): boolean {
  return words.every((w) => text.includes(w));
}

/** One filter: a flag keeps rows whose cell is true; a select keeps equal cells, or lists holding the value. */
export function matchesFilter(column: TableColumn, value: CellValue | undefined, filterValue: string): boolean {
  if (column.filter?.kind === "flag") return value === true;
  if (Array.isArray(value)) return value.includes(filterValue);
  if (value === null || value === undefined) return filterValue === "";
  return String(value) === filterValue;
}

function isBlank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

/** Compares two rows by each spec in turn, blanks last in either direction; 0 for a tie. */
function rowComparator(sort: readonly SortSpec[], columns: readonly TableColumn[]): ((a: PlainRow, b: PlainRow) => number) | undefined {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const specs = sort.flatMap((s) => {
    const column = byKey.get(s.key);
    return column ? [{ column, desc: s.desc }] : [];
  });
  if (specs.length === 0) return undefined;
  return (a, b) => {
    for (const { column, desc } of specs) {
      const va = a[column.key];
      const vb = b[column.key];
      const ba = isBlank(va);
      const bb = isBlank(vb);
      if (ba || bb) {
        if (ba && bb) continue;
        return ba ? 1 : -1;
      }
      const d = compareCells(column, va as CellValue, vb as CellValue);
      if (d !== 0) return desc ? -d : d;
    }
    return 0;
  };
}

/** Sorts a copy: by each spec in turn, blanks last in either direction, ties in the original order. */
export function sortRows(rows: readonly PlainRow[], sort: readonly SortSpec[], columns: readonly TableColumn[]): PlainRow[] {
  const order = sortOrder(rows, sort, columns);
  return order ? Array.from(order, (i) => rows[i] as PlainRow) : rows.slice();
}

/** The indices of `rows` in `sortRows`'s order; undefined when the sort keeps the original order. */
export function sortOrder(rows: readonly PlainRow[], sort: readonly SortSpec[], columns: readonly TableColumn[]): Int32Array | undefined {
  const compare = rowComparator(sort, columns);
  if (!compare) return undefined;
  const order = Array.from(rows, (_, i) => i);
  order.sort((a, b) => compare(rows[a] as PlainRow, rows[b] as PlainRow) || a - b);
  return Int32Array.from(order);
}

/** The values a select filter offers: its fixed options, or the values present, in the column's order. */
export function filterOptions(column: TableColumn, rows: readonly PlainRow[]): FilterOption[] {
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

export interface RowQuery {
  search: string;
  filters: Readonly<Record<string, string>>;
  sort: readonly SortSpec[];
}

/** Search, then filters, then sort: the rows a view shows, in order. */
export function queryRows(rows: readonly PlainRow[], columns: readonly TableColumn[], query: RowQuery, yesNo: YesNo): PlainRow[] {
  const words = searchWords(query.search);
  const searchable = searchableColumns(columns);
  const filters = columns.flatMap((c) => {
    const v = query.filters[c.key];
    return c.filter && v ? [{ column: c, value: v }] : [];
  });
  const kept = rows.filter(
    (row) =>
      filters.every((f) => matchesFilter(f.column, row[f.column.key], f.value)) &&
      (words.length === 0 || matchesWords(searchText(row, searchable, yesNo), words)),
  );
  return sortRows(kept, query.sort, columns);
}

/**
 * `queryRows` with the expensive parts done beforehand — every row's search text (`texts`, by
 * index) and the sort's order of all the rows (`order`, from `sortOrder`) — so that a server
 * keeping them per dataset answers a keystroke without rebuilding 100k strings or sorting again.
 * Sorting everything and then filtering keeps `queryRows`'s order: the sort is stable by index.
 */
export function queryIndexed(
  rows: readonly PlainRow[],
  columns: readonly TableColumn[],
  query: Pick<RowQuery, "search" | "filters">,
  texts: () => readonly string[],
  order: Int32Array | undefined,
): PlainRow[] {
  const words = searchWords(query.search);
  const haystacks = words.length > 0 ? texts() : undefined;
  const filters = columns.flatMap((c) => {
    const v = query.filters[c.key];
    return c.filter && v ? [{ column: c, value: v }] : [];
  });
  const out: PlainRow[] = [];
  const n = rows.length;
  for (let k = 0; k < n; k++) {
    const i = order ? (order[k] as number) : k;
    const row = rows[i] as PlainRow;
    if (filters.length > 0 && !filters.every((f) => matchesFilter(f.column, row[f.column.key], f.value))) continue;
    if (haystacks && !matchesWords(haystacks[i] as string, words)) continue;
    out.push(row);
  }
  return out;
}

export const PAGE_SIZE = 100;

/** `?page=3` (1-based), kept within the pages there are. */
export function pageOf(value: string | undefined, matched: number, pageSize = PAGE_SIZE): number {
  const pages = Math.max(1, Math.ceil(matched / pageSize));
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, pages) : 1;
}

export function pageParam(prefix = ""): string {
  return prefix ? `${prefix}.page` : "page";
}

import { isBlank, type RawRow } from "./cells";
import type { Columns } from "./columns";
import type { TabSpec } from "./tabs";
import { foldKey } from "./values";

/** Where a tab's header is and which sheet column holds each known column. */
export interface HeaderMap {
  /** 1-based row number of the header row. */
  row: number;
  /** Column key → 0-based column index in the sheet. */
  index: Record<string, number>;
  /** Column key → the header text as the sheet has it. */
  names: Record<string, string>;
  /** Headers the sheet names twice: only the first is used. */
  duplicates: { key: string; first: number; second: number }[];
  /** 0-based index one past the last non-empty header cell. */
  width: number;
}

export const HEADER_SEARCH_ROWS = 10;

/** The header names a column answers to, folded for comparison. */
function columnAliases(key: string, header: string): string[] {
  return [foldKey(header), foldKey(key)];
}

/** Matches tab names the same way as headers: Chinese title or English key. */
export function matchesTabTitle<C extends Columns>(spec: TabSpec<C>, title: string): boolean {
  const folded = foldKey(title);
  return folded === foldKey(spec.title) || folded === foldKey(spec.key);
}

function mapHeaderRow(columns: Columns, row: RawRow): HeaderMap {
  const index: Record<string, number> = {};
  const names: Record<string, string> = {};
  const duplicates: HeaderMap["duplicates"] = [];
  const lookup = new Map<string, string>();
  for (const [key, column] of Object.entries(columns)) {
    for (const alias of columnAliases(key, column.header)) lookup.set(alias, key);
  }
  let width = 0;
  row.cells.forEach((cell, i) => {
    if (isBlank(cell)) return;
    width = i + 1;
    const key = lookup.get(foldKey(String(cell)));
    if (!key) return;
    const first = index[key];
    if (first === undefined) {
      index[key] = i;
      names[key] = String(cell).trim();
    } else {
      duplicates.push({ key, first, second: i });
    }
  });
  return { row: row.row, index, names, duplicates, width };
}

function requiredKeys(columns: Columns): string[] {
  return Object.entries(columns)
    .filter(([, c]) => c.required)
    .map(([k]) => k);
}

/**
 * The header row is the first of the first ten rows holding every required
 * header; title rows above it ("2026年度……台账") are skipped.
 */
export function findHeaderRow<C extends Columns>(spec: TabSpec<C>, rows: readonly RawRow[]): HeaderMap | { missing: string[] } {
  const required = requiredKeys(spec.columns);
  let best: { map: HeaderMap; found: number } | undefined;
  for (const row of rows) {
    if (row.row > HEADER_SEARCH_ROWS) break;
    const map = mapHeaderRow(spec.columns, row);
    const found = required.filter((k) => map.index[k] !== undefined).length;
    if (found === required.length) return map;
    if (!best || found > best.found) best = { map, found };
  }
  const missing = required.filter((k) => !best || best.map.index[k] === undefined).map((k) => spec.columns[k]?.header ?? k);
  return { missing };
}

export function isHeaderMap(x: HeaderMap | { missing: string[] }): x is HeaderMap {
  return "index" in x;
}

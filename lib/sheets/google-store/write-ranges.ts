/**
 * What a write sends, built from the tab as just read: pure, so each layout
 * rule (the header's columns, the table's first column, title quoting) is
 * tested on its own. The writer sends these; the emulator tests show they land.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { a1, columnLetter, isBlank } from "../../schema/cells";
import type { Columns } from "../../schema/columns";
import type { TabSpec } from "../../schema/tabs";
import { quoteSheet, type WireValue } from "../google-cells";
import { dateFormatRequest } from "./layout";
import type { FoundTab } from "./reader";

/** A value for one column, by the column's key. */
export interface KeyedValue {
  key: string;
  value: WireValue;
}

/** One cell's new value, addressed A1-style on the named tab. */
export function cellWrite(sheetTitle: string, column: number, row: number, value: WireValue): { range: string; values: WireValue[][] } {
  return { range: `${quoteSheet(sheetTitle)}!${a1(column, row)}`, values: [[value]] };
}

/** 0-based index of the header row's first non-empty cell: where Google's table, and so an append, starts. */
export function firstHeaderColumn(tab: FoundTab): number {
  const cells = tab.rows.find((r) => r.row === tab.header.row)?.cells ?? [];
  const first = cells.findIndex((c) => !isBlank(c));
  return Math.max(first, 0);
}

/**
 * The block values.append sends: each row laid out in the sheet's own column
 * order from the header's first column to its last, cells the header lacks left
 * out, aimed at the header row so Google finds the table and appends below it.
 */
export function appendBlock(tab: FoundTab, rows: readonly (readonly KeyedValue[])[]): { start: number; range: string; matrix: (WireValue | null)[][] } {
  const start = firstHeaderColumn(tab);
  const width = Math.max(tab.header.width - start, 1);
  const matrix = rows.map((values) => {
    const line: (WireValue | null)[] = Array.from({ length: width }, () => null);
    for (const { key, value } of values) {
      const col = tab.header.index[key];
      if (col !== undefined && col >= start) line[col - start] = value;
    }
    return line;
  });
  const range = `${quoteSheet(tab.sheet.title)}!${columnLetter(start)}${tab.header.row}:${columnLetter(start + width - 1)}`;
  return { start, range, matrix };
}

/**
 * Appended rows that Google placed from `landedColumn` instead of `start`,
 * rewritten from the leftmost of the two: the cells they wrongly took are
 * emptied and the values put under the header's columns.
 */
export function realignedRows(
  sheetTitle: string,
  row: number,
  landedColumn: number,
  start: number,
  matrix: readonly (readonly (WireValue | null)[])[],
): { range: string; values: WireValue[][] } {
  const width = matrix[0]?.length ?? 0;
  const from = Math.min(landedColumn, start);
  const to = Math.max(landedColumn, start) + width;
  const values = matrix.map((line) => {
    const out: WireValue[] = Array.from({ length: to - from }, () => "");
    line.forEach((v, j) => (out[start - from + j] = v ?? ""));
    return out;
  });
  return { range: `${quoteSheet(sheetTitle)}!${columnLetter(from)}${row}`, values };
}

/** Date formats for the date and date-time columns of rows `fromRow` to `toRow` (1-based, end exclusive). */
export function dateFormatsFor(spec: TabSpec<Columns>, tab: FoundTab, fromRow: number, toRow: number): sheets_v4.Schema$Request[] {
  return Object.entries(spec.columns).flatMap(([key, column]) => {
    const col = tab.header.index[key];
    if (col === undefined || (column.type !== "date" && column.type !== "datetime")) return [];
    return [dateFormatRequest(tab.sheet.sheetId, column.type, col, fromRow - 1, toRow - 1)];
  });
}

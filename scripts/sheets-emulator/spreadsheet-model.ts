/**
 * Spreadsheets held in memory: sheets with a grid size, cells, protected
 * ranges, and the row and column operations that both the API and hand edits use.
 */
import { randomBytes, randomInt } from "node:crypto";
import type { Box } from "./a1-notation";
import { compareForSort, isEmptyCell, type Cell } from "./cell-values";

export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  requestingUserCanEdit?: boolean;
  editors?: { users?: string[]; groups?: string[]; domainUsersCanEdit?: boolean };
  unprotectedRanges?: GridRange[];
}

export type Dimension = "ROWS" | "COLUMNS";

export const DEFAULT_ROW_COUNT = 1000;
export const DEFAULT_COLUMN_COUNT = 26;
/** Google's limit for a whole spreadsheet. */
export const MAX_CELLS = 10_000_000;

export class Sheet {
  rowCount = DEFAULT_ROW_COUNT;
  columnCount = DEFAULT_COLUMN_COUNT;
  frozenRowCount = 0;
  frozenColumnCount = 0;
  hidden = false;
  /** rows[r][c]; a missing row or cell is empty. Never longer than the grid. */
  rows: (Array<Cell | undefined> | undefined)[] = [];
  protectedRanges: ProtectedRange[] = [];

  constructor(
    public sheetId: number,
    public title: string,
  ) {}

  clone(): Sheet {
    const copy = new Sheet(this.sheetId, this.title);
    copy.rowCount = this.rowCount;
    copy.columnCount = this.columnCount;
    copy.frozenRowCount = this.frozenRowCount;
    copy.frozenColumnCount = this.frozenColumnCount;
    copy.hidden = this.hidden;
    copy.rows = this.rows.map((row) => row?.slice());
    copy.protectedRanges = structuredClone(this.protectedRanges);
    return copy;
  }

  cell(row: number, column: number): Cell | undefined {
    return this.rows[row]?.[column];
  }

  hasData(row: number, column: number): boolean {
    return !isEmptyCell(this.rows[row]?.[column]);
  }

  /** Grows the grid if needed; callers check the cell limit first. */
  setCell(row: number, column: number, cell: Cell | undefined): void {
    if (row >= this.rowCount) this.rowCount = row + 1;
    if (column >= this.columnCount) this.columnCount = column + 1;
    let cells = this.rows[row];
    if (!cells) {
      if (cell === undefined) return;
      cells = [];
      this.rows[row] = cells;
    }
    cells[column] = cell;
  }

  /** Index of the last row holding a value or formula, or -1. */
  lastDataRow(): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const cells = this.rows[r];
      if (cells?.some((cell) => !isEmptyCell(cell))) return r;
    }
    return -1;
  }

  /** Index of the last column holding data in any row, or -1. */
  lastDataColumn(): number {
    let last = -1;
    for (const cells of this.rows) {
      if (!cells) continue;
      for (let c = cells.length - 1; c > last; c--) {
        if (!isEmptyCell(cells[c])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  /** New rows copy the formats (not the values) of a neighbouring row, as Sheets does. */
  insertRows(start: number, count: number, inheritFrom: number | undefined): void {
    const source = inheritFrom === undefined ? undefined : this.rows[inheritFrom];
    const fresh = Array.from({ length: count }, () => formatsOnly(source));
    while (this.rows.length < start) this.rows.push(undefined);
    this.rows.splice(start, 0, ...fresh);
    this.rowCount += count;
    this.protectedRanges = shiftProtected(this.protectedRanges, "ROWS", start, count);
  }

  deleteRows(start: number, end: number): void {
    this.rows.splice(start, end - start);
    this.rowCount -= end - start;
    this.protectedRanges = shiftProtected(this.protectedRanges, "ROWS", start, -(end - start));
  }

  insertColumns(start: number, count: number, inheritFrom: number | undefined): void {
    for (let r = 0; r < this.rows.length; r++) {
      const cells = this.rows[r];
      if (!cells || cells.length <= start) continue;
      const format = inheritFrom === undefined ? undefined : cells[inheritFrom]?.format;
      const fresh = Array.from({ length: count }, () => (format ? { format } : undefined));
      cells.splice(start, 0, ...fresh);
    }
    this.columnCount += count;
    this.protectedRanges = shiftProtected(this.protectedRanges, "COLUMNS", start, count);
  }

  deleteColumns(start: number, end: number): void {
    for (const cells of this.rows) cells?.splice(start, end - start);
    this.columnCount -= end - start;
    this.protectedRanges = shiftProtected(this.protectedRanges, "COLUMNS", start, -(end - start));
  }

  /** Drops cells outside the grid after the grid shrank. */
  trimToGrid(): void {
    this.rows.length = Math.min(this.rows.length, this.rowCount);
    for (const cells of this.rows) if (cells && cells.length > this.columnCount) cells.length = this.columnCount;
  }

  /** Sorts the cells of a box row by row; cells outside the box's columns stay put. */
  sortRows(box: Box, specs: { column: number; descending: boolean }[], collator: Intl.Collator): void {
    const width = box.endColumn - box.startColumn;
    const slices = [];
    for (let r = box.startRow; r < box.endRow; r++) {
      const cells = this.rows[r];
      slices.push(Array.from({ length: width }, (_, i) => cells?.[box.startColumn + i]));
    }
    slices.sort((a, b) => {
      for (const spec of specs) {
        const order = compareForSort(a[spec.column - box.startColumn], b[spec.column - box.startColumn], spec.descending, collator);
        if (order !== 0) return order;
      }
      return 0;
    });
    slices.forEach((slice, i) => {
      slice.forEach((cell, j) => this.setCell(box.startRow + i, box.startColumn + j, cell));
    });
  }
}

function formatsOnly(source: Array<Cell | undefined> | undefined): Array<Cell | undefined> | undefined {
  if (!source?.some((cell) => cell?.format)) return undefined;
  return source.map((cell) => (cell?.format ? { format: cell.format } : undefined));
}

/** Moves protected ranges as Sheets does when rows or columns are inserted (count > 0) or deleted. */
function shiftProtected(ranges: ProtectedRange[], dimension: Dimension, at: number, count: number): ProtectedRange[] {
  const startKey = dimension === "ROWS" ? "startRowIndex" : "startColumnIndex";
  const endKey = dimension === "ROWS" ? "endRowIndex" : "endColumnIndex";
  const moved = (index: number | undefined, isEnd: boolean): number | undefined => {
    if (index === undefined) return undefined;
    if (count > 0) return index > at || (index === at && !isEnd) ? index + count : index;
    const removedEnd = at - count;
    if (index <= at) return index;
    if (index >= removedEnd) return index + count;
    return at;
  };
  const out: ProtectedRange[] = [];
  for (const protectedRange of ranges) {
    const range = { ...protectedRange.range };
    const start = moved(range[startKey], false);
    const end = moved(range[endKey], true);
    if (start !== undefined) range[startKey] = start;
    if (end !== undefined) range[endKey] = end;
    if (start !== undefined && end !== undefined && end <= start) continue;
    out.push({ ...protectedRange, range });
  }
  return out;
}

export class Spreadsheet {
  sheets: Sheet[] = [];
  /** Bumped on every change, like Drive's revision; handy for tests of change detection. */
  revision = 1;

  constructor(
    public spreadsheetId: string,
    public title: string,
    public locale: string,
    public timeZone: string,
  ) {}

  clone(): Spreadsheet {
    const copy = new Spreadsheet(this.spreadsheetId, this.title, this.locale, this.timeZone);
    copy.sheets = this.sheets.map((sheet) => sheet.clone());
    copy.revision = this.revision;
    return copy;
  }

  /** Exact title first; Sheets also accepts a different letter case. */
  sheetByTitle(title: string): Sheet | undefined {
    return this.sheets.find((s) => s.title === title) ?? this.sheets.find((s) => s.title.toLowerCase() === title.toLowerCase());
  }

  sheetById(sheetId: number): Sheet | undefined {
    return this.sheets.find((s) => s.sheetId === sheetId);
  }

  firstVisibleSheet(): Sheet | undefined {
    return this.sheets.find((s) => !s.hidden) ?? this.sheets[0];
  }

  totalCells(): number {
    return this.sheets.reduce((sum, s) => sum + s.rowCount * s.columnCount, 0);
  }

  newSheetId(): number {
    for (;;) {
      const id = randomInt(1, 2_147_483_647);
      if (!this.sheetById(id)) return id;
    }
  }

  newProtectedRangeId(): number {
    const used = new Set(this.sheets.flatMap((s) => s.protectedRanges.map((p) => p.protectedRangeId)));
    for (;;) {
      const id = randomInt(1, 2_147_483_647);
      if (!used.has(id)) return id;
    }
  }

  /** The next free default title: Sheet2, Sheet3… (工作表2 in a Chinese spreadsheet). */
  defaultSheetTitle(): string {
    const stem = defaultSheetStem(this.locale);
    for (let n = this.sheets.length + 1; ; n++) {
      const title = `${stem}${n}`;
      if (!this.sheetByTitle(title)) return title;
    }
  }
}

export function defaultSheetStem(locale: string): string {
  return locale.startsWith("zh") ? "工作表" : "Sheet";
}

/** 44 characters of the alphabet Google's spreadsheet IDs use. */
export function newSpreadsheetId(): string {
  return `1${randomBytes(33).toString("base64url").slice(0, 43)}`;
}

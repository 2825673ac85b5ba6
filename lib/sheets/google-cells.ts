/**
 * The boundary between the Sheets API's wire values and DutyBoard's cells:
 * A1 names, values read with UNFORMATTED_VALUE / SERIAL_NUMBER, values written
 * with RAW, and what a protected range covers.
 */
import type { sheets_v4 } from "@googleapis/sheets";
import { wallClockOf } from "../clock";
import { isBlank, type CellValue, type RawRow } from "../schema/cells";
import { isoDateToSerial } from "../schema/values";
import type { CellInput } from "./store";

/** What the API carries in one cell. */
export type WireValue = string | number | boolean;

const DAY_MS = 86_400_000;
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A sheet name as an A1 prefix: always quoted, quotes doubled (`'It''s'`). */
export function quoteSheet(title: string): string {
  return `'${title.replace(/'/gu, "''")}'`;
}

/** One cell as read: the API sends "" for an empty cell between filled ones. */
export function cellFromWire(value: unknown): CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** Rows of a values response, numbered from `firstRow`; empty rows left out. */
export function rawRowsFromWire(values: unknown[][] | null | undefined, firstRow = 1): RawRow[] {
  const rows: RawRow[] = [];
  (values ?? []).forEach((line, i) => {
    const cells = (line ?? []).map(cellFromWire);
    if (cells.some((c) => !isBlank(c))) rows.push({ row: firstRow + i, cells });
  });
  return rows;
}

/** The serial number Sheets uses for a wall-clock "YYYY-MM-DDTHH:mm:ss". */
function wallClockToSerial(wallClock: string): number {
  return (Date.parse(`${wallClock}Z`) - SERIAL_EPOCH_MS) / DAY_MS;
}

/**
 * What the app writes, as sent with valueInputOption RAW: text stays text
 * (a typed "=IMPORTDATA(…)" included), dates become serial numbers, an instant
 * becomes the spreadsheet's wall-clock time, and null empties the cell.
 */
export function wireFromInput(input: CellInput, timeZone: string): WireValue {
  if (input === null) return "";
  if (typeof input === "object" && "date" in input) return isoDateToSerial(input.date);
  if (typeof input === "object" && "dateTime" in input) {
    // An instant in the spreadsheet's zone; a wall-clock time (no zone) as it is.
    const wall = wallClockOf(input.dateTime, timeZone);
    if (!wall) throw new Error(`无效的时间：${input.dateTime}`);
    return wallClockToSerial(wall);
  }
  return input;
}

export function cellFromWireValue(value: WireValue): CellValue {
  return value === "" ? null : value;
}

/** Whether a cell already holds what a write would put there (a serial read back may differ in the last bits). */
export function holdsWire(current: CellValue, wanted: WireValue): boolean {
  if (wanted === "" || isBlank(current)) return wanted === "" && isBlank(current);
  if (typeof wanted === "number" && typeof current === "number") return Math.abs(wanted - current) < 1e-9;
  return current === wanted;
}

/** 0-based column index of column letters: A → 0, AA → 26. */
export function columnIndexOf(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The cell box of an A1 range the API returns, e.g. `'任务'!A12:P13`: rows 1-based, columns 0-based. */
export function boxOfA1(range: string): { startRow: number; startColumn: number; endRow: number; endColumn: number } | undefined {
  const cells = range.slice(range.lastIndexOf("!") + 1);
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/u.exec(cells);
  if (!m?.[1] || !m[2]) return undefined;
  const startColumn = columnIndexOf(m[1]);
  const startRow = Number(m[2]);
  return {
    startRow,
    startColumn,
    endRow: m[4] ? Number(m[4]) : startRow,
    endColumn: m[3] ? columnIndexOf(m[3]) : startColumn,
  };
}

/** The used area of a tab: 0-based, inclusive bounds. */
export interface UsedArea {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

export function usedAreaOf(rows: readonly RawRow[]): UsedArea | undefined {
  let area: UsedArea | undefined;
  for (const { row, cells } of rows) {
    cells.forEach((cell, c) => {
      if (isBlank(cell)) return;
      const r = row - 1;
      area = area
        ? {
            firstRow: Math.min(area.firstRow, r),
            lastRow: Math.max(area.lastRow, r),
            firstColumn: Math.min(area.firstColumn, c),
            lastColumn: Math.max(area.lastColumn, c),
          }
        : { firstRow: r, lastRow: r, firstColumn: c, lastColumn: c };
    });
  }
  return area;
}

type GridRange = sheets_v4.Schema$GridRange;

function isWholeSheet(range: GridRange | undefined): boolean {
  return range?.startRowIndex == null && range?.endRowIndex == null && range?.startColumnIndex == null && range?.endColumnIndex == null;
}

function coversArea(range: GridRange | undefined, area: UsedArea): boolean {
  const r = range ?? {};
  return (
    (r.startRowIndex ?? 0) <= area.firstRow &&
    (r.endRowIndex == null || r.endRowIndex > area.lastRow) &&
    (r.startColumnIndex ?? 0) <= area.firstColumn &&
    (r.endColumnIndex == null || r.endColumnIndex > area.lastColumn)
  );
}

function intersects(range: GridRange, area: UsedArea): boolean {
  return (
    (range.startRowIndex ?? 0) <= area.lastRow &&
    (range.endRowIndex == null || range.endRowIndex > area.firstRow) &&
    (range.startColumnIndex ?? 0) <= area.lastColumn &&
    (range.endColumnIndex == null || range.endColumnIndex > area.firstColumn)
  );
}

/**
 * Ordinary editors cannot change the tab: a protected range covers the whole
 * sheet, or at least every used cell, without a warning-only exemption or an
 * unprotected hole over used cells.
 */
export function isProtected(protectedRanges: readonly sheets_v4.Schema$ProtectedRange[] | undefined, area: UsedArea | undefined): boolean {
  return (protectedRanges ?? []).some((p) => {
    if (p.warningOnly) return false;
    if (!area) return isWholeSheet(p.range);
    if (!isWholeSheet(p.range) && !coversArea(p.range, area)) return false;
    return !(p.unprotectedRanges ?? []).some((hole) => intersects(hole, area));
  });
}

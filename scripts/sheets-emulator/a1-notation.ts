/**
 * A1 notation as the Sheets API reads and writes it: `'任务'!A2:Z`, `Sheet1!B2`,
 * `A:A`, `1:2`, a bare sheet name for the whole sheet.
 */

/** Sheets allows columns up to ZZZ. */
export const MAX_COLUMNS = 18278;

/**
 * A rectangle of a sheet, 0-based with exclusive ends like Google's GridRange.
 * An absent end runs to the edge of the sheet (`A2:Z`, `A:A`, a whole sheet).
 */
export interface RangeBounds {
  startRow: number;
  startColumn: number;
  endRow?: number;
  endColumn?: number;
}

/** A rectangle with every edge known, e.g. after clipping to the grid. */
export interface Box {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

export interface ParsedA1 {
  /** Absent when the range names no sheet: the API then uses the first sheet. */
  sheetName?: string;
  bounds: RangeBounds;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

interface Endpoint {
  column?: number;
  row?: number;
}

const ENDPOINT = /^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$/;

function parseEndpoint(text: string): Endpoint | undefined {
  const match = ENDPOINT.exec(text);
  if (!match || text === "") return undefined;
  const [, letters, digits] = match;
  if (letters === undefined && digits === undefined) return undefined;
  const endpoint: Endpoint = {};
  if (letters !== undefined) {
    endpoint.column = columnIndex(letters);
    if (endpoint.column >= MAX_COLUMNS) return undefined;
  }
  if (digits !== undefined) {
    const row = Number(digits);
    if (!Number.isSafeInteger(row) || row < 1) return undefined;
    endpoint.row = row - 1;
  }
  return endpoint;
}

/** The cell part after `!`, or a whole range without a sheet name. */
export function parseCellRange(text: string): RangeBounds | undefined {
  const parts = text.split(":");
  if (parts.length === 1) {
    const only = parseEndpoint(parts[0] ?? "");
    if (only?.column === undefined || only.row === undefined) return undefined;
    return { startRow: only.row, startColumn: only.column, endRow: only.row + 1, endColumn: only.column + 1 };
  }
  if (parts.length !== 2) return undefined;
  const start = parseEndpoint(parts[0] ?? "");
  const end = parseEndpoint(parts[1] ?? "");
  if (!start || !end) return undefined;
  const columnsGiven = start.column !== undefined && end.column !== undefined;
  const rowsGiven = start.row !== undefined && end.row !== undefined;
  if (!columnsGiven && !rowsGiven) return undefined;

  let startRow = start.row ?? 0;
  let startColumn = start.column ?? 0;
  let endRow = end.row === undefined ? undefined : end.row + 1;
  let endColumn = end.column === undefined ? undefined : end.column + 1;
  // `B2:A1` means the same cells as `A1:B2`.
  if (endRow !== undefined && endRow <= startRow) [startRow, endRow] = [endRow - 1, startRow + 1];
  if (endColumn !== undefined && endColumn <= startColumn) [startColumn, endColumn] = [endColumn - 1, startColumn + 1];
  const bounds: RangeBounds = { startRow, startColumn };
  if (endRow !== undefined) bounds.endRow = endRow;
  if (endColumn !== undefined) bounds.endColumn = endColumn;
  return bounds;
}

const WHOLE_SHEET: RangeBounds = { startRow: 0, startColumn: 0 };

/**
 * Parses a range the way the API does. An unquoted text that reads as cells
 * (`A1`, `B2:C`) means cells of the first sheet, anything else a sheet name.
 */
export function parseA1(text: string): ParsedA1 | undefined {
  if (text === "") return undefined;
  if (text.startsWith("'")) {
    let name = "";
    let i = 1;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += ch;
    }
    if (i >= text.length || name === "") return undefined;
    const rest = text.slice(i + 1);
    if (rest === "") return { sheetName: name, bounds: { ...WHOLE_SHEET } };
    if (!rest.startsWith("!")) return undefined;
    const bounds = parseCellRange(rest.slice(1));
    return bounds ? { sheetName: name, bounds } : undefined;
  }
  const bang = text.lastIndexOf("!");
  if (bang >= 0) {
    const name = text.slice(0, bang);
    const bounds = parseCellRange(text.slice(bang + 1));
    if (name === "" || !bounds) return undefined;
    return { sheetName: name, bounds };
  }
  const bounds = parseCellRange(text);
  if (bounds) return { bounds };
  return { sheetName: text, bounds: { ...WHOLE_SHEET } };
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CELL_LIKE_NAME = /^[A-Za-z]{1,3}[0-9]+$/;
const R1C1_LIKE_NAME = /^[Rr][0-9]*[Cc][0-9]*$/;

/**
 * Google leaves plain ASCII names bare (`Sheet1!A1`) and quotes the rest:
 * spaces, CJK, and names that read as a cell such as `tab01`.
 */
export function quoteSheetName(name: string): string {
  if (PLAIN_NAME.test(name) && !CELL_LIKE_NAME.test(name) && !R1C1_LIKE_NAME.test(name)) return name;
  return `'${name.replaceAll("'", "''")}'`;
}

/** Canonical A1 text: a single cell as `B2`, anything else as `A1:Z1000` (open ends left open). */
export function formatA1(sheetTitle: string, bounds: RangeBounds): string {
  const { startRow, startColumn, endRow, endColumn } = bounds;
  const sheet = quoteSheetName(sheetTitle);
  const start = cellName(startRow, startColumn);
  if (endRow === startRow + 1 && endColumn === startColumn + 1) return `${sheet}!${start}`;
  const endLetters = endColumn === undefined ? "" : columnLetters(endColumn - 1);
  const endDigits = endRow === undefined ? "" : String(endRow);
  return `${sheet}!${start}:${endLetters}${endDigits}`;
}

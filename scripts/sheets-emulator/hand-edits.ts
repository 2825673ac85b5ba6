/**
 * Loading, dumping and editing spreadsheets directly, the way a person in the
 * browser would change them behind the app's back. None of this goes through
 * the API, so none of it counts as a request or against the quota.
 */
import { cellName, columnIndex, parseCellRange } from "./a1-notation";
import { invalidArgument, notFound } from "./api-error";
import { applyEntry, entryFromInput, isInputValue, renderCell, type InputValue } from "./cell-values";
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE } from "./spreadsheets-api";
import { DEFAULT_COLUMN_COUNT, DEFAULT_ROW_COUNT, Sheet, Spreadsheet, newSpreadsheetId, type ProtectedRange } from "./spreadsheet-model";

export interface SheetSeed {
  title: string;
  /** Row by row from A1; null is an empty cell. */
  rows?: InputValue[][];
  /** Parse strings as typed into the UI (dates become serial numbers with a date format). Default: stored as given. */
  userEntered?: boolean;
  sheetId?: number;
  rowCount?: number;
  columnCount?: number;
}

export interface SpreadsheetSeed {
  spreadsheetId?: string;
  title?: string;
  timeZone?: string;
  locale?: string;
  sheets: SheetSeed[];
}

export interface SheetDump {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  /** Effective values row by row (dates as serial numbers), trailing empties left out; null is an empty cell. */
  rows: (string | number | boolean | null)[][];
  /** Formula text by A1 cell, for cells entered as formulas. */
  formulas?: Record<string, string>;
  protectedRanges?: ProtectedRange[];
}

export interface SpreadsheetDump {
  spreadsheetId: string;
  title: string;
  timeZone: string;
  locale: string;
  revision: number;
  sheets: SheetDump[];
}

export type HandEdit =
  | { sheet: string; op: "set"; cell: string; value?: InputValue; values?: InputValue[][]; userEntered?: boolean }
  | { sheet: string; op: "insertRows"; at: number; count?: number; values?: InputValue[][]; userEntered?: boolean }
  | { sheet: string; op: "deleteRows"; at: number; count?: number }
  | { sheet: string; op: "insertColumns"; at: string | number; count?: number }
  | { sheet: string; op: "deleteColumns"; at: string | number; count?: number }
  | { sheet: string; op: "sort"; fromRow: number; column: string | number; descending?: boolean }
  | { sheet: string; op: "renameSheet"; title: string }
  /** Types `text` into the cell and puts a link to `url` on it (Insert › Link). */
  | { sheet: string; op: "link"; cell: string; text: string; url: string };

function checkMatrix(values: unknown, field: string): InputValue[][] {
  if (!Array.isArray(values) || !values.every((row) => Array.isArray(row) && row.every(isInputValue))) {
    throw invalidArgument(`${field} must be an array of rows of strings, numbers, booleans or nulls`);
  }
  return values as InputValue[][];
}

function writeRows(spreadsheet: Spreadsheet, sheet: Sheet, startRow: number, startColumn: number, rows: InputValue[][], userEntered: boolean): void {
  rows.forEach((row, i) =>
    row.forEach((value, j) => {
      const entry = entryFromInput(value, userEntered ? "USER_ENTERED" : "RAW", spreadsheet.locale);
      const r = startRow + i;
      const c = startColumn + j;
      sheet.setCell(r, c, applyEntry(sheet.cell(r, c), entry));
    }),
  );
}

export function spreadsheetFromSeed(seed: SpreadsheetSeed): Spreadsheet {
  if (!Array.isArray(seed.sheets) || seed.sheets.length === 0) throw invalidArgument("sheets must list at least one sheet");
  const spreadsheet = new Spreadsheet(
    seed.spreadsheetId ?? newSpreadsheetId(),
    seed.title ?? "DutyBoard",
    seed.locale ?? DEFAULT_LOCALE,
    seed.timeZone ?? DEFAULT_TIME_ZONE,
  );
  seed.sheets.forEach((sheetSeed, i) => {
    if (typeof sheetSeed.title !== "string" || sheetSeed.title === "") throw invalidArgument(`sheets[${i}].title is required`);
    if (spreadsheet.sheetByTitle(sheetSeed.title)) throw invalidArgument(`A sheet with the name "${sheetSeed.title}" already exists.`);
    const sheet = new Sheet(sheetSeed.sheetId ?? (i === 0 ? 0 : spreadsheet.newSheetId()), sheetSeed.title);
    const rows = checkMatrix(sheetSeed.rows ?? [], `sheets[${i}].rows`);
    sheet.rowCount = Math.max(sheetSeed.rowCount ?? DEFAULT_ROW_COUNT, rows.length);
    sheet.columnCount = Math.max(sheetSeed.columnCount ?? DEFAULT_COLUMN_COUNT, ...rows.map((row) => row.length));
    spreadsheet.sheets.push(sheet);
    writeRows(spreadsheet, sheet, 0, 0, rows, sheetSeed.userEntered === true);
  });
  return spreadsheet;
}

export function dumpSpreadsheet(spreadsheet: Spreadsheet): SpreadsheetDump {
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    title: spreadsheet.title,
    timeZone: spreadsheet.timeZone,
    locale: spreadsheet.locale,
    revision: spreadsheet.revision,
    sheets: spreadsheet.sheets.map((sheet, index) => {
      const rows: (string | number | boolean | null)[][] = [];
      const formulas: Record<string, string> = {};
      const lastRow = sheet.lastDataRow();
      for (let r = 0; r <= lastRow; r++) {
        const cells = sheet.rows[r] ?? [];
        const row: (string | number | boolean | null)[] = [];
        cells.forEach((cell, c) => {
          row[c] = renderCell(cell, "UNFORMATTED_VALUE", "SERIAL_NUMBER") ?? null;
          if (cell?.formula !== undefined) formulas[cellName(r, c)] = cell.formula;
        });
        while (row.length && (row[row.length - 1] ?? null) === null) row.pop();
        rows.push(Array.from(row, (value) => value ?? null));
      }
      const dump: SheetDump = { sheetId: sheet.sheetId, title: sheet.title, index, rowCount: sheet.rowCount, columnCount: sheet.columnCount, rows };
      if (Object.keys(formulas).length) dump.formulas = formulas;
      if (sheet.protectedRanges.length) dump.protectedRanges = structuredClone(sheet.protectedRanges);
      return dump;
    }),
  };
}

function positiveInteger(value: unknown, field: string, fallback?: number): number {
  const n = value === undefined ? fallback : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw invalidArgument(`${field} must be a whole number ≥ 1`);
  return n;
}

/** A column given as letters ("C") or as a 0-based index like Google's dimensionIndex. */
function columnOf(value: unknown, field: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^[A-Za-z]{1,3}$/.test(value)) return columnIndex(value);
  throw invalidArgument(`${field} must be column letters such as "C" or a 0-based column index`);
}

export function applyHandEdit(spreadsheet: Spreadsheet, edit: HandEdit): void {
  const sheet = spreadsheet.sheetByTitle(edit.sheet);
  if (!sheet) throw notFound(`No sheet named "${edit.sheet}"`);
  switch (edit.op) {
    case "set": {
      const bounds = parseCellRange(edit.cell ?? "");
      if (!bounds) throw invalidArgument(`cell must be an A1 cell such as "B7", not ${JSON.stringify(edit.cell)}`);
      const rows = edit.values !== undefined ? checkMatrix(edit.values, "values") : [[edit.value ?? ""]];
      checkMatrix(rows, "value");
      writeRows(spreadsheet, sheet, bounds.startRow, bounds.startColumn, rows, edit.userEntered === true);
      break;
    }
    case "link": {
      const bounds = parseCellRange(edit.cell ?? "");
      if (!bounds) throw invalidArgument(`cell must be an A1 cell such as "B7", not ${JSON.stringify(edit.cell)}`);
      if (typeof edit.text !== "string" || edit.text === "" || typeof edit.url !== "string" || edit.url === "")
        throw invalidArgument("link needs a text and a url");
      writeRows(spreadsheet, sheet, bounds.startRow, bounds.startColumn, [[edit.text]], false);
      const cell = sheet.cell(bounds.startRow, bounds.startColumn);
      sheet.setCell(bounds.startRow, bounds.startColumn, { ...cell, link: edit.url });
      break;
    }
    case "insertRows": {
      const at = positiveInteger(edit.at, "at") - 1;
      const values = edit.values === undefined ? [] : checkMatrix(edit.values, "values");
      const count = positiveInteger(edit.count, "count", Math.max(values.length, 1));
      if (at > sheet.rowCount) throw invalidArgument(`at must be at most ${sheet.rowCount + 1}`);
      // Like "Insert row above": the new rows take the formats of the row above.
      sheet.insertRows(at, count, at > 0 ? at - 1 : at < sheet.rowCount ? at : undefined);
      writeRows(spreadsheet, sheet, at, 0, values, edit.userEntered === true);
      break;
    }
    case "deleteRows": {
      const at = positiveInteger(edit.at, "at") - 1;
      const count = positiveInteger(edit.count, "count", 1);
      if (at + count > sheet.rowCount) throw invalidArgument(`rows ${at + 1}–${at + count} are not all on the sheet`);
      if (count === sheet.rowCount) throw invalidArgument("You can't delete all the rows on the sheet.");
      sheet.deleteRows(at, at + count);
      break;
    }
    case "insertColumns": {
      const at = columnOf(edit.at, "at");
      const count = positiveInteger(edit.count, "count", 1);
      if (at > sheet.columnCount) throw invalidArgument(`at must be at most column ${sheet.columnCount}`);
      sheet.insertColumns(at, count, at > 0 ? at - 1 : undefined);
      break;
    }
    case "deleteColumns": {
      const at = columnOf(edit.at, "at");
      const count = positiveInteger(edit.count, "count", 1);
      if (at + count > sheet.columnCount) throw invalidArgument("those columns are not all on the sheet");
      if (count === sheet.columnCount) throw invalidArgument("You can't delete all the columns on the sheet.");
      sheet.deleteColumns(at, at + count);
      break;
    }
    case "sort": {
      const startRow = positiveInteger(edit.fromRow, "fromRow") - 1;
      const column = columnOf(edit.column, "column");
      const lastRow = sheet.lastDataRow();
      if (lastRow > startRow) {
        const box = { startRow, startColumn: 0, endRow: lastRow + 1, endColumn: sheet.columnCount };
        const collator = new Intl.Collator(spreadsheet.locale.replace("_", "-"), { sensitivity: "accent" });
        sheet.sortRows(box, [{ column, descending: edit.descending === true }], collator);
      }
      break;
    }
    case "renameSheet": {
      if (typeof edit.title !== "string" || edit.title.trim() === "") throw invalidArgument("title is required");
      const clash = spreadsheet.sheetByTitle(edit.title);
      if (clash && clash !== sheet) throw invalidArgument(`A sheet with the name "${edit.title}" already exists.`);
      sheet.title = edit.title;
      break;
    }
    default:
      throw invalidArgument(`Unknown hand edit op ${JSON.stringify((edit as { op?: unknown }).op)}`);
  }
  spreadsheet.revision++;
}

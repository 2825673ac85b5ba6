/**
 * spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear.
 */
import { findAppendTable } from "./append-table";
import { formatA1, parseA1, type Box, type RangeBounds, columnLetters } from "./a1-notation";
import { invalidArgument, unableToParseRange, withPrefix } from "./api-error";
import {
  applyEntry,
  entryFromInput,
  isInputValue,
  renderCell,
  type CellEntry,
  type DateTimeRenderOption,
  type InputValue,
  type RenderedValue,
  type ValueInputOption,
  type ValueRenderOption,
} from "./cell-values";
import { MAX_CELLS, type Sheet, type Spreadsheet } from "./spreadsheet-model";

export type MajorDimension = "ROWS" | "COLUMNS";

export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: RenderedValue[][];
}

export interface ReadOptions {
  majorDimension: MajorDimension;
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
}

export interface ResolvedRange {
  sheet: Sheet;
  bounds: RangeBounds;
}

// ---------------------------------------------------------------------------
// Ranges.

export function resolveRange(spreadsheet: Spreadsheet, text: string): ResolvedRange {
  const parsed = parseA1(text);
  if (!parsed) throw unableToParseRange(text);
  const sheet = parsed.sheetName === undefined ? spreadsheet.firstVisibleSheet() : spreadsheet.sheetByTitle(parsed.sheetName);
  if (!sheet) throw unableToParseRange(text);
  return { sheet, bounds: parsed.bounds };
}

export function exceedsGrid(sheet: Sheet, bounds: RangeBounds): Error {
  return invalidArgument(`Range (${formatA1(sheet.title, bounds)}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`);
}

/** Reads are clipped to the grid; a range that starts outside it is an error, as in Sheets. */
export function clipToGrid(sheet: Sheet, bounds: RangeBounds): Box {
  if (bounds.startRow >= sheet.rowCount || bounds.startColumn >= sheet.columnCount) throw exceedsGrid(sheet, bounds);
  return {
    startRow: bounds.startRow,
    startColumn: bounds.startColumn,
    endRow: Math.min(bounds.endRow ?? sheet.rowCount, sheet.rowCount),
    endColumn: Math.min(bounds.endColumn ?? sheet.columnCount, sheet.columnCount),
  };
}

// ---------------------------------------------------------------------------
// Options.

function enumOption<T extends string>(value: string | null | undefined, field: string, type: string, allowed: readonly T[], fallback: T): T {
  if (value === null || value === undefined || value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidArgument(`Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${value}"`);
}

export function majorDimensionOption(value: string | null | undefined): MajorDimension {
  const dimension = enumOption(value, "major_dimension", "Dimension", ["ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED"] as const, "ROWS");
  return dimension === "COLUMNS" ? "COLUMNS" : "ROWS";
}

export function readOptions(query: URLSearchParams, prefix: "" | "response" = ""): ReadOptions {
  const key = (name: string) => (prefix ? `${prefix}${name[0]?.toUpperCase()}${name.slice(1)}` : name);
  const snake = (name: string) => name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
  return {
    majorDimension: majorDimensionOption(query.get("majorDimension")),
    valueRenderOption: enumOption(
      query.get(key("valueRenderOption")),
      snake(key("valueRenderOption")),
      "ValueRenderOption",
      ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] as const,
      "FORMATTED_VALUE",
    ),
    dateTimeRenderOption: enumOption(
      query.get(key("dateTimeRenderOption")),
      snake(key("dateTimeRenderOption")),
      "DateTimeRenderOption",
      ["SERIAL_NUMBER", "FORMATTED_STRING"] as const,
      "SERIAL_NUMBER",
    ),
  };
}

/** Sheets has no default here: a write without valueInputOption is refused. */
export function valueInputOption(value: unknown): ValueInputOption {
  if (value === "RAW" || value === "USER_ENTERED") return value;
  if (value === undefined || value === null || value === "" || value === "INPUT_VALUE_OPTION_UNSPECIFIED") {
    throw invalidArgument("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
  }
  throw invalidArgument(`Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${String(value)}"`);
}

// ---------------------------------------------------------------------------
// Reading.

/** Trailing empty cells of each row (column) and trailing empty rows (columns) are left out, as the API does. */
export function readValueRange(sheet: Sheet, box: Box, options: ReadOptions): ValueRange {
  const byRows = options.majorDimension === "ROWS";
  const lastRow = Math.min(box.endRow, sheet.rows.length);
  const [outerStart, outerEnd] = byRows ? [box.startRow, lastRow] : [box.startColumn, box.endColumn];
  const innerStart = byRows ? box.startColumn : box.startRow;
  const innerEnd = (line: number) => (byRows ? Math.min(box.endColumn, sheet.rows[line]?.length ?? 0) : lastRow);
  const lines: RenderedValue[][] = [];
  let keptLines = 0;
  for (let o = outerStart; o < outerEnd; o++) {
    const line: RenderedValue[] = [];
    let width = 0;
    for (let i = innerStart; i < innerEnd(o); i++) {
      const cell = byRows ? sheet.cell(o, i) : sheet.cell(i, o);
      const value = renderCell(cell, options.valueRenderOption, options.dateTimeRenderOption);
      line.push(value ?? "");
      if (value !== undefined && value !== "") width = line.length;
    }
    lines.push(line.slice(0, width));
    if (width > 0) keptLines = lines.length;
  }
  const valueRange: ValueRange = { range: formatA1(sheet.title, box), majorDimension: options.majorDimension };
  if (keptLines > 0) valueRange.values = lines.slice(0, keptLines);
  return valueRange;
}

export function getValues(spreadsheet: Spreadsheet, rangeText: string, query: URLSearchParams): ValueRange {
  const options = readOptions(query);
  const { sheet, bounds } = resolveRange(spreadsheet, rangeText);
  return readValueRange(sheet, clipToGrid(sheet, bounds), options);
}

export function batchGetValues(spreadsheet: Spreadsheet, query: URLSearchParams) {
  const options = readOptions(query);
  const valueRanges = query.getAll("ranges").map((text) => {
    const { sheet, bounds } = resolveRange(spreadsheet, text);
    return readValueRange(sheet, clipToGrid(sheet, bounds), options);
  });
  return valueRanges.length ? { spreadsheetId: spreadsheet.spreadsheetId, valueRanges } : { spreadsheetId: spreadsheet.spreadsheetId };
}

// ---------------------------------------------------------------------------
// Writing.

interface ValueRangeBody {
  range?: unknown;
  majorDimension?: unknown;
  values?: unknown;
}

/** Row-major input values; null (or a missing cell) leaves a cell unchanged. */
function inputMatrix(body: ValueRangeBody): InputValue[][] {
  const dimension = majorDimensionOption(typeof body.majorDimension === "string" ? body.majorDimension : undefined);
  if (body.values === undefined || body.values === null) return [];
  if (!Array.isArray(body.values))
    throw invalidArgument(`Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), ${JSON.stringify(body.values)}`);
  const lines: InputValue[][] = body.values.map((line: unknown, i: number) => {
    if (!Array.isArray(line)) throw invalidArgument(`Invalid values[${i}]: ${JSON.stringify(line)}`);
    return line.map((value: unknown, j: number) => {
      if (!isInputValue(value)) throw invalidArgument(`Invalid values[${i}][${j}]: ${JSON.stringify(value)}`);
      return value;
    });
  });
  if (dimension === "ROWS") return lines;
  const rows: InputValue[][] = [];
  lines.forEach((column, c) =>
    column.forEach((value, r) => {
      const row = (rows[r] ??= []);
      while (row.length < c) row.push(null);
      row[c] = value;
    }),
  );
  return rows.map((row) => Array.from(row, (value) => value ?? null));
}

function matrixWidth(matrix: InputValue[][]): number {
  return matrix.reduce((width, row) => Math.max(width, row.length), 0);
}

/** A range like `A1:B2` must hold the values; a single cell or an open side only marks where writing starts. */
function checkFits(sheet: Sheet, bounds: RangeBounds, matrix: InputValue[][]): void {
  const singleCell = bounds.endRow === bounds.startRow + 1 && bounds.endColumn === bounds.startColumn + 1;
  if (singleCell) return;
  if (bounds.endRow !== undefined && bounds.startRow + matrix.length > bounds.endRow) {
    throw invalidArgument(`Requested writing within range [${formatA1(sheet.title, bounds)}], but tried writing to row [${bounds.endRow + 1}]`);
  }
  if (bounds.endColumn !== undefined && bounds.startColumn + matrixWidth(matrix) > bounds.endColumn) {
    throw invalidArgument(
      `Requested writing within range [${formatA1(sheet.title, bounds)}], but tried writing to column [${columnLetters(bounds.endColumn)}]`,
    );
  }
}

function checkCellLimit(spreadsheet: Spreadsheet, sheet: Sheet, rowsNeeded: number, columnsNeeded: number): void {
  const rows = Math.max(sheet.rowCount, rowsNeeded);
  const columns = Math.max(sheet.columnCount, columnsNeeded);
  if (spreadsheet.totalCells() - sheet.rowCount * sheet.columnCount + rows * columns > MAX_CELLS) {
    throw invalidArgument(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
  }
}

interface PlannedWrite {
  sheet: Sheet;
  startRow: number;
  startColumn: number;
  entries: CellEntry[][];
  rows: number;
  columns: number;
}

function planWrite(sheet: Sheet, startRow: number, startColumn: number, matrix: InputValue[][], option: ValueInputOption, locale: string): PlannedWrite {
  const entries = matrix.map((row) => row.map((value) => entryFromInput(value, option, locale)));
  return { sheet, startRow, startColumn, entries, rows: matrix.length, columns: matrixWidth(matrix) };
}

export interface UpdateValuesResponse {
  spreadsheetId: string;
  updatedRange?: string;
  updatedRows?: number;
  updatedColumns?: number;
  updatedCells?: number;
  updatedData?: ValueRange;
}

/** Applies a planned write; writing past the grid's edge grows the grid. */
function applyWrite(spreadsheet: Spreadsheet, plan: PlannedWrite, response: ResponseValues | undefined): UpdateValuesResponse {
  const { sheet, startRow, startColumn, entries } = plan;
  let cells = 0;
  entries.forEach((row, i) =>
    row.forEach((entry, j) => {
      if (entry.kind === "skip") return;
      cells++;
      const r = startRow + i;
      const c = startColumn + j;
      sheet.setCell(r, c, applyEntry(sheet.cell(r, c), entry));
    }),
  );
  if (plan.rows > 0 && plan.columns > 0) {
    // A write that reaches the edge still extends the grid, even where the last cells were null.
    sheet.rowCount = Math.max(sheet.rowCount, startRow + plan.rows);
    sheet.columnCount = Math.max(sheet.columnCount, startColumn + plan.columns);
  }
  spreadsheet.revision++;
  const result: UpdateValuesResponse = { spreadsheetId: spreadsheet.spreadsheetId };
  if (plan.rows === 0 || plan.columns === 0) return result;
  const box: Box = { startRow, startColumn, endRow: startRow + plan.rows, endColumn: startColumn + plan.columns };
  result.updatedRange = formatA1(sheet.title, box);
  result.updatedRows = plan.rows;
  result.updatedColumns = plan.columns;
  result.updatedCells = cells;
  if (response) result.updatedData = readValueRange(sheet, box, { majorDimension: "ROWS", ...response });
  return result;
}

type ResponseValues = Omit<ReadOptions, "majorDimension">;

function responseValues(include: unknown, query: URLSearchParams, body?: Record<string, unknown>): ResponseValues | undefined {
  if (include !== true && include !== "true") return undefined;
  const merged = new URLSearchParams(query);
  for (const key of ["responseValueRenderOption", "responseDateTimeRenderOption"]) {
    const value = body?.[key];
    if (typeof value === "string") merged.set(key, value);
  }
  const { valueRenderOption, dateTimeRenderOption } = readOptions(merged, "response");
  return { valueRenderOption, dateTimeRenderOption };
}

function sameRange(a: ResolvedRange, b: ResolvedRange): boolean {
  return (
    a.sheet === b.sheet &&
    a.bounds.startRow === b.bounds.startRow &&
    a.bounds.startColumn === b.bounds.startColumn &&
    a.bounds.endRow === b.bounds.endRow &&
    a.bounds.endColumn === b.bounds.endColumn
  );
}

function planUpdate(spreadsheet: Spreadsheet, rangeText: string, body: ValueRangeBody, option: ValueInputOption): PlannedWrite {
  const target = resolveRange(spreadsheet, rangeText);
  const matrix = inputMatrix(body);
  const { sheet, bounds } = target;
  if (bounds.startRow >= sheet.rowCount || bounds.startColumn >= sheet.columnCount) throw exceedsGrid(sheet, bounds);
  checkFits(sheet, bounds, matrix);
  checkCellLimit(spreadsheet, sheet, bounds.startRow + matrix.length, bounds.startColumn + matrixWidth(matrix));
  return planWrite(sheet, bounds.startRow, bounds.startColumn, matrix, option, spreadsheet.locale);
}

export function updateValues(spreadsheet: Spreadsheet, rangeText: string, query: URLSearchParams, body: ValueRangeBody): UpdateValuesResponse {
  const option = valueInputOption(query.get("valueInputOption"));
  if (typeof body.range === "string" && body.range !== rangeText) {
    const fromBody = resolveRange(spreadsheet, body.range);
    if (!sameRange(fromBody, resolveRange(spreadsheet, rangeText))) {
      throw invalidArgument(`Requested range [${body.range}] does not match the range in the URL [${rangeText}]`);
    }
  }
  const plan = planUpdate(spreadsheet, rangeText, body, option);
  return applyWrite(spreadsheet, plan, responseValues(query.get("includeValuesInResponse"), query));
}

export function batchUpdateValues(spreadsheet: Spreadsheet, query: URLSearchParams, body: Record<string, unknown>) {
  const option = valueInputOption(body.valueInputOption);
  const data = Array.isArray(body.data) ? (body.data as unknown[]) : [];
  // Everything is checked before anything is written, so a bad item changes nothing.
  const plans = data.map((item, i) => {
    try {
      const valueRange = (item ?? {}) as ValueRangeBody;
      if (typeof valueRange.range !== "string") throw invalidArgument("range is required");
      return planUpdate(spreadsheet, valueRange.range, valueRange, option);
    } catch (error) {
      throw withPrefix(`Invalid data[${i}]`, error);
    }
  });
  const response = responseValues(body.includeValuesInResponse, query, body);
  const responses = plans.map((plan) => applyWrite(spreadsheet, plan, response));
  const updated = responses.filter((r) => r.updatedCells !== undefined);
  const result: Record<string, unknown> = { spreadsheetId: spreadsheet.spreadsheetId };
  if (updated.length) {
    result.totalUpdatedRows = updated.reduce((sum, r) => sum + (r.updatedRows ?? 0), 0);
    result.totalUpdatedColumns = updated.reduce((sum, r) => sum + (r.updatedColumns ?? 0), 0);
    result.totalUpdatedCells = updated.reduce((sum, r) => sum + (r.updatedCells ?? 0), 0);
    result.totalUpdatedSheets = new Set(plans.filter((p) => p.rows > 0).map((p) => p.sheet)).size;
  }
  if (responses.length) result.responses = responses;
  return result;
}

export function appendValues(spreadsheet: Spreadsheet, rangeText: string, query: URLSearchParams, body: ValueRangeBody) {
  const option = valueInputOption(query.get("valueInputOption"));
  const insertDataOption = enumOption(
    query.get("insertDataOption"),
    "insert_data_option",
    "InsertDataOption",
    ["OVERWRITE", "INSERT_ROWS"] as const,
    "OVERWRITE",
  );
  const { sheet, bounds } = resolveRange(spreadsheet, rangeText);
  const searchBox = clipToGrid(sheet, bounds);
  const matrix = inputMatrix(body);
  const table = findAppendTable(sheet, searchBox);
  const startRow = table ? table.endRow : searchBox.startRow;
  const startColumn = table ? table.startColumn : searchBox.startColumn;

  const inserting = insertDataOption === "INSERT_ROWS" && matrix.length > 0;
  const rowsNeeded = inserting ? sheet.rowCount + matrix.length : startRow + matrix.length;
  checkCellLimit(spreadsheet, sheet, rowsNeeded, startColumn + matrixWidth(matrix));
  const plan = planWrite(sheet, startRow, startColumn, matrix, option, spreadsheet.locale);
  if (inserting) sheet.insertRows(startRow, matrix.length, startRow > 0 ? startRow - 1 : undefined);
  // tableRange describes the table as it was before the new rows.
  const tableRange = table ? formatA1(sheet.title, table) : undefined;
  const updates = applyWrite(spreadsheet, plan, responseValues(query.get("includeValuesInResponse"), query));
  return { spreadsheetId: spreadsheet.spreadsheetId, ...(tableRange ? { tableRange } : {}), updates };
}

// ---------------------------------------------------------------------------
// Clearing: values go, formats stay.

function clearBox(spreadsheet: Spreadsheet, sheet: Sheet, box: Box): void {
  const lastRow = Math.min(box.endRow, sheet.rows.length);
  for (let r = box.startRow; r < lastRow; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const lastColumn = Math.min(box.endColumn, cells.length);
    for (let c = box.startColumn; c < lastColumn; c++) {
      const cell = cells[c];
      if (cell) cells[c] = cell.format ? { format: cell.format } : undefined;
    }
  }
  spreadsheet.revision++;
}

export function clearValues(spreadsheet: Spreadsheet, rangeText: string) {
  const { sheet, bounds } = resolveRange(spreadsheet, rangeText);
  const box = clipToGrid(sheet, bounds);
  clearBox(spreadsheet, sheet, box);
  return { spreadsheetId: spreadsheet.spreadsheetId, clearedRange: formatA1(sheet.title, box) };
}

export function batchClearValues(spreadsheet: Spreadsheet, body: Record<string, unknown>) {
  const ranges = Array.isArray(body.ranges) ? (body.ranges as unknown[]) : [];
  const targets = ranges.map((text, i) => {
    try {
      const { sheet, bounds } = resolveRange(spreadsheet, String(text));
      return { sheet, box: clipToGrid(sheet, bounds) };
    } catch (error) {
      throw withPrefix(`Invalid ranges[${i}]`, error);
    }
  });
  for (const { sheet, box } of targets) clearBox(spreadsheet, sheet, box);
  const result: { spreadsheetId: string; clearedRanges?: string[] } = { spreadsheetId: spreadsheet.spreadsheetId };
  if (targets.length) result.clearedRanges = targets.map(({ sheet, box }) => formatA1(sheet.title, box));
  return result;
}

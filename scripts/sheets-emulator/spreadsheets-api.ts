/**
 * spreadsheets.create, spreadsheets.get and spreadsheets.batchUpdate.
 */
import type { Box, RangeBounds } from "./a1-notation";
import { invalidArgument, notFound, unimplemented, withPrefix } from "./api-error";
import { applyEntry, entryFromInput, formatValue, isEmptyCell, type Cell, type CellEntry, type NumberFormat, type NumberFormatType } from "./cell-values";
import { evaluateFormula, hyperlinkFormula } from "./formula";
import { fieldPaths, parseFieldMask, type FieldMask } from "./field-mask";
import {
  DEFAULT_COLUMN_COUNT,
  DEFAULT_ROW_COUNT,
  MAX_CELLS,
  Sheet,
  Spreadsheet,
  defaultSheetStem,
  newSpreadsheetId,
  type Dimension,
  type GridRange,
  type ProtectedRange,
} from "./spreadsheet-model";
import { clipToGrid, exceedsGrid, resolveRange } from "./values-api";

export const DEFAULT_LOCALE = "zh_CN";
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw invalidArgument(`Invalid value at '${field}' (TYPE_INT32), ${JSON.stringify(value)}`);
  return n;
}

export function spreadsheetUrl(spreadsheetId: string): string {
  return `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;
}

// ---------------------------------------------------------------------------
// JSON views.

export function sheetPropertiesJson(spreadsheet: Spreadsheet, sheet: Sheet): Json {
  const gridProperties: Json = { rowCount: sheet.rowCount, columnCount: sheet.columnCount };
  if (sheet.frozenRowCount) gridProperties.frozenRowCount = sheet.frozenRowCount;
  if (sheet.frozenColumnCount) gridProperties.frozenColumnCount = sheet.frozenColumnCount;
  const properties: Json = {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index: spreadsheet.sheets.indexOf(sheet),
    sheetType: "GRID",
    gridProperties,
  };
  if (sheet.hidden) properties.hidden = true;
  return properties;
}

function protectedRangeJson(range: ProtectedRange): Json {
  return { ...range, requestingUserCanEdit: range.requestingUserCanEdit ?? true };
}

const ERROR_TYPES: Record<string, string> = {
  "#NAME?": "NAME",
  "#DIV/0!": "DIVIDE_BY_ZERO",
  "#VALUE!": "VALUE",
  "#ERROR!": "ERROR",
  "#NUM!": "NUM",
  "#N/A": "N_A",
  "#REF!": "REF",
};

function cellDataJson(cell: Cell | undefined): Json {
  if (!cell) return {};
  const data: Json = {};
  const value = cell.value;
  if (!isEmptyCell(cell) && value) {
    if (cell.formula !== undefined) data.userEnteredValue = { formulaValue: cell.formula };
    const typed =
      value.kind === "number"
        ? { numberValue: value.value }
        : value.kind === "string"
          ? { stringValue: value.value }
          : value.kind === "boolean"
            ? { boolValue: value.value }
            : { errorValue: { type: ERROR_TYPES[value.value] ?? "ERROR", message: value.value } };
    data.userEnteredValue ??= typed;
    data.effectiveValue = typed;
    data.formattedValue = formatValue(value, cell.format);
  }
  if (cell.format) {
    data.userEnteredFormat = { numberFormat: cell.format };
    data.effectiveFormat = { numberFormat: cell.format };
  }
  // As Sheets reports a link: `hyperlink` for one link on the whole cell (a link put on the cell, or =HYPERLINK),
  // and a link typed onto the text also as a text format run.
  const formulaLink = cell.formula === undefined ? undefined : hyperlinkFormula(cell.formula)?.url;
  if (cell.link !== undefined && !isEmptyCell(cell)) {
    data.hyperlink = cell.link;
    data.textFormatRuns = [{ format: { link: { uri: cell.link } } }];
  } else if (formulaLink !== undefined) {
    data.hyperlink = formulaLink;
  }
  return data;
}

function gridDataJson(sheet: Sheet, box: Box): Json {
  const rowData: Json[] = [];
  const lastRow = Math.min(box.endRow, sheet.rows.length);
  for (let r = box.startRow; r < lastRow; r++) {
    const values: Json[] = [];
    const cells = sheet.rows[r] ?? [];
    const lastColumn = Math.min(box.endColumn, cells.length);
    for (let c = box.startColumn; c < lastColumn; c++) values.push(cellDataJson(cells[c]));
    while (values.length && Object.keys(values[values.length - 1] ?? {}).length === 0) values.pop();
    rowData.push(values.length ? { values } : {});
  }
  while (rowData.length && Object.keys(rowData[rowData.length - 1] ?? {}).length === 0) rowData.pop();
  const data: Json = {};
  if (box.startRow) data.startRow = box.startRow;
  if (box.startColumn) data.startColumn = box.startColumn;
  if (rowData.length) data.rowData = rowData;
  return data;
}

export function spreadsheetJson(spreadsheet: Spreadsheet, options: { includeGridData?: boolean; ranges?: string[] } = {}): Json {
  const boxesBySheet = new Map<Sheet, Box[]>();
  for (const text of options.ranges ?? []) {
    const { sheet, bounds } = resolveRange(spreadsheet, text);
    const boxes = boxesBySheet.get(sheet) ?? [];
    boxes.push(clipToGrid(sheet, bounds));
    boxesBySheet.set(sheet, boxes);
  }
  const sheets = spreadsheet.sheets
    .filter((sheet) => !options.ranges?.length || boxesBySheet.has(sheet))
    .map((sheet) => {
      const json: Json = { properties: sheetPropertiesJson(spreadsheet, sheet) };
      if (options.includeGridData) {
        const whole: Box = { startRow: 0, startColumn: 0, endRow: sheet.rowCount, endColumn: sheet.columnCount };
        json.data = (boxesBySheet.get(sheet) ?? [whole]).map((box) => gridDataJson(sheet, box));
      }
      if (sheet.protectedRanges.length) json.protectedRanges = sheet.protectedRanges.map(protectedRangeJson);
      return json;
    });
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    properties: {
      title: spreadsheet.title,
      locale: spreadsheet.locale,
      autoRecalc: "ON_CHANGE",
      timeZone: spreadsheet.timeZone,
    },
    sheets,
    spreadsheetUrl: spreadsheetUrl(spreadsheet.spreadsheetId),
  };
}

export function getSpreadsheet(spreadsheet: Spreadsheet, query: URLSearchParams): Json {
  const ranges = query.getAll("ranges");
  // "includeGridData … is ignored if a field mask was set in the request": then the mask decides.
  const fields = query.get("fields");
  const includeGridData = fields ? masksGridData(parseFieldMask(fields)) : query.get("includeGridData") === "true";
  return spreadsheetJson(spreadsheet, { includeGridData, ranges });
}

function masksGridData(mask: FieldMask): boolean {
  if (mask.has("*")) return true;
  const sheets = mask.get("sheets");
  return sheets === true || (sheets !== undefined && (sheets.has("data") || sheets.has("*")));
}

// ---------------------------------------------------------------------------
// Create.

function userEnteredEntry(value: unknown, locale: string): CellEntry {
  const v = asObject(value);
  if (typeof v.formulaValue === "string") return { kind: "set", formula: v.formulaValue, value: evaluateFormula(v.formulaValue.replace(/^=/, "")) };
  if (typeof v.numberValue === "number") return { kind: "set", value: { kind: "number", value: v.numberValue } };
  if (typeof v.boolValue === "boolean") return { kind: "set", value: { kind: "boolean", value: v.boolValue } };
  if (typeof v.stringValue === "string") return entryFromInput(v.stringValue, "RAW", locale);
  return { kind: "clear" };
}

function numberFormatFrom(value: unknown): NumberFormat | undefined {
  const format = asObject(value);
  if (typeof format.type !== "string") return undefined;
  return { type: format.type as NumberFormatType, pattern: typeof format.pattern === "string" ? format.pattern : "" };
}

function checkTitle(spreadsheet: Spreadsheet, title: string, except?: Sheet): void {
  if (title.trim() === "") throw invalidArgument("Sheet names must not be empty.");
  const clash = spreadsheet.sheets.find((s) => s !== except && s.title.toLowerCase() === title.toLowerCase());
  if (clash) throw invalidArgument(`A sheet with the name "${title}" already exists. Please enter another name.`);
}

function checkCells(spreadsheet: Spreadsheet): void {
  if (spreadsheet.totalCells() > MAX_CELLS) {
    throw invalidArgument(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
  }
}

function newSheet(spreadsheet: Spreadsheet, propertiesJson: unknown, fallbackId?: number): Sheet {
  const properties = asObject(propertiesJson);
  const title = typeof properties.title === "string" ? properties.title : spreadsheet.defaultSheetTitle();
  checkTitle(spreadsheet, title);
  const requestedId = optionalInteger(properties.sheetId, "sheet_id");
  if (requestedId !== undefined && spreadsheet.sheetById(requestedId)) {
    throw invalidArgument(`A sheet with the id ${requestedId} already exists.`);
  }
  const sheetId = requestedId ?? (fallbackId !== undefined && !spreadsheet.sheetById(fallbackId) ? fallbackId : spreadsheet.newSheetId());
  const sheet = new Sheet(sheetId, title);
  const grid = asObject(properties.gridProperties);
  sheet.rowCount = optionalInteger(grid.rowCount, "row_count") ?? DEFAULT_ROW_COUNT;
  sheet.columnCount = optionalInteger(grid.columnCount, "column_count") ?? DEFAULT_COLUMN_COUNT;
  sheet.frozenRowCount = optionalInteger(grid.frozenRowCount, "frozen_row_count") ?? 0;
  sheet.frozenColumnCount = optionalInteger(grid.frozenColumnCount, "frozen_column_count") ?? 0;
  sheet.hidden = properties.hidden === true;
  if (sheet.rowCount < 1 || sheet.columnCount < 1) throw invalidArgument("A sheet needs at least one row and one column.");
  const index = optionalInteger(properties.index, "index");
  const at = index === undefined ? spreadsheet.sheets.length : Math.max(0, Math.min(index, spreadsheet.sheets.length));
  spreadsheet.sheets.splice(at, 0, sheet);
  checkCells(spreadsheet);
  return sheet;
}

export function createSpreadsheet(body: unknown): Spreadsheet {
  const request = asObject(body);
  const properties = asObject(request.properties);
  const locale = typeof properties.locale === "string" ? properties.locale : DEFAULT_LOCALE;
  const timeZone = typeof properties.timeZone === "string" ? properties.timeZone : DEFAULT_TIME_ZONE;
  const defaultTitle = locale.startsWith("zh") ? "无标题电子表格" : "Untitled spreadsheet";
  const title = typeof properties.title === "string" ? properties.title : defaultTitle;
  const spreadsheet = new Spreadsheet(newSpreadsheetId(), title, locale, timeZone);
  const sheets = Array.isArray(request.sheets) ? (request.sheets as unknown[]) : [];
  sheets.forEach((sheetJson, i) => {
    try {
      const sheet = newSheet(spreadsheet, asObject(sheetJson).properties, i === 0 ? 0 : undefined);
      for (const grid of Array.isArray(asObject(sheetJson).data) ? (asObject(sheetJson).data as unknown[]) : []) {
        const gridJson = asObject(grid);
        const startRow = optionalInteger(gridJson.startRow, "start_row") ?? 0;
        const startColumn = optionalInteger(gridJson.startColumn, "start_column") ?? 0;
        const rows = Array.isArray(gridJson.rowData) ? (gridJson.rowData as unknown[]) : [];
        rows.forEach((row, r) => {
          const values = asObject(row).values;
          if (!Array.isArray(values)) return;
          values.forEach((cellJson: unknown, c: number) => {
            const cell = asObject(cellJson);
            let next = applyEntry(undefined, userEnteredEntry(cell.userEnteredValue, locale));
            const format = numberFormatFrom(asObject(cell.userEnteredFormat).numberFormat);
            if (format) next = { ...next, format };
            sheet.setCell(startRow + r, startColumn + c, next);
          });
        });
      }
    } catch (error) {
      throw withPrefix(`Invalid spreadsheet.sheets[${i}]`, error);
    }
  });
  if (!spreadsheet.sheets.length) {
    spreadsheet.sheets.push(new Sheet(0, `${defaultSheetStem(locale)}1`));
  }
  return spreadsheet;
}

// ---------------------------------------------------------------------------
// batchUpdate.

function sheetFor(spreadsheet: Spreadsheet, sheetId: unknown): Sheet {
  const id = optionalInteger(sheetId, "sheet_id") ?? 0;
  const sheet = spreadsheet.sheetById(id);
  if (!sheet) throw invalidArgument(`No grid with id: ${id}`);
  return sheet;
}

function gridRangeFrom(value: unknown): GridRange {
  const json = asObject(value);
  const range: GridRange = {};
  for (const key of ["sheetId", "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"] as const) {
    const n = optionalInteger(json[key], key);
    if (n !== undefined) range[key] = n;
  }
  return range;
}

function boxOf(sheet: Sheet, range: GridRange): Box {
  const bounds: RangeBounds = { startRow: range.startRowIndex ?? 0, startColumn: range.startColumnIndex ?? 0 };
  if (range.endRowIndex !== undefined) bounds.endRow = range.endRowIndex;
  if (range.endColumnIndex !== undefined) bounds.endColumn = range.endColumnIndex;
  const box: Box = {
    startRow: bounds.startRow,
    startColumn: bounds.startColumn,
    endRow: bounds.endRow ?? sheet.rowCount,
    endColumn: bounds.endColumn ?? sheet.columnCount,
  };
  if (box.startRow < 0 || box.startColumn < 0 || box.endRow < box.startRow || box.endColumn < box.startColumn) {
    throw invalidArgument("The range is invalid: a start index is negative or after its end index.");
  }
  if (box.endRow > sheet.rowCount || box.endColumn > sheet.columnCount) throw exceedsGrid(sheet, bounds);
  return box;
}

function dimensionOf(value: unknown): Dimension {
  if (value === "ROWS" || value === "COLUMNS") return value;
  throw invalidArgument(`Invalid dimension: ${String(value ?? "DIMENSION_UNSPECIFIED")}`);
}

interface DimensionSpan {
  sheet: Sheet;
  dimension: Dimension;
  start: number;
  end: number;
  size: number;
}

function dimensionSpan(spreadsheet: Spreadsheet, value: unknown, endRequired: boolean): DimensionSpan {
  const range = asObject(value);
  const sheet = sheetFor(spreadsheet, range.sheetId);
  const dimension = dimensionOf(range.dimension);
  const size = dimension === "ROWS" ? sheet.rowCount : sheet.columnCount;
  const start = optionalInteger(range.startIndex, "start_index") ?? 0;
  const end = optionalInteger(range.endIndex, "end_index") ?? (endRequired ? undefined : size);
  if (end === undefined) throw invalidArgument("endIndex is required.");
  if (start < 0 || end <= start) throw invalidArgument(`Invalid dimension range: startIndex ${start} must be less than endIndex ${end}.`);
  return { sheet, dimension, start, end, size };
}

type RequestHandler = (spreadsheet: Spreadsheet, request: Json) => Json | undefined;

function applyPaths(paths: string[], apply: Record<string, () => void>): void {
  if (!paths.length) throw invalidArgument("At least one field must be specified in 'fields'.");
  for (const path of paths) {
    const matching = Object.keys(apply).filter((key) => path === "*" || key === path || key.startsWith(`${path}.`));
    if (!matching.length) throw invalidArgument(`Unsupported field in 'fields': ${path}`);
    for (const key of matching) apply[key]?.();
  }
}

function fieldsOf(request: Json): string[] {
  return typeof request.fields === "string" && request.fields.trim() !== "" ? fieldPaths(parseFieldMask(request.fields)) : [];
}

const REQUEST_HANDLERS: Record<string, RequestHandler> = {
  addSheet(spreadsheet, request) {
    const sheet = newSheet(spreadsheet, request.properties);
    return { addSheet: { properties: sheetPropertiesJson(spreadsheet, sheet) } };
  },

  deleteSheet(spreadsheet, request) {
    const sheet = sheetFor(spreadsheet, request.sheetId);
    if (spreadsheet.sheets.length === 1) throw invalidArgument("You can't remove all the sheets in a document.");
    spreadsheet.sheets.splice(spreadsheet.sheets.indexOf(sheet), 1);
    return undefined;
  },

  updateSheetProperties(spreadsheet, request) {
    const properties = asObject(request.properties);
    const sheet = sheetFor(spreadsheet, properties.sheetId);
    const grid = asObject(properties.gridProperties);
    applyPaths(fieldsOf(request), {
      title: () => {
        const title = typeof properties.title === "string" ? properties.title : "";
        checkTitle(spreadsheet, title, sheet);
        sheet.title = title;
      },
      index: () => {
        const index = optionalInteger(properties.index, "index") ?? 0;
        spreadsheet.sheets.splice(spreadsheet.sheets.indexOf(sheet), 1);
        spreadsheet.sheets.splice(Math.max(0, Math.min(index, spreadsheet.sheets.length)), 0, sheet);
      },
      hidden: () => {
        sheet.hidden = properties.hidden === true;
      },
      "gridProperties.rowCount": () => {
        sheet.rowCount = optionalInteger(grid.rowCount, "row_count") ?? 0;
      },
      "gridProperties.columnCount": () => {
        sheet.columnCount = optionalInteger(grid.columnCount, "column_count") ?? 0;
      },
      "gridProperties.frozenRowCount": () => {
        sheet.frozenRowCount = optionalInteger(grid.frozenRowCount, "frozen_row_count") ?? 0;
      },
      "gridProperties.frozenColumnCount": () => {
        sheet.frozenColumnCount = optionalInteger(grid.frozenColumnCount, "frozen_column_count") ?? 0;
      },
    });
    if (sheet.rowCount < 1 || sheet.columnCount < 1) throw invalidArgument("A sheet needs at least one row and one column.");
    checkCells(spreadsheet);
    // Shrinking the grid drops the cells outside it, as in Sheets.
    sheet.trimToGrid();
    return undefined;
  },

  updateSpreadsheetProperties(spreadsheet, request) {
    const properties = asObject(request.properties);
    applyPaths(fieldsOf(request), {
      title: () => {
        spreadsheet.title = typeof properties.title === "string" ? properties.title : "";
      },
      locale: () => {
        spreadsheet.locale = typeof properties.locale === "string" ? properties.locale : DEFAULT_LOCALE;
      },
      timeZone: () => {
        spreadsheet.timeZone = typeof properties.timeZone === "string" ? properties.timeZone : DEFAULT_TIME_ZONE;
      },
    });
    return undefined;
  },

  insertDimension(spreadsheet, request) {
    const span = dimensionSpan(spreadsheet, request.range, true);
    const inheritFromBefore = request.inheritFromBefore === true;
    if (span.start > span.size) throw invalidArgument(`Cannot insert at index ${span.start}: the sheet has only ${span.size}.`);
    if (inheritFromBefore && span.start === 0) throw invalidArgument("Cannot inherit from before when inserting at index 0.");
    const count = span.end - span.start;
    const inheritFrom = inheritFromBefore ? span.start - 1 : span.start < span.size ? span.start : undefined;
    if (span.dimension === "ROWS") span.sheet.insertRows(span.start, count, inheritFrom);
    else span.sheet.insertColumns(span.start, count, inheritFrom);
    checkCells(spreadsheet);
    return undefined;
  },

  deleteDimension(spreadsheet, request) {
    const span = dimensionSpan(spreadsheet, request.range, false);
    if (span.end > span.size)
      throw exceedsGrid(span.sheet, span.dimension === "ROWS" ? { startRow: span.end - 1, startColumn: 0 } : { startRow: 0, startColumn: span.end - 1 });
    if (span.start === 0 && span.end === span.size) {
      throw invalidArgument(`You can't delete all the ${span.dimension === "ROWS" ? "rows" : "columns"} on the sheet.`);
    }
    if (span.dimension === "ROWS") span.sheet.deleteRows(span.start, span.end);
    else span.sheet.deleteColumns(span.start, span.end);
    return undefined;
  },

  appendDimension(spreadsheet, request) {
    const sheet = sheetFor(spreadsheet, request.sheetId);
    const dimension = dimensionOf(request.dimension);
    const length = optionalInteger(request.length, "length") ?? 0;
    if (length < 1) throw invalidArgument("length must be at least 1.");
    if (dimension === "ROWS") sheet.rowCount += length;
    else sheet.columnCount += length;
    checkCells(spreadsheet);
    return undefined;
  },

  sortRange(spreadsheet, request) {
    const range = gridRangeFrom(request.range);
    const sheet = sheetFor(spreadsheet, range.sheetId);
    const box = boxOf(sheet, range);
    const specs = (Array.isArray(request.sortSpecs) ? (request.sortSpecs as unknown[]) : []).map((specJson) => {
      const spec = asObject(specJson);
      const column = optionalInteger(spec.dimensionIndex, "dimension_index") ?? 0;
      if (column < box.startColumn || column >= box.endColumn) throw invalidArgument(`dimensionIndex ${column} is outside the range being sorted.`);
      return { column, descending: spec.sortOrder === "DESCENDING" };
    });
    if (!specs.length) throw invalidArgument("At least one sortSpec is required.");
    sheet.sortRows(box, specs, new Intl.Collator(spreadsheet.locale.replace("_", "-"), { sensitivity: "accent" }));
    return undefined;
  },

  repeatCell(spreadsheet, request) {
    const range = gridRangeFrom(request.range);
    const sheet = sheetFor(spreadsheet, range.sheetId);
    const box = boxOf(sheet, range);
    const cell = asObject(request.cell);
    const format = numberFormatFrom(asObject(cell.userEnteredFormat).numberFormat);
    const setFormat = (current: Cell | undefined): Cell | undefined => {
      if (!format) return current?.value === undefined && current?.formula === undefined ? undefined : { ...current, format: undefined };
      return { ...current, format };
    };
    const setValue = (current: Cell | undefined) => applyEntry(current, userEnteredEntry(cell.userEnteredValue, spreadsheet.locale));
    const steps: ((current: Cell | undefined) => Cell | undefined)[] = [];
    applyPaths(fieldsOf(request), {
      "userEnteredFormat.numberFormat": () => void steps.push(setFormat),
      userEnteredValue: () => void steps.push(setValue),
    });
    for (let r = box.startRow; r < box.endRow; r++) {
      for (let c = box.startColumn; c < box.endColumn; c++) {
        sheet.setCell(
          r,
          c,
          steps.reduce((current, step) => step(current), sheet.cell(r, c)),
        );
      }
    }
    return undefined;
  },

  addProtectedRange(spreadsheet, request) {
    const json = asObject(request.protectedRange);
    const range = gridRangeFrom(json.range);
    const sheet = sheetFor(spreadsheet, range.sheetId);
    range.sheetId = sheet.sheetId;
    boxOf(sheet, range);
    const protectedRange: ProtectedRange = {
      protectedRangeId: optionalInteger(json.protectedRangeId, "protected_range_id") ?? spreadsheet.newProtectedRangeId(),
      range,
      requestingUserCanEdit: true,
    };
    if (typeof json.description === "string") protectedRange.description = json.description;
    if (json.warningOnly === true) protectedRange.warningOnly = true;
    if (json.editors) protectedRange.editors = asObject(json.editors) as ProtectedRange["editors"];
    if (Array.isArray(json.unprotectedRanges)) protectedRange.unprotectedRanges = json.unprotectedRanges.map(gridRangeFrom);
    sheet.protectedRanges.push(protectedRange);
    return { addProtectedRange: { protectedRange: protectedRangeJson(protectedRange) } };
  },

  updateProtectedRange(spreadsheet, request) {
    const json = asObject(request.protectedRange);
    const id = optionalInteger(json.protectedRangeId, "protected_range_id");
    const sheet = spreadsheet.sheets.find((s) => s.protectedRanges.some((p) => p.protectedRangeId === id));
    const current = sheet?.protectedRanges.find((p) => p.protectedRangeId === id);
    if (!sheet || !current) throw invalidArgument(`No protected range with id: ${id}`);
    applyPaths(fieldsOf(request), {
      description: () => {
        current.description = typeof json.description === "string" ? json.description : "";
      },
      warningOnly: () => {
        current.warningOnly = json.warningOnly === true;
      },
      editors: () => {
        current.editors = asObject(json.editors) as ProtectedRange["editors"];
      },
      range: () => {
        const range = gridRangeFrom(json.range);
        boxOf(sheetFor(spreadsheet, range.sheetId ?? sheet.sheetId), range);
        current.range = range;
      },
    });
    return undefined;
  },

  deleteProtectedRange(spreadsheet, request) {
    const id = optionalInteger(request.protectedRangeId, "protected_range_id");
    const sheet = spreadsheet.sheets.find((s) => s.protectedRanges.some((p) => p.protectedRangeId === id));
    if (!sheet) throw invalidArgument(`No protected range with id: ${id}`);
    sheet.protectedRanges = sheet.protectedRanges.filter((p) => p.protectedRangeId !== id);
    return undefined;
  },
};

/** Requests apply in order to a copy; the copy is kept only when every request succeeds, as in Sheets. */
export function batchUpdateSpreadsheet(spreadsheet: Spreadsheet, body: unknown): Json {
  const request = asObject(body);
  const requests = Array.isArray(request.requests) ? (request.requests as unknown[]) : [];
  if (!requests.length) throw invalidArgument("Must specify at least one request.");
  const draft = spreadsheet.clone();
  const replies = requests.map((item, i) => {
    const json = asObject(item);
    const kinds = Object.keys(json);
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined) {
      throw invalidArgument(`Invalid requests[${i}]: exactly one kind of request must be set, found ${kinds.length}.`);
    }
    const handler = REQUEST_HANDLERS[kind];
    if (!handler) throw unimplemented(`the batchUpdate request "${kind}"`);
    try {
      return handler(draft, asObject(json[kind])) ?? {};
    } catch (error) {
      throw withPrefix(`Invalid requests[${i}].${kind}`, error);
    }
  });
  Object.assign(spreadsheet, draft);
  spreadsheet.revision++;
  const response: Json = { spreadsheetId: spreadsheet.spreadsheetId, replies };
  if (request.includeSpreadsheetInResponse === true) {
    const ranges = Array.isArray(request.responseRanges) ? request.responseRanges.map(String) : [];
    response.updatedSpreadsheet = spreadsheetJson(spreadsheet, { includeGridData: request.responseIncludeGridData === true, ranges });
  }
  return response;
}

export function requireSpreadsheet(spreadsheets: Map<string, Spreadsheet>, id: string): Spreadsheet {
  const spreadsheet = spreadsheets.get(id);
  if (!spreadsheet) throw notFound();
  return spreadsheet;
}

import type { sheets_v4 } from "@googleapis/sheets";
import type { Columns } from "../../schema/columns";
import { matchesTabTitle } from "../../schema/header";
import { TABS, type TabSpec } from "../../schema/tabs";
import { isProtected, quoteSheet, rawRowsFromWire, wireFromInput, type WireValue } from "../google-cells";
import { SheetsError } from "../google-errors";
import type { GoogleTiming } from "../google-retry";
import type { TabContent } from "../store";
import { READ_OPTIONS, type GoogleRequests } from "./requests";

/** The store's view of one tab, from spreadsheets.get. */
export interface SheetMeta {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
}

export interface Metadata {
  timeZone?: string;
  sheets: SheetMeta[];
  fetchedAt: number;
}

const METADATA_FIELDS =
  "properties(timeZone),sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount)),protectedRanges(protectedRangeId,range,warningOnly,unprotectedRanges))";

/** A fresh spreadsheet's empty first sheet, removed when create() adds DutyBoard's tabs. */
const DEFAULT_SHEET_TITLE = /^(Sheet|工作表)\d+$/u;

/**
 * The spreadsheet's layout: its tabs, their gids, sizes and protection, and
 * its time zone, from one spreadsheets.get kept for a few minutes (less while
 * a tab DutyBoard expects is missing); and create(), which lays DutyBoard's
 * tabs out in it.
 */
export class SheetLayout {
  private meta?: Metadata;
  private inflight?: Promise<Metadata>;

  constructor(
    private readonly requests: GoogleRequests,
    private readonly timing: GoogleTiming,
    private readonly fallbackTimeZone: string,
  ) {}

  private ttl(meta: Metadata): number {
    const complete = TABS.every((spec: TabSpec<Columns>) => spec.optional || meta.sheets.some((s) => matchesTabTitle(spec, s.title)));
    return complete ? this.timing.metadataTtlMs : this.timing.metadataTtlWhileTabMissingMs;
  }

  /** The tab list as last fetched, or fetched now when stale or `refresh`; concurrent callers share one request. */
  async metadata(refresh = false): Promise<Metadata> {
    if (!refresh && this.meta && Date.now() - this.meta.fetchedAt < this.ttl(this.meta)) return this.meta;
    if (this.inflight) return this.inflight;
    const spreadsheetId = this.requests.spreadsheetId;
    const promise = this.requests
      .read("spreadsheets.get", (api, o) => api.spreadsheets.get({ spreadsheetId, fields: METADATA_FIELDS }, o))
      .then(
        (data): Metadata => ({
          ...(data.properties?.timeZone && { timeZone: data.properties.timeZone }),
          fetchedAt: Date.now(),
          sheets: (data.sheets ?? [])
            .filter((s) => (s.properties?.sheetType ?? "GRID") === "GRID")
            .map((s) => ({
              sheetId: s.properties?.sheetId ?? 0,
              title: s.properties?.title ?? "",
              rowCount: s.properties?.gridProperties?.rowCount ?? 0,
              columnCount: s.properties?.gridProperties?.columnCount ?? 0,
              protectedRanges: s.protectedRanges ?? [],
            })),
        }),
      );
    this.inflight = promise;
    try {
      this.meta = await promise;
      return this.meta;
    } finally {
      this.inflight = undefined;
    }
  }

  /** The spreadsheet's own zone: app-written times are stored as its wall clock. */
  zoneOf(meta: Metadata): string {
    return meta.timeZone ?? this.fallbackTimeZone;
  }

  async timeZone(): Promise<string> {
    return this.zoneOf(await this.metadata());
  }

  /**
   * Adds missing tabs and writes title rows, header and rows into each, RAW.
   * Refuses when a target tab already holds data, unless `force` (then clears it).
   * The caller runs it in the write queue.
   */
  async create(tabs: TabContent[], opts: { force?: boolean } = {}): Promise<void> {
    const spreadsheetId = this.requests.spreadsheetId;
    const meta = await this.metadata(true);
    const targets = tabs.map((content) => ({ content, sheet: meta.sheets.find((s) => matchesTabTitle(content.spec, s.title)) }));
    const existing = targets.flatMap((t) => (t.sheet ? [t.sheet] : []));
    const spares = meta.sheets.filter((s) => DEFAULT_SHEET_TITLE.test(s.title) && !existing.includes(s));
    const toCheck = [...existing, ...spares];
    const ranges = toCheck.length
      ? ((
          await this.requests.read("spreadsheets.values.batchGet", (api, o) =>
            api.spreadsheets.values.batchGet({ spreadsheetId, ranges: toCheck.map((s) => quoteSheet(s.title)), ...READ_OPTIONS }, o),
          )
        ).valueRanges ?? [])
      : [];
    const hasData = (s: SheetMeta) => rawRowsFromWire(ranges[toCheck.indexOf(s)]?.values).length > 0;
    const filled = existing.filter(hasData);
    if (filled.length > 0 && !opts.force) {
      throw new SheetsError(
        "not-empty",
        `表格中这些工作表已有数据：${filled.map((s) => `「${s.title}」`).join("")}。未做任何修改。如确需用新数据覆盖，请加 --force 重新运行。`,
      );
    }
    if (filled.length > 0) {
      await this.requests.writeUnchecked("spreadsheets.values.batchClear", (api, o) =>
        api.spreadsheets.values.batchClear({ spreadsheetId, requestBody: { ranges: filled.map((s) => quoteSheet(s.title)) } }, o),
      );
    }

    const { requests, data } = createPlan(
      meta.sheets,
      targets,
      spares.filter((s) => !hasData(s)),
      this.zoneOf(meta),
    );
    if (requests.length > 0) {
      await this.requests.writeUnchecked("spreadsheets.batchUpdate", (api, o) => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }, o));
    }
    await this.requests.writeUnchecked("spreadsheets.values.batchUpdate", (api, o) =>
      api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data } }, o),
    );
    this.meta = undefined;
  }
}

/**
 * What create() sends once the spreadsheet is known to be empty where it writes:
 * one spreadsheets.batchUpdate (`requests`: add the missing tabs, grow and freeze
 * the existing ones, date formats, protection, remove the empty default sheets)
 * and one values.batchUpdate (`data`: each tab's title rows, header and rows from A1).
 */
export function createPlan(
  sheets: readonly SheetMeta[],
  targets: readonly { content: TabContent; sheet?: SheetMeta | undefined }[],
  emptySpares: readonly SheetMeta[],
  timeZone: string,
): { requests: sheets_v4.Schema$Request[]; data: sheets_v4.Schema$ValueRange[] } {
  const usedIds = new Set(sheets.map((s) => s.sheetId));
  const newId = () => {
    let id = 1_000_000 + usedIds.size;
    while (usedIds.has(id)) id++;
    usedIds.add(id);
    return id;
  };
  const requests: sheets_v4.Schema$Request[] = [];
  const data: sheets_v4.Schema$ValueRange[] = [];
  targets.forEach(({ content, sheet }, index) => {
    const { spec, titleRows = [], rows, protect } = content;
    const keys = Object.keys(spec.columns);
    const headerRow = titleRows.length + 1;
    const rowsNeeded = headerRow + rows.length;
    const sheetId = sheet?.sheetId ?? newId();
    const title = sheet?.title ?? spec.title;
    if (!sheet) {
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title,
            index,
            gridProperties: { rowCount: Math.max(1000, rowsNeeded + 200), columnCount: Math.max(26, keys.length), frozenRowCount: headerRow },
          },
        },
      });
    } else {
      if (sheet.rowCount < rowsNeeded) requests.push({ appendDimension: { sheetId, dimension: "ROWS", length: rowsNeeded + 200 - sheet.rowCount } });
      if (sheet.columnCount < keys.length) requests.push({ appendDimension: { sheetId, dimension: "COLUMNS", length: keys.length - sheet.columnCount } });
      requests.push({
        updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: headerRow } }, fields: "gridProperties.frozenRowCount" },
      });
    }
    keys.forEach((key, col) => {
      const type = spec.columns[key]!.type;
      if (type !== "date" && type !== "datetime") return;
      requests.push(dateFormatRequest(sheetId, type, col, headerRow));
    });
    if (protect && !isProtected(sheet?.protectedRanges, undefined)) {
      requests.push({
        addProtectedRange: {
          protectedRange: { range: { sheetId }, description: "DutyBoard：此表授予角色，仅组织部管理员可编辑", warningOnly: false },
        },
      });
    }
    const values: (WireValue | null)[][] = [
      ...titleRows.map((t) => [t]),
      keys.map((k) => spec.columns[k]!.header),
      ...rows.map((row) => keys.map((k) => (row[k] === undefined ? null : wireFromInput(row[k]!, timeZone)))),
    ];
    data.push({ range: `${quoteSheet(title)}!A1`, majorDimension: "ROWS", values });
  });
  // The empty "Sheet1" of a new spreadsheet goes once DutyBoard's tabs are there.
  if (targets.length > 0) for (const spare of emptySpares) requests.push({ deleteSheet: { sheetId: spare.sheetId } });
  return { requests, data };
}

/** A date (or date-time) number format on one column from a 0-based row down (to `endRow`, or the sheet's end). */
export function dateFormatRequest(sheetId: number, type: "date" | "datetime", column: number, startRow: number, endRow?: number): sheets_v4.Schema$Request {
  return {
    repeatCell: {
      range: { sheetId, startRowIndex: startRow, ...(endRow !== undefined && { endRowIndex: endRow }), startColumnIndex: column, endColumnIndex: column + 1 },
      cell: {
        userEnteredFormat: {
          numberFormat: type === "date" ? { type: "DATE", pattern: "yyyy-mm-dd" } : { type: "DATE_TIME", pattern: "yyyy-mm-dd hh:mm:ss" },
        },
      },
      fields: "userEnteredFormat.numberFormat",
    },
  };
}

import { createHash } from "node:crypto";
import type { sheets_v4 } from "@googleapis/sheets";
import { a1, isBlank, type CellValue, type RawRow, type RawTab, type RawWorkbook } from "../../schema/cells";
import type { Columns } from "../../schema/columns";
import { findHeaderRow, HEADER_SEARCH_ROWS, isHeaderMap, matchesTabTitle, type HeaderMap } from "../../schema/header";
import { TABS, type TabSpec } from "../../schema/tabs";
import { foldKey } from "../../schema/values";
import { isProtected, quoteSheet, rawRowsFromWire, usedAreaOf } from "../google-cells";
import { SheetsError } from "../google-errors";
import type { Metadata, SheetLayout, SheetMeta } from "./layout";
import { READ_OPTIONS, type GoogleRequests } from "./requests";

/** One tab as it is now, with its header found: what every write starts from. */
export type FoundTab = { ok: true; sheet: SheetMeta; rows: RawRow[]; header: HeaderMap };
export type TabRead = FoundTab | { ok: false; reason: "missing-tab" | "missing-header"; detail: string };

/** Every way Sheets reports a link on a cell: the cell's own, a link on its text, a smart chip's. */
const LINK_FIELDS =
  "sheets(properties(sheetId),data(startRow,startColumn,rowData(values(hyperlink,textFormatRuns(format(link(uri))),chipRuns(chip(richLinkProperties(uri)))))))";

/** A URL cell whose text is not a web address: it may be a link's label. */
function linkedText(cell: CellValue | undefined): boolean {
  if (cell === undefined || isBlank(cell)) return false;
  return !/^\s*https?:\/\/\S+\s*$/iu.test(String(cell));
}

/** The one link a cell holds; a cell with links to several places has none (as Sheets leaves `hyperlink` empty). */
function linkOf(cell: sheets_v4.Schema$CellData): string | undefined {
  if (cell.hyperlink) return cell.hyperlink;
  const uris = new Set<string>();
  for (const run of cell.textFormatRuns ?? []) if (run.format?.link?.uri) uris.add(run.format.link.uri);
  for (const run of cell.chipRuns ?? []) if (run.chip?.richLinkProperties?.uri) uris.add(run.chip.richLinkProperties.uri);
  return uris.size === 1 ? [...uris][0] : undefined;
}

/** The rows below the header whose ID cell holds `id` (compared as the schema folds IDs). */
export function rowsWithId(tab: FoundTab, idKey: string, id: string): RawRow[] {
  const col = tab.header.index[idKey];
  if (col === undefined) return [];
  const wanted = foldKey(id);
  return tab.rows.filter((r) => {
    if (r.row <= tab.header.row) return false;
    const v = r.cells[col];
    return v !== undefined && !isBlank(v) && foldKey(String(v)) === wanted;
  });
}

/**
 * Reading: the whole spreadsheet in one values.batchGet (plus, only when a URL
 * cell shows a label, one spreadsheets.get for its links), shared by
 * concurrent callers; and one tab at a time for the writes.
 *
 * changedAt: the Sheets API has no modified time (Drive's needs another scope),
 * so the reader hashes the values of every read and reports when this instance
 * first saw the current contents: the change happened no later than that.
 */
export class SheetReader {
  private inflight?: Promise<RawWorkbook>;
  private seen?: { hash: string; at: string };

  constructor(
    private readonly requests: GoogleRequests,
    private readonly layout: SheetLayout,
    private readonly url: string,
  ) {}

  /** Every tab in one values.batchGet; concurrent callers share it. */
  async readAll(): Promise<RawWorkbook> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<RawWorkbook> {
    let meta = await this.layout.metadata();
    let valueRanges: sheets_v4.Schema$ValueRange[];
    try {
      valueRanges = await this.batchGet(meta);
    } catch (error) {
      // A tab renamed or deleted since the metadata was read: learn the new list and read again.
      if (!(error instanceof SheetsError) || error.extra.status !== 400) throw error;
      meta = await this.layout.metadata(true);
      valueRanges = await this.batchGet(meta);
    }
    const readAt = new Date().toISOString();
    const tabs: RawTab[] = meta.sheets.map((sheet, i) => {
      const rows = rawRowsFromWire(valueRanges[i]?.values);
      return { title: sheet.title, gid: sheet.sheetId, rows, protected: isProtected(sheet.protectedRanges, usedAreaOf(rows)) };
    });
    await this.readLinks(tabs);
    const hash = createHash("sha256")
      .update(
        JSON.stringify(meta.sheets.map((s, i) => [s.title, valueRanges[i]?.values ?? [], tabs[i]?.rows.flatMap((r) => (r.links ? [r.row, r.links] : []))])),
      )
      .digest("base64url");
    if (this.seen?.hash !== hash) this.seen = { hash, at: readAt };
    return {
      source: "google",
      tabs,
      readAt,
      changedAt: this.seen.at,
      url: this.url,
      timeZone: this.layout.zoneOf(meta),
    };
  }

  /**
   * Hyperlinks in URL columns (佐证链接, 纪要链接): values carry a linked cell's
   * text only. Asked for only when some URL cell's text is not itself a web
   * address (a link on 现场照片, a =HYPERLINK label), then in one
   * spreadsheets.get over just those columns: a read costs at most two requests.
   */
  private async readLinks(tabs: RawTab[]): Promise<void> {
    const wanted: { tab: RawTab; column: number; firstRow: number; lastRow: number }[] = [];
    for (const tab of tabs) {
      const spec = (TABS as readonly TabSpec<Columns>[]).find((s) => matchesTabTitle(s, tab.title));
      if (!spec) continue;
      const urlKeys = Object.entries(spec.columns)
        .filter(([, c]) => c.type === "url")
        .map(([k]) => k);
      if (urlKeys.length === 0) continue;
      const header = findHeaderRow(spec, tab.rows);
      if (!isHeaderMap(header)) continue;
      for (const key of urlKeys) {
        const column = header.index[key];
        if (column === undefined) continue;
        const below = tab.rows.filter((r) => r.row > header.row);
        if (!below.some((r) => linkedText(r.cells[column]))) continue;
        wanted.push({ tab, column, firstRow: header.row + 1, lastRow: below.at(-1)?.row ?? header.row + 1 });
      }
    }
    if (wanted.length === 0) return;
    const spreadsheetId = this.requests.spreadsheetId;
    const ranges = wanted.map((w) => `${quoteSheet(w.tab.title)}!${a1(w.column, w.firstRow)}:${a1(w.column, w.lastRow)}`);
    const data = await this.requests.read("spreadsheets.get", (api, o) => api.spreadsheets.get({ spreadsheetId, ranges, fields: LINK_FIELDS }, o));
    const byGid = new Map(tabs.map((t) => [t.gid, t]));
    for (const sheet of data.sheets ?? []) {
      const tab = byGid.get(sheet.properties?.sheetId ?? undefined);
      if (!tab) continue;
      const rows = new Map(tab.rows.map((r) => [r.row, r]));
      for (const grid of sheet.data ?? []) {
        (grid.rowData ?? []).forEach((rowData, i) => {
          (rowData.values ?? []).forEach((cell, j) => {
            const target = linkOf(cell);
            const row = rows.get((grid.startRow ?? 0) + i + 1);
            if (target === undefined || !row) return;
            (row.links ??= {})[(grid.startColumn ?? 0) + j] = target;
          });
        });
      }
    }
  }

  private async batchGet(meta: Metadata): Promise<sheets_v4.Schema$ValueRange[]> {
    if (meta.sheets.length === 0) return [];
    const spreadsheetId = this.requests.spreadsheetId;
    const ranges = meta.sheets.map((s) => quoteSheet(s.title));
    const data = await this.requests.read("spreadsheets.values.batchGet", (api, o) =>
      api.spreadsheets.values.batchGet({ spreadsheetId, ranges, ...READ_OPTIONS }, o),
    );
    return data.valueRanges ?? [];
  }

  /** One tab as it is now, with its header found; `header` reads only the rows a header may be in. */
  async readTab<C extends Columns>(spec: TabSpec<C>, scope: "all" | "header"): Promise<TabRead> {
    const spreadsheetId = this.requests.spreadsheetId;
    for (let refreshed = false; ; refreshed = true) {
      const meta = await this.layout.metadata(refreshed);
      const sheet = meta.sheets.find((s) => matchesTabTitle(spec, s.title));
      if (!sheet) {
        if (!refreshed) continue;
        return { ok: false, reason: "missing-tab", detail: spec.title };
      }
      const range = scope === "header" ? `${quoteSheet(sheet.title)}!1:${HEADER_SEARCH_ROWS}` : quoteSheet(sheet.title);
      let values: unknown[][] | null | undefined;
      try {
        values = (await this.requests.read("spreadsheets.values.get", (api, o) => api.spreadsheets.values.get({ spreadsheetId, range, ...READ_OPTIONS }, o)))
          .values;
      } catch (error) {
        if (!refreshed && error instanceof SheetsError && error.extra.status === 400) continue;
        throw error;
      }
      const rows = rawRowsFromWire(values);
      const found = findHeaderRow(spec, rows);
      if (!isHeaderMap(found)) return { ok: false, reason: "missing-header", detail: `「${sheet.title}」缺少表头：${found.missing.join("、")}` };
      return { ok: true, sheet, rows, header: found };
    }
  }

  /** One row of a tab as it is now, from column A to `lastColumn` (0-based). */
  async readRow(title: string, row: number, lastColumn: number): Promise<unknown[]> {
    const spreadsheetId = this.requests.spreadsheetId;
    const range = `${quoteSheet(title)}!A${row}:${a1(lastColumn, row)}`;
    const data = await this.requests.read("spreadsheets.values.get", (api, o) => api.spreadsheets.values.get({ spreadsheetId, range, ...READ_OPTIONS }, o));
    return data.values?.[0] ?? [];
  }
}

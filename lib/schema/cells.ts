/**
 * What a backend hands over for one cell, already stripped of formatting:
 * formulas become their result, rich text its plain text. A `Date` carries the
 * wall-clock date and time in its UTC fields (the spreadsheet has no time zone
 * of its own for a date cell).
 */
export type CellValue = string | number | boolean | Date | null;

/** A sheet row as read, with its 1-based row number in the sheet. */
export interface RawRow {
  row: number;
  cells: CellValue[];
  /**
   * Hyperlinks on cells, by 0-based column: the link's target, the cell's text
   * staying in `cells` as its label. Only rows with a link carry this.
   */
  links?: Record<number, string>;
}

export interface RawTab {
  /** The tab's title as it appears in the spreadsheet. */
  title: string;
  /** Google's sheetId, used to link to a cell. */
  gid?: number;
  /** Non-empty rows only, in sheet order. */
  rows: RawRow[];
  /** True when the tab forbids edits by ordinary editors (protected sheet / range). */
  protected?: boolean;
  /**
   * Why the tab could not be read, naming the part (a worksheet the reader cannot
   * make sense of): its rows are then empty and the tab is reported, never taken as empty.
   */
  unreadable?: string;
}

/** Every tab of the spreadsheet, read at one moment. Plain data, so it can be cached. */
export interface RawWorkbook {
  source: "xlsx" | "google";
  tabs: RawTab[];
  /** ISO time the data was read. */
  readAt: string;
  /** ISO time the spreadsheet last changed, when the backend knows it. */
  changedAt?: string;
  /** Base URL of the spreadsheet for cell links (Google only). */
  url?: string;
  /** The spreadsheet's IANA time zone (Google only). */
  timeZone?: string;
}

/** Column letters for a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function a1(columnIndex: number, row: number): string {
  return `${columnLetter(columnIndex)}${row}`;
}

export function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

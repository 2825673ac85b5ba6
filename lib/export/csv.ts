import type { ExportTable, ExportValue } from "./table";

/** Excel and WPS read a CSV as UTF-8 only when it starts with this byte order mark. */
export const BOM = "\uFEFF";

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR,
 * that some spreadsheets strip before doing so). OWASP "CSV Injection".
 */
const FORMULA_START = /^[=+\-@\t\r]/u;
const NEEDS_QUOTES = /[",\r\n]/u;

/**
 * One CSV field. Text that would start a formula gets a leading single quote, so
 * `=1+1` arrives as the text `'=1+1` rather than as 2; numbers are written as numbers
 * (a negative number is a value, not a formula).
 */
export function csvField(value: ExportValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a UTF-8 byte order mark and CRLF line ends: a header row, then one line per row. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((row) => table.columns.map((_, i) => csvField(row[i])))];
  return `${BOM + lines.map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}

import type ExcelJS from "exceljs";
import type { CellValue } from "../schema/cells";
import { wallClockOf } from "../clock";
import type { CellInput } from "./store";

/**
 * The wall-clock time a date or date-time input puts in a cell ("YYYY-MM-DDTHH:mm:ss"):
 * an instant as read in `timeZone`, a wall-clock time as it is. Both writers (exceljs
 * here, the zip patcher) store exactly this, whatever the server's TZ.
 */
export function cellWallClock(input: { date: string } | { dateTime: string }, timeZone: string): string {
  if ("date" in input) return `${input.date}T00:00:00`;
  const wall = wallClockOf(input.dateTime, timeZone);
  if (!wall) throw new Error(`无效的时间：${input.dateTime}`);
  return wall;
}

/**
 * One exceljs cell as a plain value: formulas give their cached result, rich
 * text its text, hyperlinks their text, errors their code. A number shown as a
 * percentage becomes "60%" so the schema sees what the person typed.
 */
export function readCell(value: ExcelJS.CellValue, numFmt: string | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    return numFmt?.includes("%") ? `${Math.round(value * 1e6) / 1e4}%` : value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return null;
      if (typeof result === "object" && result && "error" in result) return String((result as { error: string }).error);
      return readCell(result as ExcelJS.CellValue, numFmt);
    }
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      return typeof text === "string"
        ? text
        : typeof text === "object" && text && "richText" in text
          ? (text as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("")
          : value.hyperlink;
    }
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

/** What the app writes into a cell: literal values only, so nothing typed becomes a formula. */
export function writeCell(cell: ExcelJS.Cell, input: CellInput, timeZone: string): void {
  if (input === null) {
    cell.value = null;
  } else if (typeof input === "object" && "date" in input) {
    const [y, m, d] = input.date.split("-").map(Number) as [number, number, number];
    cell.value = new Date(Date.UTC(y, m - 1, d));
    cell.numFmt = "yyyy-mm-dd";
  } else if (typeof input === "object" && "dateTime" in input) {
    // The workbook has no zone of its own: store the wall-clock time staff would read
    // (an instant in `timeZone`; a wall-clock time as it is), whatever the server's TZ.
    cell.value = new Date(`${cellWallClock(input, timeZone)}Z`);
    cell.numFmt = "yyyy-mm-dd hh:mm:ss";
  } else {
    // exceljs stores a string as a string even when it starts with "=": only { formula } makes a formula.
    cell.value = typeof input === "string" ? xmlSafe(input) : input;
  }
}

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR,
 * U+FFFE, U+FFFF, lone surrogates) are dropped: written as they are, they leave
 * a workbook that exceljs refuses to open again, and with it every later write.
 * Forms refuse them with a message; this is the last guard.
 */
export function xmlSafe(text: string): string {
  // Without the u flag: with it, a class cannot match half of a surrogate pair.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

import ExcelJS from "exceljs";
import type { ExportTable, ExportValue } from "./table";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
/** Excel forbids these in sheet names and caps them at 31 characters. */
const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/gu;

function sheetName(name: string): string {
  return name.replace(SHEET_NAME_FORBIDDEN, "_").slice(0, 31) || "Sheet1";
}

/** A date column's ISO string becomes a real date cell (UTC midnight is a whole Excel serial). */
function cellValue(value: ExportValue, type: string | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (type === "date" && typeof value === "string") {
    const m = ISO_DATE.exec(value);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return value;
}

/** Display width of text: CJK characters take two columns. */
function textWidth(value: unknown): number {
  let w = 0;
  for (const ch of String(value ?? "")) w += /[\u2e80-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * One sheet holding the table. Every cell is a literal value — text stays text even
 * when it looks like a formula, since exceljs writes strings as strings, never as formulas.
 */
export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  // Printed as people print a list: landscape, every column on one page width (as many pages
  // down as needed), the header row repeated on each page.
  const ws = wb.addWorksheet(sheetName(table.name), {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" },
  });
  ws.columns = table.columns.map((c, i) => {
    const widest = Math.max(textWidth(c.header), ...table.rows.slice(0, 500).map((r) => textWidth(r[i])));
    return {
      header: c.header,
      width: Math.min(60, Math.max(8, widest + 2)),
      ...(c.type === "date" && { style: { numFmt: "yyyy-mm-dd" } }),
    };
  });
  ws.getRow(1).font = { bold: true };
  for (const row of table.rows) ws.addRow(table.columns.map((c, i) => cellValue(row[i], c.type)));
  if (table.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

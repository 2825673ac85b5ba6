import ExcelJS from "exceljs";
import { workbookFile } from "./workbook";

export type SheetRow = Record<string, string>;

/** A cell as text: dates as YYYY-MM-DD (exceljs gives UTC midnights), hyperlinks by their text. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object" && "text" in value) return String(value.text);
  if (typeof value === "object" && "result" in value) return String(value.result ?? "");
  return String(value).trim();
}

/**
 * The served workbook's rows of some tabs by their Chinese headers, read with exceljs —
 * not with the app's parser — so a test computes its expectations on its own.
 */
export async function sheetRows(...sheets: string[]): Promise<Record<string, SheetRow[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const out: Record<string, SheetRow[]> = {};
  for (const name of sheets) {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    let headerRow = 0;
    const headers = new Map<number, string>();
    for (let r = 1; r <= 10 && headerRow === 0; r++) {
      ws.getRow(r).eachCell((cell, c) => headers.set(c, text(cell.value)));
      if (headers.size >= 2) headerRow = r;
      else headers.clear();
    }
    const rows: SheetRow[] = [];
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row: SheetRow = {};
      for (const [c, h] of headers) row[h] = text(ws.getRow(r).getCell(c).value);
      if (Object.values(row).some((v) => v !== "")) rows.push(row);
    }
    out[name] = rows;
  }
  return out;
}

import ExcelJS from "exceljs";
import { copyFile, rename } from "node:fs/promises";
import { workerInstance } from "./instances";

/** The workbook this worker's app instance reads (its own copy: instances.ts). */
export const workbookFile = workerInstance().dataFile;

/**
 * Edits one cell of the served workbook on disk, as a person saving from an
 * office suite would, and returns a function that puts the original back.
 */
export async function editCellOnDisk(sheet: string, address: string, value: ExcelJS.CellValue): Promise<() => Promise<void>> {
  const backup = `${workbookFile}.before-test`;
  await copyFile(workbookFile, backup);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  ws.getCell(address).value = value;
  const tmp = `${workbookFile}.tmp`;
  await wb.xlsx.writeFile(tmp);
  await rename(tmp, workbookFile);
  return async () => {
    await rename(backup, workbookFile);
  };
}

/** Finds the header row and a column's letter in a sheet, as the app would. */
export async function cellOf(sheet: string, header: string, dataRowOffset = 1): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  for (let r = 1; r <= 10; r++) {
    const row = ws.getRow(r);
    let col = 0;
    row.eachCell((cell, c) => {
      if (String(cell.value).trim() === header) col = c;
    });
    if (col > 0) return `${ws.getColumn(col).letter}${r + dataRowOffset}`;
  }
  throw new Error(`no header ${header} in ${sheet}`);
}

export { copyFile };

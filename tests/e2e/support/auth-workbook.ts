import ExcelJS from "exceljs";
import { copyFile, rename, rm } from "node:fs/promises";
import { workbookFile } from "./workbook";

/** The header row (1-based) and each header's column letter, found as the app would. */
function headerOf(ws: ExcelJS.Worksheet): { row: number; columns: Map<string, string> } {
  for (let r = 1; r <= 10; r++) {
    const columns = new Map<string, string>();
    ws.getRow(r).eachCell((cell, c) => columns.set(String(cell.value ?? "").trim(), ws.getColumn(c).letter));
    if (columns.size >= 2) return { row: r, columns };
  }
  throw new Error(`no header row in ${ws.name}`);
}

/** The address of `header` in the first row of `sheet` whose `matchHeader` column is `value`. */
export async function cellWhere(sheet: string, matchHeader: string, value: string, header: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const { row, columns } = headerOf(ws);
  const match = columns.get(matchHeader);
  const target = columns.get(header);
  if (!match || !target) throw new Error(`no ${matchHeader} or ${header} in ${sheet}`);
  for (let r = row + 1; r <= ws.rowCount; r++) {
    if (String(ws.getCell(`${match}${r}`).value ?? "").trim() === value) return `${target}${r}`;
  }
  throw new Error(`no row with ${matchHeader} = ${value} in ${sheet}`);
}

/**
 * Edits cells of the served workbook on disk in one save, as a person would
 * in an office suite, and returns a function that puts the original back.
 */
export async function editCellsOnDisk(sheet: string, edits: Record<string, ExcelJS.CellValue>): Promise<() => Promise<void>> {
  const backup = `${workbookFile}.auth-test-backup`;
  await copyFile(workbookFile, backup);
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbookFile);
    const ws = wb.getWorksheet(sheet);
    if (!ws) throw new Error(`no sheet ${sheet}`);
    for (const [address, value] of Object.entries(edits)) ws.getCell(address).value = value;
    const tmp = `${workbookFile}.auth-test-tmp`;
    await wb.xlsx.writeFile(tmp);
    await rename(tmp, workbookFile);
  } catch (e) {
    await rm(backup, { force: true });
    throw e;
  }
  return async () => {
    await rename(backup, workbookFile);
  };
}

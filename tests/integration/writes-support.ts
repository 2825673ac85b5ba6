/**
 * Shared by the write-layer and soak tests: a seeded workbook, the write
 * layer's dependencies pointed at a given store, and ways to look at cells as
 * they are stored.
 */
import ExcelJS from "exceljs";
import path from "node:path";
import type { WriteDeps } from "@/lib/data/writes";
import type { CellValue } from "@/lib/schema/cells";
import type { Columns } from "@/lib/schema/columns";
import { findHeaderRow, isHeaderMap } from "@/lib/schema/header";
import type { TabSpec } from "@/lib/schema/tabs";
import { parseWorkbook, type Dataset } from "@/lib/schema/workbook";
import type { SheetStore, TabContent } from "@/lib/sheets/store";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { generateSampleData } from "@/seeds/generate";

export const TODAY = "2026-11-20";

let sample: TabContent[] | undefined;

export function sampleData(): TabContent[] {
  sample ??= generateSampleData({ year: 2026, today: TODAY });
  return sample;
}

export async function seededWorkbook(dir: string, name: string, backups = 0): Promise<{ file: string; store: XlsxStore }> {
  const file = path.join(dir, name);
  const store = new XlsxStore(file, { backups });
  await store.create(sampleData());
  return { file, store };
}

export function depsFor(store: SheetStore, overrides: Partial<WriteDeps> = {}): WriteDeps {
  return { store, now: () => new Date(), afterWrite: async () => {}, auditWaitMs: 300, ...overrides };
}

export async function datasetOf(store: SheetStore): Promise<Dataset> {
  return parseWorkbook(await store.readAll());
}

/** Every row of a tab as read, keyed by column, in sheet order (raw cell values). */
export async function rowsOf(store: SheetStore, spec: TabSpec<Columns>): Promise<{ row: number; cells: Record<string, CellValue> }[]> {
  const raw = await store.readAll();
  const tab = raw.tabs.find((t) => t.title === spec.title);
  if (!tab) throw new Error(`no tab ${spec.title}`);
  const header = findHeaderRow(spec, tab.rows);
  if (!isHeaderMap(header)) throw new Error(`no header in ${spec.title}`);
  return tab.rows
    .filter((r) => r.row > header.row)
    .map((r) => ({ row: r.row, cells: Object.fromEntries(Object.entries(header.index).map(([k, i]) => [k, r.cells[i] ?? null])) }));
}

/** The exceljs value of one cell as stored in the file: a formula would show as { formula }. */
export async function storedCell(
  file: string,
  sheet: string,
  spec: TabSpec<Columns>,
  id: string,
  key: string,
): Promise<{ value: ExcelJS.CellValue; numFmt: string | undefined }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  let header = 0;
  const cols: Record<string, number> = {};
  for (let r = 1; r <= 10 && header === 0; r++) {
    ws.getRow(r).eachCell((cell, c) => {
      for (const [k, column] of Object.entries(spec.columns)) if (String(cell.value).trim() === column.header) cols[k] = c;
    });
    if (cols[spec.idColumn]) header = r;
  }
  for (let r = header + 1; r <= ws.rowCount; r++) {
    if (String(ws.getRow(r).getCell(cols[spec.idColumn]!).value ?? "") === id) {
      const cell = ws.getRow(r).getCell(cols[key]!);
      return { value: cell.value, numFmt: cell.numFmt };
    }
  }
  throw new Error(`no row ${id} in ${sheet}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

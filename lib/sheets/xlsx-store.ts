import ExcelJS from "exceljs";
import { existsSync, renameSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { isBlank, type CellValue, type RawRow, type RawTab, type RawWorkbook } from "../schema/cells";
import type { Columns } from "../schema/columns";
import { findHeaderRow, isHeaderMap, matchesTabTitle, HEADER_SEARCH_ROWS, type HeaderMap } from "../schema/header";
import type { TabSpec } from "../schema/tabs";
import { foldKey, normalise } from "../schema/values";
import { officeLockHolder, withFileLock } from "./file-lock";
import type { AppendResult, AssignIdsResult, CellInput, LogAlong, RowInput, SheetStore, TabContent, UpdateResult } from "./store";
import { findConflict } from "./compare";
import { currentValue, readCell, writeCell } from "./xlsx-cells";
import { readWorkbookFast } from "./xlsx-fast-reader";

export interface XlsxStoreOptions {
  /** How many earlier versions of the workbook to keep beside it. */
  backups?: number;
  /** The zone app-written times are shown in; the workbook has none of its own. */
  timeZone?: string;
}

function rawTabOf(ws: ExcelJS.Worksheet): RawTab {
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      cells[colNumber - 1] = readCell(cell.value, cell.numFmt);
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    if (cells.some((c) => !isBlank(c))) rows.push({ row: rowNumber, cells });
  });
  // exceljs reads <sheetProtection> into this field but leaves it out of its types.
  const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection;
  // LibreOffice writes sheet="true", which exceljs reads as {} rather than { sheet: true }.
  return { title: ws.name, rows, protected: Boolean(protection) };
}

/** The whole-file loader: every tab through an exceljs Workbook, the reference the faster readers are held to. */
export async function readWorkbookWhole(file: string): Promise<RawTab[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map(rawTabOf);
}

function headerOf<C extends Columns>(ws: ExcelJS.Worksheet, spec: TabSpec<C>): HeaderMap | undefined {
  const rows: RawRow[] = [];
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    const row = ws.getRow(r);
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => (cells[col - 1] = readCell(cell.value, cell.numFmt)));
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows.push({ row: r, cells });
  }
  const found = findHeaderRow(spec, rows);
  return isHeaderMap(found) ? found : undefined;
}

function worksheetOf<C extends Columns>(wb: ExcelJS.Workbook, spec: TabSpec<C>): ExcelJS.Worksheet | undefined {
  return wb.worksheets.find((ws) => matchesTabTitle(spec, ws.name));
}

/** Rows whose ID cell holds `id`, compared as staff would (width and spaces ignored). */
function rowsWithId(ws: ExcelJS.Worksheet, header: HeaderMap, idKey: string, id: string): number[] {
  const col = header.index[idKey];
  if (col === undefined) return [];
  const wanted = foldKey(id);
  const hits: number[] = [];
  for (let r = header.row + 1; r <= ws.rowCount; r++) {
    const v = readCell(ws.getRow(r).getCell(col + 1).value, undefined);
    if (!isBlank(v) && foldKey(String(v)) === wanted) hits.push(r);
  }
  return hits;
}

function lastUsedRow(ws: ExcelJS.Worksheet): number {
  for (let r = ws.rowCount; r >= 1; r--) {
    const row = ws.getRow(r);
    let used = false;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!isBlank(readCell(cell.value, cell.numFmt))) used = true;
    });
    if (used) return r;
  }
  return 0;
}

/**
 * Progress 70 written into a cell staff formatted as a percentage must be
 * stored as 0.7, or it would read back as 7000%.
 */
function asShownInCell(spec: TabSpec<Columns>, key: string, cell: ExcelJS.Cell, value: CellInput): CellInput {
  const column = spec.columns[key];
  const percentColumn = column?.type === "number" && column.percent;
  return percentColumn && typeof value === "number" && cell.numFmt?.includes("%") ? value / 100 : value;
}

/** Whether an office suite's lock file (see officeLockHolder) is beside the workbook this instant. */
function officeLockExistsNow(file: string): boolean {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return [`.~lock.${base}#`, `~$${base}`, `~$${base.slice(2)}`].some((name) => existsSync(path.join(dir, name)));
}

function checkKeys<C extends Columns>(spec: TabSpec<C>, row: RowInput) {
  for (const key of Object.keys(row)) {
    if (!(key in spec.columns)) throw new Error(`「${spec.title}」没有列 ${key}`);
  }
}

/** The local workbook on disk, edited by staff in WPS, Excel or LibreOffice between our reads. */
export class XlsxStore implements SheetStore {
  readonly kind = "xlsx" as const;
  private cached?: { version: string; raw: RawWorkbook };
  private readonly timeZone: string;
  private inflight?: { version: string; promise: Promise<RawWorkbook> };

  constructor(
    readonly file: string,
    private readonly options: XlsxStoreOptions = {},
  ) {
    this.timeZone = options.timeZone ?? "Asia/Shanghai";
  }

  async version(): Promise<string | undefined> {
    try {
      const s = await stat(this.file);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return undefined;
    }
  }

  /** Re-reads the file only when it changed on disk; concurrent callers share one read. */
  async readAll(): Promise<RawWorkbook> {
    const version = await this.version();
    if (version === undefined) throw new Error(`找不到工作簿文件：${this.file}（可运行 npm run seed 生成示例数据）`);
    if (this.cached?.version === version) return this.cached.raw;
    if (this.inflight?.version === version) return this.inflight.promise;
    const promise = this.load(version);
    this.inflight = { version, promise };
    try {
      const raw = await promise;
      this.cached = { version, raw };
      return raw;
    } finally {
      if (this.inflight?.promise === promise) this.inflight = undefined;
    }
  }

  private async load(version: string): Promise<RawWorkbook> {
    // The same RawTabs as readWorkbookWhole, in a fraction of the time and memory (tests/integration/xlsx-fast-reader.test.ts).
    const tabs = await readWorkbookFast(this.file);
    const mtime = Number(version.split(":")[0]);
    return {
      source: "xlsx",
      tabs,
      readAt: new Date().toISOString(),
      changedAt: new Date(mtime).toISOString(),
    };
  }

  async append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    return this.modify<AppendResult>(async (wb) => {
      const result = this.appendTo(wb, spec, rows);
      return result.ok && log ? { ...result, logged: this.appendTo(wb, log.spec, log.rows(result)).ok } : result;
    });
  }

  /** Appends rows to a tab of an open workbook, skipping an ID already there. */
  private appendTo(wb: ExcelJS.Workbook, spec: TabSpec<Columns>, rows: RowInput[]): AppendResult {
    rows.forEach((r) => checkKeys(spec, r));
    const ws = worksheetOf(wb, spec);
    if (!ws) return { ok: false, reason: "missing-tab", detail: spec.title };
    const header = headerOf(ws, spec);
    if (!header) return { ok: false, reason: "missing-header", detail: spec.title };
    const written: number[] = [];
    let next = Math.max(lastUsedRow(ws), header.row) + 1;
    for (const row of rows) {
      // A retried append whose row already landed must not land twice.
      const id = row[spec.idColumn];
      const existing = typeof id === "string" && id !== "" ? rowsWithId(ws, header, spec.idColumn, id) : [];
      if (existing[0] !== undefined) {
        written.push(existing[0]);
        continue;
      }
      const target = ws.getRow(next);
      for (const [key, value] of Object.entries(row)) {
        const col = header.index[key];
        if (col !== undefined) {
          const cell = target.getCell(col + 1);
          writeCell(cell, asShownInCell(spec, key, cell, value), this.timeZone);
        }
      }
      target.commit();
      written.push(next);
      next++;
    }
    return { ok: true, rows: written };
  }

  async updateById(
    spec: TabSpec<Columns>,
    id: string,
    changes: RowInput,
    expected?: Record<string, CellValue>,
    log?: LogAlong<Extract<UpdateResult, { ok: true }>>,
  ): Promise<UpdateResult> {
    checkKeys(spec, changes);
    return this.modify<UpdateResult>(async (wb) => {
      const ws = worksheetOf(wb, spec);
      if (!ws) return { ok: false, reason: "missing-tab", detail: spec.title };
      const header = headerOf(ws, spec);
      if (!header) return { ok: false, reason: "missing-header", detail: spec.title };
      const hits = rowsWithId(ws, header, spec.idColumn, id);
      if (hits.length === 0) return { ok: false, reason: "not-found", detail: id };
      if (hits.length > 1) return { ok: false, reason: "duplicate-id", detail: `${id}: ${hits.join(", ")}` };
      const rowNumber = hits[0]!;
      const row = ws.getRow(rowNumber);
      const valueOf = (key: string): CellValue => {
        const col = header.index[key];
        return col === undefined ? null : currentValue(row.getCell(col + 1));
      };

      const current = expected && findConflict(spec, expected, valueOf);
      if (current) return { ok: false, reason: "conflict", current };

      const before: Record<string, CellValue> = {};
      const after: Record<string, CellValue> = {};
      for (const [key, value] of Object.entries(changes)) {
        const col = header.index[key];
        if (col === undefined) continue; // the sheet has no such column: nothing to write there
        const cell = row.getCell(col + 1);
        before[key] = currentValue(cell);
        writeCell(cell, asShownInCell(spec, key, cell, value), this.timeZone);
        after[key] = currentValue(cell);
      }
      row.commit();
      const result = { ok: true as const, row: rowNumber, before, after };
      // The log row goes into the same save: the change and its record land together or not at all.
      return log ? { ...result, logged: this.appendTo(wb, log.spec, log.rows(result)).ok } : result;
    });
  }

  async assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult> {
    return this.modify<AssignIdsResult>(async (wb) => {
      const ws = worksheetOf(wb, spec);
      if (!ws) return { ok: false, reason: "missing-tab", detail: spec.title };
      const header = headerOf(ws, spec);
      const idCol = header?.index[spec.idColumn];
      if (!header || idCol === undefined) return { ok: false, reason: "missing-header", detail: spec.title };
      const columns = Object.values(header.index);
      const assigned: { row: number; id: string }[] = [];
      // Positions come from this read, made under the lock: nobody else's save lands before ours.
      for (let r = header.row + 1; r <= ws.rowCount; r++) {
        const row = ws.getRow(r);
        if (!isBlank(currentValue(row.getCell(idCol + 1)))) continue;
        if (columns.every((c) => isBlank(currentValue(row.getCell(c + 1))))) continue; // a blank row, as the schema skips it
        const id = newId();
        writeCell(row.getCell(idCol + 1), id, this.timeZone);
        row.commit();
        assigned.push({ row: r, id });
      }
      const result = { ok: true as const, assigned };
      return log ? { ...result, logged: this.appendTo(wb, log.spec, log.rows(result)).ok } : result;
    });
  }

  /**
   * Read, change and save under the cross-process lock; refused while an office
   * suite holds the file open. The new file is written beside the old one and
   * renamed over it, so a reader never sees half a workbook.
   */
  private async modify<R extends { ok: boolean }>(change: (wb: ExcelJS.Workbook) => Promise<R>): Promise<R | { ok: false; reason: "locked"; detail: string }> {
    return withFileLock(this.file, async () => {
      const holder = await officeLockHolder(this.file);
      if (holder) return { ok: false as const, reason: "locked" as const, detail: holder };
      for (let attempt = 0; ; attempt++) {
        const before = await this.version();
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(this.file);
        const result = await change(wb);
        if (!result.ok) return result;
        // Someone saved the file while we worked: start again from their version.
        if ((await this.version()) !== before && attempt < 3) continue;
        const openedBy = await this.replaceFile(wb);
        if (openedBy) return { ok: false as const, reason: "locked" as const, detail: openedBy };
        return result;
      }
    });
  }

  /** Returns the office suite's lock holder instead of replacing the file when one opened it meanwhile. */
  private async replaceFile(wb: ExcelJS.Workbook): Promise<string | undefined> {
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await wb.xlsx.writeFile(tmp);
    await this.backup();
    // Opened in an office suite while we worked: its next save would silently undo ours. Checked last,
    // and the final look and the rename are synchronous, back to back: no other work can run between them.
    const holder = await officeLockHolder(this.file);
    if (holder || officeLockExistsNow(this.file)) {
      await rm(tmp, { force: true });
      return holder ?? (await officeLockHolder(this.file)) ?? "Office";
    }
    renameSync(tmp, this.file);
    return undefined;
  }

  private async backup() {
    const keep = this.options.backups ?? 10;
    if (keep <= 0) return;
    const dir = path.join(path.dirname(this.file), ".backups");
    await mkdir(dir, { recursive: true });
    const base = path.basename(this.file, ".xlsx");
    const stamp = new Date().toISOString().replace(/[:.]/gu, "-");
    await copyFile(this.file, path.join(dir, `${base}.${stamp}.xlsx`));
    const old = (await readdir(dir)).filter((f) => f.startsWith(`${base}.`) && f.endsWith(".xlsx")).sort();
    await Promise.all(old.slice(0, Math.max(0, old.length - keep)).map((f) => rm(path.join(dir, f), { force: true })));
  }

  async create(tabs: TabContent[], opts: { force?: boolean } = {}): Promise<void> {
    if (!opts.force && (await this.version()) !== undefined) {
      throw new Error(`工作簿已存在：${this.file}。如需覆盖请加 --force。`);
    }
    await mkdir(path.dirname(this.file), { recursive: true });
    const wb = await buildWorkbook(tabs, this.timeZone);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await wb.xlsx.writeFile(tmp);
    await rename(tmp, this.file);
  }
}

/** A fresh workbook: title rows, a bold header of Chinese column names, then the rows. */
export async function buildWorkbook(tabs: TabContent[], timeZone: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "DutyBoard";
  for (const { spec, titleRows = [], rows, protect } of tabs) {
    const ws = wb.addWorksheet(spec.title);
    const keys = Object.keys(spec.columns);
    titleRows.forEach((t) => {
      const r = ws.addRow([t]);
      r.font = { bold: true, size: 14 };
    });
    const headerRow = ws.addRow(keys.map((k) => spec.columns[k]!.header));
    headerRow.font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: headerRow.number }];
    for (const row of rows) {
      const target = ws.getRow(ws.rowCount + 1);
      keys.forEach((k, i) => {
        const v: CellInput | undefined = row[k];
        if (v !== undefined) writeCell(target.getCell(i + 1), v, timeZone);
      });
    }
    ws.columns.forEach((c, i) => {
      const header = spec.columns[keys[i] ?? ""]?.header ?? "";
      c.width = Math.max(10, Math.min(40, normalise(header).length * 2 + 4));
    });
    // Sheet protection without a password: a deliberate step in the office suite to lift, not a secret.
    if (protect) await ws.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, sort: false });
  }
  return wb;
}

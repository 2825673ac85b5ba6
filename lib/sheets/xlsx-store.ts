import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { copyFile, mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { isBlank, type CellValue, type RawRow, type RawTab, type RawWorkbook } from "../schema/cells";
import type { Columns } from "../schema/columns";
import { findHeaderRow, isHeaderMap, matchesTabTitle, HEADER_SEARCH_ROWS, type HeaderMap } from "../schema/header";
import type { TabSpec } from "../schema/tabs";
import { foldKey, normalise } from "../schema/values";
import { officeLockExistsNow, officeLockHolder, removeDeadWritersTemps, withFileLock } from "./file-lock";
import type { AppendResult, AssignIdsResult, CellInput, LogAlong, RowInput, SheetStore, TabContent, UpdateResult } from "./store";
import { findConflict } from "./compare";
import { readCell, writeCell } from "./xlsx-cells";
import { PatchUnsupported, WorkbookPatch } from "./xlsx-patch";
import { readWorkbookFast } from "./xlsx-fast-reader";
import { type WorkbookContext as ReaderContext, readStyles } from "./xlsx-fast-reader/parts";
import { readSheet } from "./xlsx-fast-reader/worksheet";
import { XmlScanner } from "./xlsx-fast-reader/xml";
import { zipDirectory } from "./xlsx-fast-reader/zip";
import { diskKeyNow, diskKeyOf, readDiskSnapshot, writeDiskSnapshot } from "./snapshot-disk";
import { DutyError } from "../errors";

export interface XlsxStoreOptions {
  /** How many earlier versions of the workbook to keep beside it. */
  backups?: number;
  /** The zone app-written times are shown in; the workbook has none of its own. */
  timeZone?: string;
  /**
   * "patch" (the default) rewrites only the parts a write changes; "exceljs" is
   * the old whole-workbook path, kept as the reference the tests compare with.
   */
  writer?: "patch" | "exceljs";
  /** Tests only: runs after the new file is ready, just before the check that ends in the rename. */
  beforeReplace?: (file: string) => void | Promise<void>;
  /**
   * false: every write saved on its own, each waiting for the file lock by
   * itself (the path before group commit, kept for the benchmark). Default true.
   */
  groupCommit?: boolean;
  /**
   * Workbooks of at least this many bytes keep their parsed tabs on disk
   * beside them (snapshot-disk.ts), so a restart does not read them again;
   * false: never. Default 1 MB.
   */
  diskSnapshot?: number | false;
}

const DISK_SNAPSHOT_BYTES = 1 << 20;

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

/** One tab of a workbook open for a write, the same to the store whichever writer is behind it. */
interface TabEdit {
  readonly title: string;
  /** The last row number the sheet lists, blank formatted rows included (exceljs's rowCount). */
  readonly rowCount: number;
  /** The row's non-empty cells, 1-based columns. */
  cells(row: number): { col: number; raw: ExcelJS.CellValue; numFmt: string | undefined }[];
  cell(row: number, col: number): { raw: ExcelJS.CellValue; numFmt: string | undefined };
  /** Cell `col` of the listed rows from `from` to `to`. */
  column(col: number, from: number, to: number): { row: number; raw: ExcelJS.CellValue }[];
  set(row: number, col: number, input: CellInput): void;
}

/** A workbook open for a write, and every cell the write set with the value it should read back as. */
interface BookEdit {
  readonly titles: string[];
  tab(title: string): TabEdit | undefined;
  readonly written: { title: string; row: number; col: number; value: CellValue }[];
}

/** The old whole-workbook path: exceljs reads, changes and writes back every part it models. */
class ExcelBook implements BookEdit {
  readonly written: BookEdit["written"] = [];
  constructor(
    readonly wb: ExcelJS.Workbook,
    private readonly timeZone: string,
  ) {}
  get titles() {
    return this.wb.worksheets.map((ws) => ws.name);
  }
  tab(title: string): TabEdit | undefined {
    const ws = this.wb.worksheets.find((w) => w.name === title);
    if (!ws) return undefined;
    const timeZone = this.timeZone;
    return {
      title,
      get rowCount() {
        return ws.rowCount;
      },
      cells(r) {
        const out: { col: number; raw: ExcelJS.CellValue; numFmt: string | undefined }[] = [];
        ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => out.push({ col, raw: cell.value, numFmt: cell.numFmt }));
        return out;
      },
      cell(r, col) {
        const cell = ws.getRow(r).getCell(col);
        return { raw: cell.value, numFmt: cell.numFmt };
      },
      column(col, from, to) {
        const out: { row: number; raw: ExcelJS.CellValue }[] = [];
        for (let r = from; r <= to; r++) out.push({ row: r, raw: ws.getRow(r).getCell(col).value });
        return out;
      },
      set(r, col, input) {
        const row = ws.getRow(r);
        writeCell(row.getCell(col), input, timeZone);
        row.commit();
      },
    };
  }
}

/** The new path: only the worksheet parts a write changes are rewritten inside the zip (xlsx-patch.ts). */
class PatchedBook implements BookEdit {
  readonly written: BookEdit["written"] = [];
  constructor(readonly patch: WorkbookPatch) {}
  get titles() {
    return this.patch.titles;
  }
  tab(title: string): TabEdit | undefined {
    const sheet = this.patch.sheet(title);
    if (!sheet) return undefined;
    return {
      title,
      get rowCount() {
        return sheet.rowCount;
      },
      cells: (r) => sheet.cells(r).map(({ col, cell }) => ({ col, ...cell })),
      cell: (r, col) => sheet.cell(r, col),
      column: (col, from, to) => sheet.column(col, from, to).map(({ row, cell }) => ({ row, raw: cell.raw })),
      set: (r, col, input) => sheet.set(r, col, input),
    };
  }
}

function valueAt(tab: TabEdit, row: number, col: number): CellValue {
  const c = tab.cell(row, col);
  return readCell(c.raw, c.numFmt);
}

/** Sets one cell and notes what it must read back as. */
function setCell(book: BookEdit, tab: TabEdit, row: number, col: number, input: CellInput): CellValue {
  tab.set(row, col, input);
  const value = valueAt(tab, row, col);
  book.written.push({ title: tab.title, row, col, value });
  return value;
}

function rowValues(tab: TabEdit, r: number): CellValue[] {
  const cells: CellValue[] = [];
  for (const c of tab.cells(r)) cells[c.col - 1] = readCell(c.raw, c.numFmt);
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return cells;
}

function headerOf<C extends Columns>(tab: TabEdit, spec: TabSpec<C>): HeaderMap | undefined {
  const rows: RawRow[] = [];
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, tab.rowCount); r++) rows.push({ row: r, cells: rowValues(tab, r) });
  const found = findHeaderRow(spec, rows);
  return isHeaderMap(found) ? found : undefined;
}

function tabOf<C extends Columns>(book: BookEdit, spec: TabSpec<C>): TabEdit | undefined {
  const title = book.titles.find((t) => matchesTabTitle(spec, t));
  return title === undefined ? undefined : book.tab(title);
}

/** Rows whose ID cell holds `id`, compared as staff would (width and spaces ignored). */
function rowsWithId(tab: TabEdit, header: HeaderMap, idKey: string, id: string): number[] {
  const col = header.index[idKey];
  if (col === undefined) return [];
  const wanted = foldKey(id);
  const hits: number[] = [];
  for (const { row, raw } of tab.column(col + 1, header.row + 1, tab.rowCount)) {
    const v = readCell(raw, undefined);
    if (!isBlank(v) && foldKey(String(v)) === wanted) hits.push(row);
  }
  return hits;
}

function lastUsedRow(tab: TabEdit): number {
  for (let r = tab.rowCount; r >= 1; r--) {
    if (tab.cells(r).some((c) => !isBlank(readCell(c.raw, c.numFmt)))) return r;
  }
  return 0;
}

/**
 * Progress 70 written into a cell staff formatted as a percentage must be
 * stored as 0.7, or it would read back as 7000%.
 */
function asShownInCell(spec: TabSpec<Columns>, key: string, numFmt: string | undefined, value: CellInput): CellInput {
  const column = spec.columns[key];
  const percentColumn = column?.type === "number" && column.percent;
  return percentColumn && typeof value === "number" && numFmt?.includes("%") ? value / 100 : value;
}

function checkKeys<C extends Columns>(spec: TabSpec<C>, row: RowInput) {
  for (const key of Object.keys(row)) {
    if (!(key in spec.columns)) throw new DutyError("schema.unknown-column", { tab: spec.title, column: key });
  }
}

/** Appends rows to a tab of an open workbook, skipping an ID already there. */
function appendTo(book: BookEdit, spec: TabSpec<Columns>, rows: RowInput[]): AppendResult {
  rows.forEach((r) => checkKeys(spec, r));
  const tab = tabOf(book, spec);
  if (!tab) return { ok: false, reason: "missing-tab", detail: spec.title };
  const header = headerOf(tab, spec);
  if (!header) return { ok: false, reason: "missing-header", detail: spec.title };
  const written: number[] = [];
  const already: number[] = [];
  let next = Math.max(lastUsedRow(tab), header.row) + 1;
  for (const row of rows) {
    // A retried append whose row already landed must not land twice.
    const id = row[spec.idColumn];
    const existing = typeof id === "string" && id !== "" ? rowsWithId(tab, header, spec.idColumn, id) : [];
    if (existing[0] !== undefined) {
      written.push(existing[0]);
      already.push(existing[0]);
      continue;
    }
    for (const [key, value] of Object.entries(row)) {
      const col = header.index[key];
      if (col !== undefined) setCell(book, tab, next, col + 1, asShownInCell(spec, key, tab.cell(next, col + 1).numFmt, value));
    }
    written.push(next);
    next++;
  }
  return { ok: true, rows: written, ...(already.length > 0 && { existing: already }) };
}

function updateIn(book: BookEdit, spec: TabSpec<Columns>, id: string, changes: RowInput, expected?: Record<string, CellValue>): UpdateResult {
  const tab = tabOf(book, spec);
  if (!tab) return { ok: false, reason: "missing-tab", detail: spec.title };
  const header = headerOf(tab, spec);
  if (!header) return { ok: false, reason: "missing-header", detail: spec.title };
  const hits = rowsWithId(tab, header, spec.idColumn, id);
  if (hits.length === 0) return { ok: false, reason: "not-found", detail: id };
  if (hits.length > 1) return { ok: false, reason: "duplicate-id", detail: `${id}: ${hits.join(", ")}` };
  const rowNumber = hits[0]!;
  const valueOf = (key: string): CellValue => {
    const col = header.index[key];
    return col === undefined ? null : valueAt(tab, rowNumber, col + 1);
  };

  const current = expected && findConflict(spec, expected, valueOf);
  if (current) return { ok: false, reason: "conflict", current };

  const before: Record<string, CellValue> = {};
  const after: Record<string, CellValue> = {};
  for (const [key, value] of Object.entries(changes)) {
    const col = header.index[key];
    if (col === undefined) continue; // the sheet has no such column: nothing to write there
    before[key] = valueAt(tab, rowNumber, col + 1);
    after[key] = setCell(book, tab, rowNumber, col + 1, asShownInCell(spec, key, tab.cell(rowNumber, col + 1).numFmt, value));
  }
  return { ok: true, row: rowNumber, before, after };
}

function assignIn(book: BookEdit, spec: TabSpec<Columns>, newId: () => string): AssignIdsResult {
  const tab = tabOf(book, spec);
  if (!tab) return { ok: false, reason: "missing-tab", detail: spec.title };
  const header = headerOf(tab, spec);
  const idCol = header?.index[spec.idColumn];
  if (!header || idCol === undefined) return { ok: false, reason: "missing-header", detail: spec.title };
  const columns = Object.values(header.index);
  const assigned: { row: number; id: string }[] = [];
  // Positions come from this read, made under the lock: nobody else's save lands before ours.
  for (let r = header.row + 1; r <= tab.rowCount; r++) {
    if (!isBlank(valueAt(tab, r, idCol + 1))) continue;
    if (columns.every((c) => isBlank(valueAt(tab, r, c + 1)))) continue; // a blank row, as the schema skips it
    const id = newId();
    setCell(book, tab, r, idCol + 1, id);
    assigned.push({ row: r, id });
  }
  return { ok: true, assigned };
}

/** The file as a write read it: a later look that differs means someone else saved meanwhile. */
interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
  hash: string;
}

function identityOf(bytes: Buffer, info: { size: number; mtimeMs: number; ino: number }): FileIdentity {
  return { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, hash: createHash("sha1").update(bytes).digest("hex") };
}

/** The file's identity this instant, read synchronously (for the step that ends in the rename). */
function identityNow(file: string): FileIdentity | undefined {
  try {
    const info = statSync(file);
    return identityOf(readFileSync(file), info);
  } catch {
    return undefined;
  }
}

function sameIdentity(a: FileIdentity, b: FileIdentity | undefined): boolean {
  return b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.hash === b.hash;
}

function sameCell(a: CellValue, b: CellValue): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

type WriteResult = { ok: boolean };
type Change = (book: BookEdit) => WriteResult;
type LockedResult = { ok: false; reason: "locked"; detail: string };
interface Waiting {
  change: Change;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** A write of a group that failed in the writer or the read-back: the group's writes are then saved one by one. */
class GroupFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The cached read's tabs with the rewritten ones put in their place; undefined when the titles no longer match. */
function mergedTabs(before: RawTab[], rewritten: RawTab[]): RawTab[] | undefined {
  const byTitle = new Map(rewritten.map((t) => [t.title, t]));
  if (rewritten.some((t) => !before.some((b) => b.title === t.title))) return undefined;
  return before.map((t) => byTitle.get(t.title) ?? t);
}

type Written = BookEdit["written"][number];
/** Cells read back, by tab title, row and column: a value, or null for a cell absent or empty in the XML. */
type ReadCells = Map<string, Map<number, Map<number, CellValue>>>;

function verifyFailed(w: Written, read: CellValue): DutyError {
  return new DutyError("write.verify-failed", { tab: w.title, row: w.row, col: w.col, expected: String(w.value), read: String(read) });
}

function verifyCell(w: Written, read: CellValue) {
  if (!sameCell(read, w.value)) throw verifyFailed(w, read);
}

/**
 * The cells a zip patch set, read by the fast reader's worksheet reader from
 * the XML the save wrote for them; undefined when a tab's cells cannot be read
 * on their own (WorkbookPatch.cellsSheet).
 */
async function readWrittenCells(patch: WorkbookPatch, written: readonly Written[]): Promise<ReadCells | undefined> {
  const stylesXml = patch.stylesXml;
  const formats = stylesXml === undefined ? undefined : readStyles(new XmlScanner("xl/styles.xml", stylesXml));
  const context: ReaderContext = {
    date1904: patch.date1904,
    // The patcher writes no shared strings; a cell that names one is read as nothing, and fails the check.
    sharedString: () => null,
    format: (styleId) => formats?.get(styleId),
  };
  const out: ReadCells = new Map();
  for (const title of new Set(written.map((w) => w.title))) {
    const cells = written.filter((w) => w.title === title);
    const xml = patch.cellsSheet(title, cells);
    if (xml === undefined) return undefined;
    const content = await readSheet(new XmlScanner(title, xml), context);
    const byRow = new Map<number, Map<number, CellValue>>();
    for (const { row, col } of cells) {
      const slot = content.rows[row - 1]?.[col - 1];
      let cols = byRow.get(row);
      if (!cols) byRow.set(row, (cols = new Map()));
      // An absent cell, or one present with nothing in it (a symbol in the reader's slots): no value.
      cols.set(col, slot === undefined || typeof slot === "symbol" ? null : slot);
    }
    out.set(title, byRow);
  }
  return out;
}

/**
 * The cached read's tabs with these cells put in: what reading the rewritten
 * worksheets afresh gives (tests/integration/xlsx-patch.test.ts and
 * group-commit.test.ts compare the two), without reading them. The cached rows
 * are left as they were (a page may still hold them); a changed row is a copy.
 * Undefined when that cannot be known without a read: a tab missing from the
 * cache or unreadable there, a changed row carrying links, or a cleared cell
 * with no value after it in its row (a fresh read may then shorten the row by
 * more than that cell, or drop it).
 */
function tabsWithCells(before: RawTab[], read: ReadCells): RawTab[] | undefined {
  const tabs: RawTab[] = [];
  for (const [title, byRow] of read) {
    const tab = before.find((t) => t.title === title);
    if (!tab || tab.unreadable) return undefined;
    const rows = tab.rows.slice();
    for (const [r, cols] of [...byRow].sort((a, b) => a[0] - b[0])) {
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid]!.row < r) lo = mid + 1;
        else hi = mid;
      }
      const old = rows[lo]?.row === r ? rows[lo] : undefined;
      if (old?.links) return undefined;
      const cells = old ? old.cells.slice() : [];
      for (const [col, value] of cols) {
        while (cells.length < col - 1) cells.push(null);
        cells[col - 1] = value;
      }
      let lastValue = -1;
      for (let i = cells.length - 1; i >= 0; i--) {
        if (!isBlank(cells[i]!)) {
          lastValue = i;
          break;
        }
      }
      for (const [col, value] of cols) if (isBlank(value) && col - 1 > lastValue) return undefined;
      if (old) rows[lo] = { row: r, cells };
      else rows.splice(lo, 0, { row: r, cells });
    }
    tabs.push({ ...tab, rows });
  }
  return tabs;
}

/** How many times a write starts again when the file changed under it before it gives up as busy. */
const IDENTITY_RETRIES = 4;

/** The local workbook on disk, edited by staff in WPS, Excel or LibreOffice between our reads. */
export class XlsxStore implements SheetStore {
  readonly kind = "xlsx" as const;
  private cached?: { version: string; raw: RawWorkbook };
  private readonly timeZone: string;
  private inflight?: { version: string; promise: Promise<RawWorkbook> };
  /** Writes that arrived while a save was under way: the next save takes them all. */
  private readonly waiting: Waiting[] = [];
  private saving = false;

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
    if (version === undefined) throw new DutyError("workbook.missing", { file: this.file });
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
    // A restart, or another process, may have read this very version already and kept it on disk.
    const key = this.keepsOnDisk(Number(version.split(":")[1])) ? await diskKeyNow(this.file) : undefined;
    let tabs = key ? await readDiskSnapshot(this.file, key) : undefined;
    if (!tabs) {
      // The same RawTabs as readWorkbookWhole, in a fraction of the time and memory (tests/integration/xlsx-fast-reader.test.ts).
      tabs = await readWorkbookFast(this.file);
      if (key) this.keepOnDisk(key, tabs);
    }
    const mtime = Number(version.split(":")[0]);
    return {
      source: "xlsx",
      tabs,
      readAt: new Date().toISOString(),
      changedAt: new Date(mtime).toISOString(),
    };
  }

  private keepsOnDisk(size: number): boolean {
    const min = this.options.diskSnapshot ?? DISK_SNAPSHOT_BYTES;
    return min !== false && size >= min;
  }

  /** Written once the answer is on its way: the snapshot only spares a later restart its read. */
  private keepOnDisk(key: string, tabs: RawTab[]) {
    setImmediate(() => void writeDiskSnapshot(this.file, key, tabs));
  }

  async append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    return this.modify<AppendResult>((book) => {
      const result = appendTo(book, spec, rows);
      return result.ok && log ? { ...result, logged: appendTo(book, log.spec, log.rows(result)).ok } : result;
    });
  }

  async updateById(
    spec: TabSpec<Columns>,
    id: string,
    changes: RowInput,
    expected?: Record<string, CellValue>,
    log?: LogAlong<Extract<UpdateResult, { ok: true }>>,
  ): Promise<UpdateResult> {
    checkKeys(spec, changes);
    return this.modify<UpdateResult>((book) => {
      const result = updateIn(book, spec, id, changes, expected);
      // The log row goes into the same save: the change and its record land together or not at all.
      return result.ok && log ? { ...result, logged: appendTo(book, log.spec, log.rows(result)).ok } : result;
    });
  }

  async assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult> {
    return this.modify<AssignIdsResult>((book) => {
      const result = assignIn(book, spec, newId);
      return result.ok && log ? { ...result, logged: appendTo(book, log.spec, log.rows(result)).ok } : result;
    });
  }

  /**
   * The writes applied in turn to the workbook's bytes by the configured
   * writer: the zip patcher, or exceljs for a workbook the patcher cannot take
   * (zip64, an unusual worksheet layout) and when the exceljs path is asked
   * for. A write that is refused (a conflict, a missing tab) changes nothing in
   * the book, so the others' cells are saved without it.
   */
  private async applied(bytes: Buffer, changes: readonly Change[]): Promise<{ results: WriteResult[]; book: BookEdit; out?: Buffer }> {
    const applyAll = (book: BookEdit) => changes.map((change) => change(book));
    if (this.options.writer !== "exceljs") {
      try {
        const book = new PatchedBook(new WorkbookPatch(bytes, this.timeZone));
        const results = applyAll(book);
        return results.some((r) => r.ok) ? { results, book, out: book.patch.save() } : { results, book };
      } catch (e) {
        if (!(e instanceof PatchUnsupported)) throw e;
      }
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const book = new ExcelBook(wb, this.timeZone);
    const results = applyAll(book);
    return results.some((r) => r.ok) ? { results, book, out: Buffer.from(await wb.xlsx.writeBuffer()) } : { results, book };
  }

  /**
   * One write, saved with whatever other writes of this process arrive while
   * a save is under way (group commit): they wait for it to end and are then
   * applied together in the next save, each checked on its own cells and
   * answered with its own result. Across processes the file lock still
   * serialises the saves.
   */
  private modify<R extends { ok: boolean }>(change: (book: BookEdit) => R): Promise<R | LockedResult> {
    return new Promise((resolve, reject) => {
      const write: Waiting = { change, resolve: resolve as (r: WriteResult) => void, reject };
      // Without group commit each write waits for the file lock on its own, as before.
      if (this.options.groupCommit === false) return void this.saveGroup([write]);
      this.waiting.push(write);
      if (!this.saving) void this.drain();
    });
  }

  private async drain() {
    this.saving = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0);
        await this.saveGroup(group);
      }
    } finally {
      this.saving = false;
    }
  }

  private async saveGroup(group: Waiting[]): Promise<void> {
    try {
      const results = await this.saveTogether(group.map((w) => w.change));
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      // One write the writer or the read-back cannot take must not cost the others theirs: each is saved alone.
      if (e instanceof GroupFailure && group.length > 1) {
        for (const w of group) await this.saveGroup([w]);
        return;
      }
      const error = e instanceof GroupFailure ? e.cause : e;
      for (const w of group) w.reject(error);
    }
  }

  /**
   * Read, change and save under the cross-process lock; refused while an office
   * suite holds the file open. The new file is written beside the old one, read
   * back, and renamed over it only if the file is still the one read — checked
   * in one synchronous step with the office lock, right before the rename — so
   * nobody's save in between is undone and a reader never sees half a workbook.
   */
  private async saveTogether(changes: readonly Change[]): Promise<WriteResult[]> {
    return withFileLock(this.file, async (held) => {
      await removeDeadWritersTemps(this.file);
      const holder = await officeLockHolder(this.file);
      const locked = (detail: string) => changes.map((): LockedResult => ({ ok: false, reason: "locked", detail }));
      if (holder) return locked(holder);
      for (let attempt = 0; attempt <= IDENTITY_RETRIES; attempt++) {
        const handle = await open(this.file, "r");
        let read: FileIdentity;
        let bytes: Buffer;
        try {
          const info = await handle.stat();
          bytes = await handle.readFile();
          read = identityOf(bytes, info);
        } finally {
          await handle.close();
        }
        let applied: Awaited<ReturnType<XlsxStore["applied"]>>;
        try {
          applied = await this.applied(bytes, changes);
        } catch (e) {
          throw new GroupFailure(e);
        }
        const { results, book, out } = applied;
        if (!out) return results;
        const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
        try {
          await writeFile(tmp, out);
          // The tabs the write did not touch are the cached read's, when it was of the file this write read.
          const before = this.cached?.version === `${read.mtimeMs}:${read.size}` ? this.cached.raw.tabs : undefined;
          let checked: Awaited<ReturnType<XlsxStore["checkWritten"]>>;
          try {
            checked = await this.checkWritten(tmp, out, book, before);
          } catch (e) {
            throw new GroupFailure(e);
          }
          await this.backup();
          await this.options.beforeReplace?.(this.file);
          // From here to the rename: synchronous, so no other work of this process runs in between.
          if (held.compromised) {
            rmSync(tmp, { force: true });
            throw new DutyError("write.lock-lost", {}, { cause: held.compromised });
          }
          const office = officeLockExistsNow(this.file);
          if (office) {
            rmSync(tmp, { force: true });
            return locked((await officeLockHolder(this.file)) ?? path.basename(office));
          }
          // Someone saved the file since we read it: start again from their version.
          if (!sameIdentity(read, identityNow(this.file))) {
            rmSync(tmp, { force: true });
            continue;
          }
          renameSync(tmp, this.file);
          // The read-back is the next page's read: the renamed file keeps the temporary file's mtime and size.
          const written = statSync(this.file);
          const tabs = checked.all ? checked.tabs : before && checked.tabs && mergedTabs(before, checked.tabs);
          this.cached = tabs && {
            version: `${written.mtimeMs}:${written.size}`,
            raw: { source: "xlsx", tabs, readAt: new Date().toISOString(), changedAt: new Date(written.mtimeMs).toISOString() },
          };
          if (tabs && this.keepsOnDisk(written.size)) this.keepOnDisk(diskKeyOf(written), tabs);
        } catch (e) {
          rmSync(tmp, { force: true });
          throw e;
        }
        return results;
      }
      throw new DutyError("write.kept-changing", { attempts: IDENTITY_RETRIES + 1 });
    });
  }

  /**
   * The new file must hold every cell the write set, as our reader reads it.
   * After a zip patch the reader reads just those cells, each as the save wrote
   * it (a worksheet of those cells alone, WorkbookPatch.cellsSheet), and the new
   * file's zip directory; the rewritten tabs are then the cached read's with
   * those cells put in (tabsWithCells), when the cache is of the file this write
   * read. Where a cell's value may depend on others (merged ranges, hyperlinks)
   * or a cleared cell may shorten its row, the rewritten worksheets are read
   * back whole. After exceljs, which rewrites every part, all are.
   */
  private async checkWritten(tmp: string, out: Buffer, book: BookEdit, before: RawTab[] | undefined): Promise<{ tabs?: RawTab[]; all: boolean }> {
    // The last value written to each cell: a group may write one cell twice.
    const last = new Map<string, BookEdit["written"][number]>();
    for (const w of book.written) last.set(`${w.title}\u0000${w.row}\u0000${w.col}`, w);
    const written = [...last.values()];
    if (book instanceof PatchedBook) {
      const read = await readWrittenCells(book.patch, written);
      if (read) {
        zipDirectory(out, tmp);
        for (const w of written) verifyCell(w, read.get(w.title)?.get(w.row)?.get(w.col) ?? null);
        const tabs = before && tabsWithCells(before, read);
        if (tabs || !before) return { tabs, all: false };
      }
    }
    const all = !(book instanceof PatchedBook);
    const tabs = await readWorkbookFast(tmp, all ? {} : { only: new Set(written.map((w) => w.title)) });
    for (const w of written) {
      const tab = tabs.find((t) => t.title === w.title);
      const row = tab?.rows.find((r) => r.row === w.row);
      if (!tab) throw verifyFailed(w, null);
      verifyCell(w, row?.cells[w.col - 1] ?? null);
    }
    return { tabs, all };
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
      throw new DutyError("workbook.exists", { file: this.file });
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

import "server-only";
import { randomUUID } from "node:crypto";
import { wallClockIn } from "../clock";
import type { CellValue } from "../schema/cells";
import { isBlank } from "../schema/cells";
import type { Columns } from "../schema/columns";
import { findHeaderRow, isHeaderMap, matchesTabTitle } from "../schema/header";
import { auditTab, type TabSpec } from "../schema/tabs";
import { foldKey, parseDate, parseDateTime } from "../schema/values";
import { type CellInput, getStore, type Journal, type JournalEntry, type MisplacedWrite, type RowInput, type SheetStore, sameCellValue } from "../sheets";
import { deploymentTimeZone, invalidateDataset, lastKnownTimeZone } from "./dataset";
import { DutyError, type ErrorParams, isDutyError, WRITE_BUSY_CODES } from "../errors";
import { zh } from "../i18n/zh";

/**
 * The one way the app changes the spreadsheet. Every write here:
 * - changes only the cells the user changed, compared with what they saw, in
 *   the row found by ID just before writing (never by an older row number);
 * - writes nothing when someone changed those cells meanwhile, and says what
 *   is there now;
 * - writes values, never formulas (the stores write literally);
 * - appends a row to 操作日志 saying who changed what, before and after;
 * - lets the writer's next read see the change at once.
 * Who may write is decided by the caller (the validated action); a write
 * scoped to a unit also re-checks that unit in the row at the moment of writing.
 */

export interface Writer {
  login: string;
}

export interface WriteDeps {
  store: SheetStore;
  now: () => Date;
  /** After each write (the dataset cache); tests pass a no-op. */
  afterWrite: () => Promise<void>;
  /** How long an audit row waits for a workbook an office suite holds open. */
  auditWaitMs: number;
  /**
   * The write journal (local workbook only): each write is recorded there
   * before it is answered, and a write refused because an office app holds
   * the workbook is accepted there as pending. Without one, such a write is
   * refused as before.
   */
  journal?: Journal;
  /** The deployment's zone for 操作日志 时间 (设置 timezone / the spreadsheet's); absent: the store's own. */
  timeZone?: string;
}

async function defaultDeps(): Promise<WriteDeps> {
  const store = await getStore();
  const { journalOf } = await import("./reconcile");
  const journal = journalOf(store);
  return {
    store,
    now: () => new Date(),
    afterWrite: invalidateDataset,
    auditWaitMs: 20_000,
    timeZone: await deploymentTimeZone(),
    ...(journal && { journal }),
  };
}

async function depsWith(overrides: Partial<WriteDeps> = {}): Promise<WriteDeps> {
  if (overrides.store && overrides.now && overrides.afterWrite && overrides.auditWaitMs !== undefined) return overrides as WriteDeps;
  // A store handed in (tests, scripts) is not the configured workbook: its journal only when handed in too.
  if (overrides.store) return { now: () => new Date(), afterWrite: invalidateDataset, auditWaitMs: 20_000, ...overrides } as WriteDeps;
  return { ...(await defaultDeps()), ...overrides };
}

export type WriteFailureReason = "not-found" | "duplicate-id" | "missing-tab" | "missing-header" | "locked" | "busy" | "id-taken" | "forbidden";

/** `message` is the Chinese text (logs, the journal, admin pages); forms turn `reason` and `params` into words in the viewer's language. */
export type WriteFailure = { ok: false; reason: WriteFailureReason; params: ErrorParams; message: string };

export type UpdateOutcome =
  | {
      ok: true;
      id: string;
      /** The form's fields that differed from what the user saw: the only ones written. Empty: nothing written. */
      changed: string[];
      before: Record<string, CellValue>;
      after: Record<string, CellValue>;
      audited: boolean;
      /** Rows the change first landed in while a person moved rows, put right (Google Sheets only). */
      misplaced?: MisplacedWrite[];
      /** What the user should check in the sheet, when a misplaced write could not be undone exactly. */
      warning?: string;
      /** Accepted into the journal while an office app held the workbook: written when it is closed. */
      pending?: boolean;
    }
  | { ok: false; reason: "conflict"; message: string; current: Record<string, CellValue> }
  | WriteFailure;

export type AppendOutcome =
  | {
      ok: true;
      id: string;
      row: number;
      audited: boolean;
      /** The same submission had already landed: nothing written. */
      repeated?: boolean;
      /** Accepted into the journal while an office app held the workbook: written when it is closed. */
      pending?: boolean;
    }
  | WriteFailure;

export type AssignOutcome = { ok: true; assigned: { row: number; id: string }[]; audited: boolean } | WriteFailure;

/** The app's value as the cell it becomes, for comparison with what the user saw. */
function cellOf(input: CellInput | undefined): CellValue {
  if (input === undefined || input === null) return null;
  if (typeof input === "object") return "date" in input ? input.date : input.dateTime;
  return input;
}

function failure(reason: WriteFailureReason, spec: TabSpec<Columns>, id: string, detail?: string): WriteFailure {
  const idHeader = spec.columns[spec.idColumn]?.header ?? spec.idColumn;
  const params: ErrorParams = { tab: spec.title, idHeader, id, detail: detail ?? "", holder: detail ?? "" };
  return { ok: false, reason, params, message: zh.errors.write[reason](params) };
}

/**
 * The workbook's writes queue on a lock file; a wait past its timeout means
 * other saves kept it busy. Nothing was written, so it is said as such.
 */
async function ownLockBusy<T>(write: () => Promise<T>): Promise<T | "busy"> {
  try {
    return await write();
  } catch (error) {
    if (isDutyError(error, ...WRITE_BUSY_CODES)) return "busy";
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The audit log.

export interface AuditEntry {
  action: string;
  spec: TabSpec<Columns>;
  rowId: string;
  before: Record<string, CellValue> | null;
  after: Record<string, CellValue> | null;
}

/** A Google Sheets cell holds at most 50 000 characters. */
const AUDIT_JSON_MAX = 45_000;

/**
 * Dates and times in before/after as a person reads them in the sheet, whichever backend
 * and cell kind held them (a date cell, a serial, text): "2026-11-20", "2026-11-20 13:38:05".
 */
function auditValue(spec: TabSpec<Columns>, key: string, value: CellValue): CellValue {
  const type = spec.columns[key]?.type;
  if (value === null || (type !== "date" && type !== "datetime")) return value;
  const parsed = type === "date" ? parseDate(value) : parseDateTime(value);
  return parsed.ok && typeof parsed.value === "string" ? parsed.value.replace("T", " ") : value;
}

function auditJson(spec: TabSpec<Columns>, values: Record<string, CellValue> | null): string {
  if (values === null) return "";
  const readable = Object.fromEntries(Object.entries(values).map(([key, v]) => [key, auditValue(spec, key, v)]));
  const text = JSON.stringify(readable, (_key, v: unknown) => {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/u.test(v)) return v.slice(0, 10); // a date cell: the date
    return v;
  });
  return text.length > AUDIT_JSON_MAX ? `${text.slice(0, AUDIT_JSON_MAX)}…` : text;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The 操作日志 rows for some entries, stamped now. */
export function auditRows(writer: Writer, entries: AuditEntry[], now: Date, timeZone: string = lastKnownTimeZone()): RowInput[] {
  const at = { dateTime: wallClockIn(timeZone, now) };
  return entries.map((e) => ({
    at,
    login: writer.login,
    action: e.action,
    tab: e.spec.title,
    rowId: e.rowId,
    before: auditJson(e.spec, e.before),
    after: auditJson(e.spec, e.after),
  }));
}

/**
 * The audit rows of a write, handed to the store to write in the same step
 * (the same file save on the workbook). When that did not happen, they are
 * appended afterwards with recordAudit.
 */
function logAlong<R>(writer: Writer, deps: WriteDeps, entries: (result: R) => AuditEntry[]) {
  return {
    log: { spec: auditTab, rows: (result: R) => auditRows(writer, entries(result), deps.now(), deps.timeZone) },
    /** Whether the log rows are in; if the store did not write them along, appends them on their own. */
    settle: async (result: R & { logged?: boolean }): Promise<boolean> => (result.logged ? true : recordAudit(writer, entries(result), deps)),
  };
}

/**
 * Appends audit rows on their own, for a change already written. A workbook
 * opened in an office suite, or busy with others' saves, is waited for
 * (auditWaitMs) rather than refused; past that the entry goes to the server log.
 */
export async function recordAudit(writer: Writer, entries: AuditEntry[], overrides?: Partial<WriteDeps>): Promise<boolean> {
  if (entries.length === 0) return true;
  const deps = await depsWith(overrides);
  const rows = auditRows(writer, entries, deps.now(), deps.timeZone);
  const deadline = Date.now() + deps.auditWaitMs;
  for (let attempt = 0; ; attempt++) {
    const result = await deps.store.append(auditTab, rows).catch((error: unknown) => ({ ok: false as const, reason: "failed", detail: String(error) }));
    if (result.ok) return true;
    // Locked by an office suite, the app's own lock busy, Google unreachable: all pass; a missing tab does not.
    const passing = result.reason === "locked" || result.reason === "failed";
    if (!passing || Date.now() > deadline) {
      console.error(`操作日志未能写入（${result.reason} ${result.detail ?? ""}）：`, JSON.stringify(rows));
      return false;
    }
    await sleep(Math.min(2_000, 250 * 2 ** attempt));
  }
}

// ---------------------------------------------------------------------------
// The write journal.

function journalEntry(
  writer: Writer,
  spec: TabSpec<Columns>,
  rowId: string,
  kind: JournalEntry["kind"],
  action: string,
  before: Record<string, CellValue> | null,
  after: Record<string, CellValue>,
  input: RowInput,
  expected: Record<string, CellValue> | undefined,
  status: "written" | "pending",
  now: Date,
): JournalEntry {
  return {
    id: randomUUID(),
    at: now.toISOString(),
    login: writer.login,
    tab: spec.title,
    rowId,
    kind,
    action,
    before,
    after,
    input,
    ...(expected && { expected }),
    status,
  };
}

function pickCells(cells: Record<string, CellValue>, keys: readonly string[]): Record<string, CellValue> {
  return Object.fromEntries(keys.map((key) => [key, cells[key] ?? null]));
}

/**
 * Records a write already in the workbook, before it is answered. The write
 * stands even if the journal cannot be written (a full disk): it is said in
 * the server log, and only the protection against an office save is missing.
 */
function journalWritten(deps: WriteDeps, entry: () => JournalEntry) {
  if (!deps.journal) return;
  try {
    deps.journal.append(entry());
  } catch (error) {
    console.error("写入日志（journal）未能记录：", error);
  }
}

// ---------------------------------------------------------------------------
// Updates.

export interface UpdateRequest {
  /** The form's fields as typed values to write, keyed by column. */
  values: RowInput;
  /** What the user saw in those cells when the form was rendered. */
  seen: Record<string, CellValue>;
}

export interface UpdateOptions {
  /** The 操作日志 action, e.g. 更新任务进度. */
  action: string;
  /**
   * For a unit user: the row must still belong to their unit when written —
   * the cell is compared with the unit in the same step as the user's cells.
   */
  guard?: { column: string; unit: string; refusal: (now: string | null) => string };
  /** Cells the app keeps up to date itself on every change (更新时间, 更新人). */
  stamp?: RowInput;
}

export async function updateRow(
  writer: Writer,
  spec: TabSpec<Columns>,
  id: string,
  request: UpdateRequest,
  options: UpdateOptions,
  overrides?: Partial<WriteDeps>,
): Promise<UpdateOutcome> {
  const deps = await depsWith(overrides);
  const changed = Object.keys(request.values).filter((key) => {
    const column = spec.columns[key];
    if (!column) throw new DutyError("schema.unknown-column", { tab: spec.title, column: key });
    return !sameCellValue(column, cellOf(request.values[key]), request.seen[key] ?? null);
  });
  if (changed.length === 0) return { ok: true, id, changed, before: {}, after: {}, audited: false };

  const expected: Record<string, CellValue> = Object.fromEntries(changed.map((key) => [key, request.seen[key] ?? null]));
  const guard = options.guard;
  if (guard) expected[guard.column] = guard.unit;
  const changes: RowInput = { ...Object.fromEntries(changed.map((key) => [key, request.values[key]!])), ...options.stamp };

  const labelsOf = (keys: string[]) => keys.map((k) => spec.columns[k]?.header ?? k).join("、");
  const audit = logAlong(writer, deps, (done: { before: Record<string, CellValue>; after: Record<string, CellValue>; misplaced?: MisplacedWrite[] }) => [
    { action: options.action, spec, rowId: id, before: done.before, after: done.after },
    // Said in the log too: which row got the change for a moment, and what was done about it.
    ...(done.misplaced ?? []).map((m) => ({
      action: "纠正错位写入",
      spec,
      rowId: m.rowId ?? `第${m.row}行`,
      before: null,
      after: { 列: labelsOf(m.keys), 处理: m.restored === "earlier" ? "已恢复原值" : "已清空，请核对" },
    })),
  ]);
  const result = await ownLockBusy(() => deps.store.updateById(spec, id, changes, expected, audit.log));
  if (result === "busy") return failure("busy", spec, id);
  if (!result.ok && result.reason === "locked" && deps.journal) {
    // An office app holds the workbook: accepted into the journal, written when it is closed.
    const before = Object.fromEntries(changed.map((key) => [key, request.seen[key] ?? null]));
    const after = Object.fromEntries(changed.map((key) => [key, cellOf(changes[key])]));
    deps.journal.append(journalEntry(writer, spec, id, "update", options.action, before, after, changes, expected, "pending", deps.now()));
    return { ok: true, id, changed, before, after, audited: false, pending: true };
  }
  if (!result.ok) {
    if (result.reason !== "conflict") return failure(result.reason, spec, id, result.detail);
    const current = { ...result.current };
    if (guard) {
      const now = current[guard.column] ?? null;
      if (!sameCellValue(spec.columns[guard.column]!, now, guard.unit)) {
        return failure("forbidden", spec, id, guard.refusal(isBlank(now) ? null : String(now).trim()));
      }
      delete current[guard.column];
    }
    return {
      ok: false,
      reason: "conflict",
      message: "您打开表单后，有人在表格中改动了您也要修改的内容。本次未保存，请逐项选择保留哪一个。",
      current,
    };
  }
  const misplaced = result.misplaced ?? [];
  journalWritten(deps, () =>
    journalEntry(
      writer,
      spec,
      id,
      "update",
      options.action,
      pickCells(result.before, changed),
      pickCells(result.after, changed),
      changes,
      expected,
      "written",
      deps.now(),
    ),
  );
  const audited = await audit.settle(result);
  await deps.afterWrite();
  const emptied = misplaced.filter((m) => m.restored === "emptied");
  const warning =
    emptied.length > 0
      ? `保存时有人在表格中插入或移动了行，您的修改曾误写到${emptied.map((m) => `第 ${m.row} 行${m.rowId ? `（编号 ${m.rowId}）` : ""}的「${labelsOf(m.keys)}」`).join("，")}，这些格子已清空，请在表格中核对。`
      : undefined;
  return {
    ok: true,
    id,
    changed,
    before: result.before,
    after: result.after,
    audited,
    ...(misplaced.length > 0 && { misplaced }),
    ...(warning && { warning }),
  };
}

// ---------------------------------------------------------------------------
// New rows.

/** The row holding `id` in a tab as last read, or undefined. */
async function existingRow(store: SheetStore, spec: TabSpec<Columns>, id: string): Promise<Record<string, CellValue> | undefined> {
  const raw = await store.readAll();
  const tab = raw.tabs.find((t) => matchesTabTitle(spec, t.title));
  if (!tab) return undefined;
  const header = findHeaderRow(spec, tab.rows);
  if (!isHeaderMap(header)) return undefined;
  const idIndex = header.index[spec.idColumn];
  if (idIndex === undefined) return undefined;
  const wanted = foldKey(id);
  const row = tab.rows.find((r) => r.row > header.row && !isBlank(r.cells[idIndex] ?? null) && foldKey(String(r.cells[idIndex])) === wanted);
  if (!row) return undefined;
  return Object.fromEntries(Object.entries(header.index).map(([key, i]) => [key, row.cells[i] ?? null]));
}

export interface AppendOptions {
  action: string;
}

/**
 * Appends one new row under the ID the form was rendered with. The same
 * submission sent twice lands once (the stores skip an ID already there);
 * an ID held by a different row is refused rather than taken as done.
 */
export async function appendRow(
  writer: Writer,
  spec: TabSpec<Columns>,
  row: RowInput,
  options: AppendOptions,
  overrides?: Partial<WriteDeps>,
): Promise<AppendOutcome> {
  const deps = await depsWith(overrides);
  const id = row[spec.idColumn];
  if (typeof id !== "string" || id === "") throw new DutyError("write.missing-id", { column: spec.columns[spec.idColumn]?.header ?? spec.idColumn });

  // The same submission sent again while it waits in the journal: it lands once.
  const queued = deps.journal
    ?.read()
    .find((r) => r.kind === "append" && r.tab === spec.title && r.rowId === id && (r.status === "pending" || r.status === "claimed"));
  if (queued) return { ok: true, id, row: 0, audited: false, repeated: true, pending: true };
  const there = await existingRow(deps.store, spec, id);
  if (there) {
    // App-kept times differ between two sends of one submission; the rest must match.
    const same = Object.entries(row).every(([key, value]) => {
      const column = spec.columns[key];
      return !column || column.type === "datetime" || key === "enteredBy" || sameCellValue(column, there[key] ?? null, cellOf(value));
    });
    if (!same) return failure("id-taken", spec, id);
    return { ok: true, id, row: 0, audited: false, repeated: true };
  }

  const after = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cellOf(value)]));
  const audit = logAlong(writer, deps, () => [{ action: options.action, spec, rowId: id, before: null, after }]);
  const result = await ownLockBusy(() => deps.store.append(spec, [row], audit.log));
  if (result === "busy") return failure("busy", spec, id);
  if (!result.ok && result.reason === "locked" && deps.journal) {
    deps.journal.append(journalEntry(writer, spec, id, "append", options.action, null, after, row, undefined, "pending", deps.now()));
    return { ok: true, id, row: 0, audited: false, pending: true };
  }
  if (!result.ok) return failure(result.reason, spec, id, result.detail);
  journalWritten(deps, () => journalEntry(writer, spec, id, "append", options.action, null, after, row, undefined, "written", deps.now()));
  const audited = await audit.settle(result);
  await deps.afterWrite();
  return { ok: true, id, row: result.rows[0] ?? 0, audited };
}

/** 补编号: gives each row of a tab that lacks an ID a new one, each recorded in 操作日志. */
export async function assignIds(writer: Writer, spec: TabSpec<Columns>, newId: () => string, overrides?: Partial<WriteDeps>): Promise<AssignOutcome> {
  const deps = await depsWith(overrides);
  const idKey = spec.idColumn;
  const audit = logAlong(writer, deps, (done: { assigned: { row: number; id: string }[] }) =>
    done.assigned.map((a) => ({ action: "补编号", spec, rowId: a.id, before: { [idKey]: null, 行号: a.row }, after: { [idKey]: a.id, 行号: a.row } })),
  );
  const result = await ownLockBusy(() => deps.store.assignMissingIds(spec, newId, audit.log));
  if (result === "busy") return failure("busy", spec, "");
  if (!result.ok) return failure(result.reason, spec, "", result.detail);
  if (result.assigned.length === 0) return { ok: true, assigned: [], audited: true };
  for (const a of result.assigned) {
    journalWritten(deps, () =>
      journalEntry(writer, spec, a.id, "assign", "补编号", { [idKey]: null }, { [idKey]: a.id }, { [idKey]: a.id }, undefined, "written", deps.now()),
    );
  }
  const audited = await audit.settle(result);
  await deps.afterWrite();
  return { ok: true, assigned: result.assigned, audited };
}

import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { CellValue, RawWorkbook } from "../schema/cells";
import { isBlank } from "../schema/cells";
import type { Columns } from "../schema/columns";
import { findHeaderRow, isHeaderMap, matchesTabTitle } from "../schema/header";
import { auditTab, TABS, type TabSpec } from "../schema/tabs";
import { foldKey } from "../schema/values";
import { getStore, Journal, journalDirOf, officeLockPresent, type JournalRecord, type RowInput, type SheetStore, sameCellValue } from "../sheets";
import { can, type Viewer } from "../auth/roles";
import type { Notice } from "../i18n";
import { invalidateDataset } from "./dataset";
import { auditRows, type AuditEntry } from "./writes";

/**
 * The write journal against the workbook. On a read after the workbook
 * changed, each recent web write is compared with what the file holds:
 * - undone by an office save (its cells hold what it replaced): written again,
 *   only where the cells still hold that value, and said in 操作日志;
 * - a third value in its cells: a conflict for an admin to settle, never dropped;
 * - a new row whose ID is gone: appended again;
 * - accepted while an office app held the file (pending): written now, under
 *   the same rules, by the one process that claimed it.
 * The Google backend keeps no journal: its writes are answered by Google itself
 * and no office save can replace the spreadsheet.
 */

const journals: Map<string, Journal> = ((globalThis as { __dutyboardJournals?: Map<string, Journal> }).__dutyboardJournals ??= new Map());

/** The journal of a workbook file, one per process. */
export function journalAt(workbookFile: string): Journal {
  const dir = journalDirOf(path.resolve(/*turbopackIgnore: true*/ workbookFile));
  let journal = journals.get(dir);
  if (!journal) {
    journal = new Journal(dir);
    journals.set(dir, journal);
  }
  return journal;
}

function workbookFileOf(store: SheetStore): string | undefined {
  const file = store.kind === "xlsx" && "file" in store ? (store as { file: unknown }).file : undefined;
  return typeof file === "string" ? file : undefined;
}

/** Whether an office suite holds the store's workbook open right now. */
export function heldOpen(store: SheetStore): boolean {
  const file = workbookFileOf(store);
  return file !== undefined && officeLockPresent(file);
}

/** The journal of a store: beside its workbook file; none on Google Sheets. */
export function journalOf(store: SheetStore): Journal | undefined {
  const file = workbookFileOf(store);
  return file === undefined ? undefined : journalAt(file);
}

function specOf(title: string): TabSpec<Columns> | undefined {
  return (TABS as readonly TabSpec<Columns>[]).find((spec) => spec.title === title);
}

/** The rows of one tab as read, by folded ID, as cells by column key. */
function rowsById(raw: RawWorkbook, spec: TabSpec<Columns>): Map<string, Record<string, CellValue>> | undefined {
  const tab = raw.tabs.find((t) => matchesTabTitle(spec, t.title));
  if (!tab) return undefined;
  const header = findHeaderRow(spec, tab.rows);
  if (!isHeaderMap(header)) return undefined;
  const idIndex = header.index[spec.idColumn];
  if (idIndex === undefined) return undefined;
  const rows = new Map<string, Record<string, CellValue>>();
  for (const r of tab.rows) {
    if (r.row <= header.row) continue;
    const id = r.cells[idIndex] ?? null;
    if (isBlank(id)) continue;
    const key = foldKey(String(id));
    if (rows.has(key)) continue;
    rows.set(key, Object.fromEntries(Object.entries(header.index).map(([k, i]) => [k, r.cells[i] ?? null])));
  }
  return rows;
}

export interface ReconcileDeps {
  store: SheetStore;
  journal: Journal;
  now?: () => Date;
}

export interface ReconcileReport {
  reapplied: string[];
  applied: string[];
  conflicts: string[];
  /** Whether the workbook was written: the caller reads it again. */
  wrote: boolean;
}

function pick(cells: Record<string, CellValue>, keys: readonly string[]): Record<string, CellValue> {
  return Object.fromEntries(keys.map((k) => [k, cells[k] ?? null]));
}

/** The input for some of the entry's cells, with the app's stamps (cells it set that the person did not). */
function inputFor(record: JournalRecord, keys: readonly string[]): RowInput {
  const own = new Set(Object.keys(record.after));
  return Object.fromEntries(Object.entries(record.input).filter(([k]) => keys.includes(k) || !own.has(k)));
}

function logOf(record: JournalRecord, action: string, now: () => Date, after?: Record<string, CellValue> | null) {
  const entry: AuditEntry = { action, spec: specOf(record.tab) ?? auditTab, rowId: record.rowId, before: record.before, after: after ?? record.after };
  return { spec: auditTab, rows: () => auditRows({ login: record.login }, [entry], now()) };
}

/**
 * Writes a pending entry (claimed by this process first) or re-writes one an
 * office save undid, with `expected` = the values it replaced. Returns the
 * new status, or undefined when the workbook is still held (try later).
 * done with wrote false: the workbook already held it (another process wrote
 * it first), so nothing was written and nothing logged.
 */
async function writeAgain(
  deps: ReconcileDeps,
  record: JournalRecord,
  keys: readonly string[],
  action: string,
): Promise<
  | { status: "done"; wrote: boolean }
  | { status: "conflict"; workbook: Record<string, CellValue> | null }
  | { status: "later" }
  | { status: "failed"; detail: string }
> {
  const spec = specOf(record.tab);
  if (!spec) return { status: "failed", detail: `没有工作表「${record.tab}」` };
  const now = deps.now ?? (() => new Date());
  if (record.kind === "append") {
    const log = logOf(record, action, now);
    // A row already there (another process appended it again first) is skipped by the store: no log row for it either.
    const result = await deps.store
      .append(spec, [record.input], { spec: log.spec, rows: (done) => (done.existing?.length ? [] : log.rows()) })
      .catch((error: unknown) => ({ ok: false as const, reason: "error", detail: String(error) }));
    if (result.ok) return { status: "done", wrote: !result.existing?.length };
    return result.reason === "locked" || result.reason === "error" ? { status: "later" } : { status: "failed", detail: result.reason };
  }
  const expected = { ...(record.expected ?? {}), ...pick(record.before ?? {}, keys) };
  for (const k of Object.keys(record.after)) if (!keys.includes(k)) delete expected[k];
  const result = await deps.store
    .updateById(spec, record.rowId, inputFor(record, keys), expected, logOf(record, action, now))
    .catch((error: unknown) => ({ ok: false as const, reason: "error" as const, detail: String(error), current: undefined }));
  if (result.ok) return { status: "done", wrote: true };
  if (result.reason === "locked" || result.reason === "error") return { status: "later" };
  if (result.reason === "not-found") return { status: "conflict", workbook: null };
  if (result.reason === "conflict") {
    const current = result.current ?? {};
    // Another process wrote it first: nothing left to do.
    if (keys.every((k) => sameCellValue(spec.columns[k]!, current[k] ?? null, record.after[k] ?? null))) return { status: "done", wrote: false };
    return { status: "conflict", workbook: pick(current, Object.keys(record.after)) };
  }
  return { status: "failed", detail: result.reason };
}

/**
 * A pending update made on top of an earlier web write that an office save
 * then undid expects the undone value, while the cells hold what that chain of
 * web writes replaced: not a third value. Returns, per conflicting cell, the
 * value the chain started from when the workbook holds exactly that, with the
 * older entries of the chain; undefined when any cell holds anything else.
 */
function undoneChain(
  records: JournalRecord[],
  record: JournalRecord,
  spec: TabSpec<Columns>,
  workbook: Record<string, CellValue>,
): { expected: Record<string, CellValue>; chain: JournalRecord[] } | undefined {
  const older = records
    .filter((r) => r.id !== record.id && r.kind === "update" && r.tab === record.tab && foldKey(r.rowId) === foldKey(record.rowId) && r.at <= record.at)
    .filter((r) => ["written", "applied", "reapplied", "forced"].includes(r.status))
    .sort((a, b) => b.at.localeCompare(a.at));
  const expected: Record<string, CellValue> = {};
  const chain = new Set<JournalRecord>();
  for (const k of Object.keys(record.after)) {
    const column = spec.columns[k];
    if (!column) return undefined;
    const have = workbook[k] ?? null;
    let want = record.before?.[k] ?? null;
    if (sameCellValue(column, have, want)) continue;
    let found = false;
    for (const r of older) {
      if (!(k in r.after) || !sameCellValue(column, r.after[k] ?? null, want)) continue;
      chain.add(r);
      want = r.before?.[k] ?? null;
      if (sameCellValue(column, have, want)) {
        found = true;
        expected[k] = have;
        break;
      }
    }
    if (!found) return undefined;
  }
  return Object.keys(expected).length > 0 ? { expected, chain: [...chain] } : undefined;
}

/**
 * The cells of earlier writes that a later web write replaced knowingly: the later
 * write was made on top of the earlier one (its "before" is the earlier "after"),
 * so the earlier value is no longer wanted there. A later write made while the
 * earlier one was undone (by an office save, before the journal could put it back)
 * does not replace it: the earlier write is still checked, and listed as a conflict
 * if its value is gone — never silently dropped. Keyed `id\u0000column`.
 */
function supersededCells(records: JournalRecord[]): Set<string> {
  const superseded = new Set<string>();
  const earlier = new Map<string, JournalRecord[]>();
  const ordered = [...records].sort((a, b) => a.at.localeCompare(b.at));
  for (const r of ordered) {
    if (r.kind !== "update" || r.status === "failed") continue;
    const spec = specOf(r.tab);
    for (const k of Object.keys(r.after)) {
      const cell = `${r.tab}\u0000${foldKey(r.rowId)}\u0000${k}`;
      const before = earlier.get(cell) ?? [];
      const column = spec?.columns[k];
      if (column && r.before && k in r.before) {
        for (const e of before) if (sameCellValue(column, r.before[k] ?? null, e.after[k] ?? null)) superseded.add(`${e.id}\u0000${k}`);
      }
      earlier.set(cell, [...before, r]);
    }
  }
  return superseded;
}

/**
 * Compares recent journal entries with the workbook as read and acts on each.
 * Safe to run in several processes at once: re-writes are conditional on the
 * cells' old values, appends skip an ID already there, and a pending entry is
 * written only by the process whose claim came first.
 */
export async function reconcile(raw: RawWorkbook, deps: ReconcileDeps): Promise<ReconcileReport> {
  const { journal } = deps;
  const report: ReconcileReport = { reapplied: [], applied: [], conflicts: [], wrote: false };
  journal.compactIfDue(deps.now?.());
  const records = journal.recent(deps.now?.());
  if (records.length === 0) return report;
  const superseded = supersededCells(records);
  const tabs = new Map<string, Map<string, Record<string, CellValue>> | undefined>();
  let view = raw;
  const rowsOf = (title: string) => {
    if (!tabs.has(title)) {
      const spec = specOf(title);
      tabs.set(title, spec && rowsById(view, spec));
    }
    return tabs.get(title);
  };
  /**
   * `raw` was read before the journal: a write that landed in between is in
   * the journal as written but not in `raw`, and would pass for one an office
   * save undid (re-written for nothing, or a false conflict). Before acting on
   * a write the workbook seems not to hold, it is looked for once in a read
   * made after the journal's. Returns whether that read is newer than `view`.
   */
  let rechecked = false;
  const recheck = async (): Promise<boolean> => {
    if (rechecked) return false;
    rechecked = true;
    const fresh = await deps.store.readAll().catch(() => undefined);
    if (!fresh || fresh === view) return false;
    view = fresh;
    tabs.clear();
    return true;
  };

  const file = workbookFileOf(deps.store);
  const held = file !== undefined && officeLockPresent(file);
  for (const record of records) {
    const spec = specOf(record.tab);
    if (!spec) continue;
    if (record.status === "pending" || record.status === "claimed") {
      if (held) continue; // Still open in an office suite: tried again once it is closed.
      const owner = `${process.pid}:${randomUUID()}`;
      const claimed = journal.claim(record.id, owner);
      if (!claimed) continue;
      const action = `${claimed.action}（暂存后写入）`;
      let outcome = await writeAgain(deps, claimed, Object.keys(claimed.after), action);
      if (outcome.status === "conflict" && outcome.workbook && claimed.kind === "update") {
        // Made on top of a web write an office save undid: written over what that write replaced.
        const undone = undoneChain(records, claimed, spec, outcome.workbook);
        if (undone) {
          const rebased = { ...claimed, before: { ...claimed.before, ...undone.expected }, expected: { ...claimed.expected, ...undone.expected } };
          outcome = await writeAgain(deps, rebased, Object.keys(claimed.after), action);
          if (outcome.status === "done" && outcome.wrote) {
            // The undone writes it replaced whole: their log rows went with the office save, their value with this write.
            for (const r of undone.chain) {
              if (Object.keys(r.after).every((k) => k in claimed.after))
                journal.setStatus({ id: r.id, status: "kept", by: "网页", detail: "被表格保存撤销，已被之后的网页修改取代" });
            }
          }
        }
      }
      if (outcome.status === "later") {
        journal.setStatus({ id: record.id, status: "pending" });
        continue;
      }
      if (outcome.status === "done" && !outcome.wrote) {
        journal.setStatus({ id: record.id, status: "applied", by: "表格", detail: "表格中已是网页的值" });
        report.applied.push(record.id);
        continue;
      }
      report.wrote = true;
      if (outcome.status === "done") {
        journal.setStatus({ id: record.id, status: "applied" });
        report.applied.push(record.id);
      } else if (outcome.status === "conflict") {
        journal.setStatus({ id: record.id, status: "conflict", workbook: outcome.workbook });
        report.conflicts.push(record.id);
      } else journal.setStatus({ id: record.id, status: "failed", detail: outcome.detail });
      continue;
    }
    if (record.status === "conflict" && record.kind === "update") {
      // Settled without an admin only when the workbook now holds the web value, or a later web write was
      // made on top of it (so it had landed after all). A later write made without it leaves it listed:
      // its author never saw it lost, and the admin must choose.
      const keys = Object.keys(record.after);
      const row = rowsOf(record.tab)?.get(foldKey(record.rowId));
      if (keys.every((k) => superseded.has(`${record.id}\u0000${k}`)))
        journal.setStatus({ id: record.id, status: "kept", by: "网页", detail: "已被之后的网页修改取代" });
      else if (row && keys.every((k) => sameCellValue(spec.columns[k]!, row[k] ?? null, record.after[k] ?? null))) {
        journal.setStatus({ id: record.id, status: "applied", by: "表格", detail: "表格中已是网页的值" });
      }
      continue;
    }
    if (!["written", "applied", "reapplied", "forced"].includes(record.status)) continue;
    const keys = Object.keys(record.after).filter((k) => !superseded.has(`${record.id}\u0000${k}`));
    if (record.kind === "update" && keys.length === 0) continue;
    const holds = (row: Record<string, CellValue> | undefined) =>
      row !== undefined && (record.kind !== "update" || keys.every((k) => sameCellValue(spec.columns[k]!, row[k] ?? null, record.after[k] ?? null)));
    let rows = rowsOf(record.tab);
    if (rows && !holds(rows.get(foldKey(record.rowId))) && (await recheck())) rows = rowsOf(record.tab);
    if (!rows) continue; // A missing tab or header is shown on 数据体检 already.
    const row = rows.get(foldKey(record.rowId));

    if (record.kind === "append" || record.kind === "assign") {
      if (row) continue;
      if (record.kind === "assign") {
        journal.setStatus({ id: record.id, status: "conflict", workbook: null });
        report.conflicts.push(record.id);
        continue;
      }
      const outcome = await writeAgain(deps, record, [], `${record.action}（被表格保存撤销，重新写入）`);
      if (outcome.status === "done" && outcome.wrote) {
        journal.setStatus({ id: record.id, status: "reapplied" });
        report.reapplied.push(record.id);
        report.wrote = true;
      }
      continue;
    }

    if (!row) {
      journal.setStatus({ id: record.id, status: "conflict", workbook: null });
      report.conflicts.push(record.id);
      continue;
    }
    const same = (k: string, v: CellValue) => sameCellValue(spec.columns[k]!, row[k] ?? null, v);
    const undone = keys.filter((k) => !same(k, record.after[k] ?? null));
    if (undone.length === 0) continue;
    if (record.before && undone.every((k) => same(k, record.before?.[k] ?? null))) {
      const outcome = await writeAgain(deps, record, undone, `${record.action}（被表格保存撤销，重新写入）`);
      if (outcome.status === "done" && !outcome.wrote) continue; // Another process wrote it again first.
      if (outcome.status === "done") {
        journal.setStatus({ id: record.id, status: "reapplied" });
        report.reapplied.push(record.id);
        report.wrote = true;
      } else if (outcome.status === "conflict") {
        journal.setStatus({ id: record.id, status: "conflict", workbook: outcome.workbook });
        report.conflicts.push(record.id);
      }
      continue;
    }
    journal.setStatus({ id: record.id, status: "conflict", workbook: pick(row, Object.keys(record.after)) });
    report.conflicts.push(record.id);
  }
  return report;
}

// ---------------------------------------------------------------------------
// Settling a conflict (admins; the caller checks the role).

export type SettleChoice = "keep" | "apply";

export type SettleOutcome = { ok: true; status: "kept" | "forced" } | { ok: false; notice: Notice };

/**
 * keep: the workbook's value stays, the web value is recorded as set aside.
 * apply: the web value is written where the cells still hold what the admin
 * was shown; if a person changed them again, nothing is written and the
 * conflict shows the new value.
 */
export async function settleConflict(id: string, choice: SettleChoice, admin: { login: string }, deps: ReconcileDeps): Promise<SettleOutcome> {
  const { journal } = deps;
  const now = deps.now ?? (() => new Date());
  const record = journal.read().find((r) => r.id === id);
  if (record?.status !== "conflict") return { ok: false, notice: { code: "journal.settled" } };
  const spec = specOf(record.tab);
  if (choice === "keep" || !spec) {
    const log = logOf(record, "处理冲突：保留表格中的值", now, record.workbook ?? null);
    await deps.store
      .append(
        auditTab,
        log.rows().map((r) => ({ ...r, login: admin.login })),
      )
      .catch(() => undefined);
    journal.setStatus({ id, status: "kept", by: admin.login });
    return { ok: true, status: "kept" };
  }
  if (record.workbook === null || record.workbook === undefined || record.kind !== "update") {
    return { ok: false, notice: { code: "journal.row-gone-choose" } };
  }
  const keys = Object.keys(record.after);
  const log = {
    spec: auditTab,
    rows: () =>
      auditRows(admin, [{ action: "处理冲突：写入网页的值", spec, rowId: record.rowId, before: record.workbook ?? null, after: record.after }], now()),
  };
  const result = await deps.store.updateById(spec, record.rowId, inputFor(record, keys), pick(record.workbook, keys), log);
  if (result.ok) {
    journal.setStatus({ id, status: "forced", by: admin.login });
    return { ok: true, status: "forced" };
  }
  if (result.reason === "conflict") {
    journal.setStatus({ id, status: "conflict", workbook: pick(result.current ?? {}, keys) });
    return { ok: false, notice: { code: "journal.changed-again" } };
  }
  if (result.reason === "locked") return { ok: false, notice: { code: "journal.locked", params: { holder: result.detail ?? "" } } };
  if (result.reason === "not-found") {
    journal.setStatus({ id, status: "conflict", workbook: null });
    return { ok: false, notice: { code: "journal.row-gone" } };
  }
  return { ok: false, notice: { code: "journal.failed", params: { reason: result.reason } } };
}

// ---------------------------------------------------------------------------
// For pages.

/** Writes accepted while the workbook was held, not yet in it; one login's, or everyone's. */
export function pendingWrites(journal: Journal | undefined, login?: string): JournalRecord[] {
  if (!journal) return [];
  return journal
    .read()
    .filter((r) => (r.status === "pending" || r.status === "claimed") && (login === undefined || r.login === login))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Conflicts waiting for an admin. */
export function journalConflicts(journal: Journal | undefined): JournalRecord[] {
  if (!journal) return [];
  return journal
    .read()
    .filter((r) => r.status === "conflict")
    .sort((a, b) => a.at.localeCompare(b.at));
}

export { specOf as journalSpecOf };

// ---------------------------------------------------------------------------
// The configured workbook's journal, for pages and actions; authorised here.

async function configured(): Promise<ReconcileDeps | undefined> {
  const store = await getStore();
  const journal = journalOf(store);
  return journal && { store, journal };
}

/** Writes waiting for the workbook: an admin sees everyone's, anyone else their own. */
export async function pendingWritesFor(viewer: Viewer): Promise<JournalRecord[]> {
  if (viewer.kind !== "user") return [];
  const deps = await configured();
  return pendingWrites(deps?.journal, can(viewer, "admin") ? undefined : viewer.login);
}

/** Conflicts between web writes and the workbook: admins only. */
export async function journalConflictsFor(viewer: Viewer): Promise<JournalRecord[]> {
  if (!can(viewer, "admin")) return [];
  return journalConflicts((await configured())?.journal);
}

/** Settles one conflict as an admin chose; the workbook's readers see the result at once. */
export async function settleJournalConflict(viewer: Viewer, id: string, choice: SettleChoice): Promise<SettleOutcome> {
  if (viewer.kind !== "user" || !can(viewer, "admin")) return { ok: false, notice: { code: "journal.admin-only" } };
  const deps = await configured();
  if (!deps) return { ok: false, notice: { code: "journal.none" } };
  const outcome = await settleConflict(id, choice, viewer, deps);
  if (outcome.ok) await invalidateDataset();
  return outcome;
}

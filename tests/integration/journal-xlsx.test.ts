/**
 * The write journal with the real workbook library on real files: a write an
 * office save undid is written again, a cell a person changed afterwards is a
 * conflict an admin settles, a new row that vanished is appended again, and a
 * write made while an office suite holds the file waits in the journal and is
 * written once the file is closed.
 */
import ExcelJS from "exceljs";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalConflicts, pendingWrites, reconcile, settleConflict } from "@/lib/data/reconcile";
import { appendRow, updateRow } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { auditTab, tasksTab, visitsTab, type Task } from "@/lib/schema/tabs";
import { Journal, journalDirOf } from "@/lib/sheets/journal";
import type { XlsxStore } from "@/lib/sheets/xlsx-store";
import { datasetOf, depsFor, rowsOf, seededWorkbook } from "./writes-support";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "journal-xlsx-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const liaison = { login: "jingpeng" };
const admin = { login: "admin" };

async function setup(name: string) {
  const { file, store } = await seededWorkbook(dir, name);
  const journal = new Journal(journalDirOf(file));
  return { file, store, journal, deps: depsFor(store, { journal }) };
}

function seenOf(task: Task) {
  return { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
}

/** An open task and a progress it does not have yet. */
async function openTask(store: XlsxStore): Promise<{ task: Task; progress: number }> {
  const task = (await datasetOf(store)).tasks.find((t) => t.status === "进行中" && typeof t.progress === "number" && t.progress < 90)!;
  return { task, progress: (task.progress ?? 0) + 7 };
}

async function progressOf(store: XlsxStore, id: string) {
  return (await datasetOf(store)).tasks.find((t) => t.id === id)?.progress;
}

/** A person's save in an office suite: sets one cell of a row found by its ID. */
async function handSet(file: string, sheet: string, id: string, header: string, value: ExcelJS.CellValue) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  let headerRow = 0;
  const cols: Record<string, number> = {};
  for (let r = 1; r <= 10 && !headerRow; r++) {
    ws.getRow(r).eachCell((cell, c) => {
      cols[String(cell.value).trim()] = c;
    });
    if (cols[header]) headerRow = r;
  }
  const idCol = Object.entries(cols).find(([h]) => h.endsWith("编号"))![1];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    if (String(ws.getRow(r).getCell(idCol).value ?? "") === id) ws.getRow(r).getCell(cols[header]!).value = value;
  }
  await wb.xlsx.writeFile(file);
}

async function auditActions(store: XlsxStore, rowId: string): Promise<string[]> {
  return (await rowsOf(store, auditTab)).filter((r) => r.cells.rowId === rowId).map((r) => String(r.cells.action));
}

describe("a saved write undone by an office save", () => {
  it("is journalled before it is answered, and written again where its cells still hold what it replaced", async () => {
    const { file, store, journal, deps } = await setup("undone.xlsx");
    const { task, progress } = await openTask(store);
    // The person's copy, opened before the web write and saved after it.
    await copyFile(file, `${file}.person`);

    const outcome = await updateRow(
      liaison,
      tasksTab,
      task.id,
      { values: { progress }, seen: seenOf(task) },
      { action: "更新任务进度", stamp: { updatedBy: "经棚镇联络员" } },
      deps,
    );
    expect(outcome).toMatchObject({ ok: true, changed: ["progress"] });
    const [written] = journal.read();
    expect(written).toMatchObject({
      login: "jingpeng",
      tab: "任务",
      rowId: task.id,
      kind: "update",
      before: { progress: task.progress },
      after: { progress },
      status: "written",
    });

    await copyFile(`${file}.person`, file);
    expect(await progressOf(store, task.id)).toBe(task.progress);

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report).toMatchObject({ reapplied: [written!.id], conflicts: [], wrote: true });
    expect(await progressOf(store, task.id)).toBe(progress);
    expect(journal.read()[0]!.status).toBe("reapplied");
    expect(await auditActions(store, task.id)).toContain("更新任务进度（被表格保存撤销，重新写入）");

    // Read again: nothing more to do.
    expect(await reconcile(await store.readAll(), { store, journal })).toMatchObject({ reapplied: [], conflicts: [], wrote: false });
  });

  it("appends a new row again when its ID is no longer in the tab", async () => {
    const { file, store, journal, deps } = await setup("undone-append.xlsx");
    await copyFile(file, `${file}.person`);
    const id = newRowId("visits", 2026);
    const row = { id, date: { date: "2026-11-02" }, cadre: "李四", unit: "经棚镇", contactPoint: "幸福村", suggestions: 2, solved: 1 };
    expect(await appendRow(liaison, visitsTab, row, { action: "新增走访" }, deps)).toMatchObject({ ok: true, id });
    await copyFile(`${file}.person`, file);
    expect((await datasetOf(store)).visits.some((v) => v.id === id)).toBe(false);

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report.reapplied).toHaveLength(1);
    const visits = (await datasetOf(store)).visits.filter((v) => v.id === id);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ cadre: "李四", suggestions: 2, solved: 1 });
    expect(await auditActions(store, id)).toEqual(["新增走访（被表格保存撤销，重新写入）"]);
  });

  it("is not taken for undone when it landed after the read being reconciled (the page read before the journal)", async () => {
    const { store, journal } = await setup("late-read.xlsx");
    const { task, progress } = await openTask(store);
    const early = await store.readAll();
    // Another process writes after this page's read, before its reconcile reads the journal.
    const other = depsFor(new (store.constructor as typeof XlsxStore)(store.file, { backups: 0 }), { journal });
    expect(await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, other)).toMatchObject({
      ok: true,
    });
    const id = newRowId("visits", 2026);
    expect(
      await appendRow(
        liaison,
        visitsTab,
        { id, date: { date: "2026-11-03" }, cadre: "王五", unit: "经棚镇", contactPoint: "幸福村" },
        { action: "新增走访" },
        other,
      ),
    ).toMatchObject({ ok: true });
    // A second write to the task: the first one's cells now hold a value the early read never saw.
    expect(
      await updateRow(
        liaison,
        tasksTab,
        task.id,
        { values: { progress: progress + 1 }, seen: { ...seenOf(task), progress: formText(progress) } },
        { action: "更新任务进度" },
        other,
      ),
    ).toMatchObject({
      ok: true,
    });

    const report = await reconcile(early, { store, journal });
    expect(report).toEqual({ reapplied: [], applied: [], conflicts: [], wrote: false });
    expect(journal.read().map((r) => r.status)).toEqual(["written", "written", "written"]);
    expect(await auditActions(store, task.id)).toEqual(["更新任务进度", "更新任务进度"]);
    expect(await auditActions(store, id)).toEqual(["新增走访"]);
  });

  it("is appended again once, and logged once, when two stores reconcile it at once", async () => {
    const { file, store, journal, deps } = await setup("undone-append-two.xlsx");
    await copyFile(file, `${file}.person`);
    const id = newRowId("visits", 2026);
    expect(
      await appendRow(
        liaison,
        visitsTab,
        { id, date: { date: "2026-11-05" }, cadre: "钱七", unit: "经棚镇", contactPoint: "老村" },
        { action: "新增走访" },
        deps,
      ),
    ).toMatchObject({ ok: true });
    await copyFile(`${file}.person`, file);

    const other = { store: new (store.constructor as typeof XlsxStore)(file, { backups: 0 }), journal: new Journal(journalDirOf(file)) };
    const [a, b] = await Promise.all([reconcile(await store.readAll(), { store, journal }), reconcile(await other.store.readAll(), other)]);
    expect(a.reapplied.length + b.reapplied.length).toBe(1);
    expect((await datasetOf(store)).visits.filter((v) => v.id === id)).toHaveLength(1);
    expect(await auditActions(store, id)).toEqual(["新增走访（被表格保存撤销，重新写入）"]);
  });
});

describe("a saved write whose cells a person changed to a third value", () => {
  it("is listed as a conflict with both values, and an admin settles it either way", async () => {
    const { file, store, journal, deps } = await setup("conflict.xlsx");
    const { task, progress } = await openTask(store);
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    await handSet(file, "任务", task.id, "进度", 5);

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report).toMatchObject({ reapplied: [], wrote: false });
    const [conflict] = journalConflicts(journal);
    expect(conflict).toMatchObject({ tab: "任务", rowId: task.id, login: "jingpeng", after: { progress }, workbook: { progress: 5 } });
    // Seen again on the next read, not re-applied over the person's value.
    await reconcile(await store.readAll(), { store, journal });
    expect(await progressOf(store, task.id)).toBe(5);

    // The person changes it once more after the admin looked: applying writes nothing.
    await handSet(file, "任务", task.id, "进度", 6);
    const stale = await settleConflict(conflict!.id, "apply", admin, { store, journal });
    expect(stale).toMatchObject({ ok: false, notice: { code: "journal.changed-again" } });
    expect(await progressOf(store, task.id)).toBe(6);
    expect(journalConflicts(journal)[0]!.workbook).toEqual({ progress: 6 });

    expect(await settleConflict(conflict!.id, "apply", admin, { store, journal })).toEqual({ ok: true, status: "forced" });
    expect(await progressOf(store, task.id)).toBe(progress);
    expect(journalConflicts(journal)).toEqual([]);
    expect(await auditActions(store, task.id)).toContain("处理冲突：写入网页的值");
  });

  it("keeping the workbook's value leaves the cell and closes the conflict", async () => {
    const { file, store, journal, deps } = await setup("conflict-keep.xlsx");
    const { task, progress } = await openTask(store);
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    await handSet(file, "任务", task.id, "进度", 3);
    await reconcile(await store.readAll(), { store, journal });
    const [conflict] = journalConflicts(journal);
    expect(await settleConflict(conflict!.id, "keep", admin, { store, journal })).toEqual({ ok: true, status: "kept" });
    expect(await progressOf(store, task.id)).toBe(3);
    expect(journalConflicts(journal)).toEqual([]);
    expect(await auditActions(store, task.id)).toContain("处理冲突：保留表格中的值");
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal)).toEqual([]);
  });

  it("closes by itself once the workbook holds the web value, or a later web write was made on top of it — not for a write made without it", async () => {
    const { file, store, journal, deps } = await setup("conflict-closes.xlsx");
    const { task, progress } = await openTask(store);
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    await handSet(file, "任务", task.id, "进度", 2);
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal)).toHaveLength(1);
    // Someone types the web value into the sheet.
    await handSet(file, "任务", task.id, "进度", progress);
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal)).toEqual([]);

    const other = (await datasetOf(store)).tasks.find((t) => t.id !== task.id && t.status === "进行中" && typeof t.progress === "number" && t.progress < 90)!;
    await updateRow(liaison, tasksTab, other.id, { values: { progress: other.progress! + 3 }, seen: seenOf(other) }, { action: "更新任务进度" }, deps);
    await handSet(file, "任务", other.id, "进度", other.progress! + 5);
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal).map((r) => r.rowId)).toEqual([other.id]);
    // Someone, seeing the person's value, saves another: it lands, but the earlier web value was never
    // seen by them, so its conflict stays listed for an admin to settle — never closed silently.
    const now = (await datasetOf(store)).tasks.find((t) => t.id === other.id)!;
    await updateRow(admin, tasksTab, other.id, { values: { progress: other.progress! + 8 }, seen: seenOf(now) }, { action: "更新任务进度" }, deps);
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal).map((r) => r.rowId)).toEqual([other.id]);
    expect(await progressOf(store, other.id)).toBe(other.progress! + 8);
    // A web write made on top of the conflicting value (it had landed after all) does close it.
    const [listed] = journalConflicts(journal);
    await handSet(file, "任务", other.id, "进度", other.progress! + 3);
    const back = (await datasetOf(store)).tasks.find((t) => t.id === other.id)!;
    await updateRow(liaison, tasksTab, other.id, { values: { progress: other.progress! + 9 }, seen: seenOf(back) }, { action: "更新任务进度" }, deps);
    await reconcile(await store.readAll(), { store, journal });
    expect(journalConflicts(journal).map((r) => r.id)).not.toContain(listed!.id);
  });

  it("does not take a later web write of the same cell for a conflict", async () => {
    const { store, journal, deps } = await setup("two-writes.xlsx");
    const { task, progress } = await openTask(store);
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    await updateRow(
      liaison,
      tasksTab,
      task.id,
      { values: { progress: progress + 1 }, seen: { ...seenOf(task), progress: String(progress) } },
      { action: "更新任务进度" },
      deps,
    );
    expect(await reconcile(await store.readAll(), { store, journal })).toMatchObject({ reapplied: [], conflicts: [], wrote: false });
  });

  it("lists, not drops, a write an office save undid before a later web write was made on the undone cell", async () => {
    const { file, store, journal, deps } = await setup("undone-then-written.xlsx");
    const { task, progress } = await openTask(store);
    await copyFile(file, `${file}.person`);
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    // The office save undoes it before any read could put it back; then someone, seeing the old value, writes another.
    await copyFile(`${file}.person`, file);
    const later = await updateRow(admin, tasksTab, task.id, { values: { progress: progress + 1 }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    expect(later).toMatchObject({ ok: true });

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report.conflicts).toHaveLength(1);
    const [conflict] = journalConflicts(journal);
    expect(conflict).toMatchObject({ rowId: task.id, login: "jingpeng", after: { progress }, workbook: { progress: progress + 1 } });
    // The later write stands; the earlier one waits for an admin instead of vanishing.
    expect(await progressOf(store, task.id)).toBe(progress + 1);
  });
});

describe("a write while an office suite holds the workbook", () => {
  it("is accepted as pending, shown to its author, and written by the next read after the lock goes", async () => {
    const { file, store, journal, deps } = await setup("pending.xlsx");
    const { task, progress } = await openTask(store);
    const lock = path.join(dir, ".~lock.pending.xlsx#");
    await writeFile(lock, ",张会计,PC-17,20.11.2026 10:00,file:///home/zhang/.config/libreoffice/4;");
    const version = await store.version();
    const id = newRowId("visits", 2026);
    const visit = { id, date: { date: "2026-11-03" }, cadre: "王五", unit: "经棚镇", contactPoint: "新村", suggestions: 1, solved: 0 };

    const appended = await appendRow(liaison, visitsTab, visit, { action: "新增走访" }, deps);
    expect(appended).toEqual({ ok: true, id, row: 0, audited: false, pending: true });
    // Sent twice while waiting: one entry.
    expect(await appendRow(liaison, visitsTab, visit, { action: "新增走访" }, deps)).toMatchObject({ ok: true, repeated: true, pending: true });
    const updated = await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    expect(updated).toMatchObject({ ok: true, pending: true, changed: ["progress"] });
    expect(await store.version()).toBe(version);
    expect(pendingWrites(journal, "jingpeng").map((r) => r.rowId)).toEqual([id, task.id]);
    expect(pendingWrites(journal, "someone-else")).toEqual([]);

    // Still held: nothing written, still pending.
    expect(await reconcile(await store.readAll(), { store, journal })).toMatchObject({ applied: [], wrote: false });
    expect(pendingWrites(journal)).toHaveLength(2);

    await rm(lock);
    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report.applied).toHaveLength(2);
    expect(pendingWrites(journal)).toEqual([]);
    const dataset = await datasetOf(store);
    expect(dataset.visits.filter((v) => v.id === id)).toHaveLength(1);
    expect(dataset.tasks.find((t) => t.id === task.id)?.progress).toBe(progress);
    expect(await auditActions(store, id)).toEqual(["新增走访（暂存后写入）"]);
    expect((await rowsOf(store, auditTab)).find((r) => r.cells.rowId === id)?.cells.login).toBe("jingpeng");
    expect(file).toBeTruthy();
  });

  it("a pending update whose cells a person changed in the meantime becomes a conflict, not an overwrite", async () => {
    const { file, store, journal, deps } = await setup("pending-conflict.xlsx");
    const { task, progress } = await openTask(store);
    const lock = path.join(dir, ".~lock.pending-conflict.xlsx#");
    await writeFile(lock, ",张会计,PC-17,now,;");
    await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps);
    // The person holding the file changes the same cell, saves and closes.
    await handSet(file, "任务", task.id, "进度", 1);
    await rm(lock);

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report.conflicts).toHaveLength(1);
    expect(await progressOf(store, task.id)).toBe(1);
    expect(journalConflicts(journal)[0]).toMatchObject({ rowId: task.id, after: { progress }, workbook: { progress: 1 } });
  });

  it("made on top of a web write an office save then undid is written over what that write replaced, not listed as a conflict", async () => {
    const { file, store, journal, deps } = await setup("pending-on-undone.xlsx");
    const { task, progress } = await openTask(store);
    await copyFile(file, `${file}.person`); // LibreOffice opens the file a few ms before its lock file exists
    expect(await updateRow(liaison, tasksTab, task.id, { values: { progress }, seen: seenOf(task) }, { action: "更新任务进度" }, deps)).toMatchObject({
      ok: true,
    });
    const lock = path.join(dir, ".~lock.pending-on-undone.xlsx#");
    await writeFile(lock, ",张会计,PC-17,now,;");
    const again = await updateRow(
      liaison,
      tasksTab,
      task.id,
      { values: { progress: progress + 1 }, seen: { ...seenOf(task), progress: formText(progress) } },
      { action: "更新任务进度" },
      deps,
    );
    expect(again).toMatchObject({ ok: true, pending: true });
    await copyFile(`${file}.person`, file); // its save undoes the first write
    await rm(lock);

    const report = await reconcile(await store.readAll(), { store, journal });
    expect(report).toMatchObject({ applied: [expect.any(String)], conflicts: [], wrote: true });
    expect(await progressOf(store, task.id)).toBe(progress + 1);
    expect(journalConflicts(journal)).toEqual([]);
    expect(journal.read().map((r) => [r.status, r.by ?? null])).toEqual([
      ["kept", "网页"],
      ["applied", null],
    ]);
    expect(await auditActions(store, task.id)).toEqual(["更新任务进度（暂存后写入）"]);
    expect(await reconcile(await store.readAll(), { store, journal })).toMatchObject({ reapplied: [], applied: [], conflicts: [], wrote: false });
  });

  it("two stores reconciling at once write a pending visit once", async () => {
    const { store, journal, deps, file } = await setup("pending-two.xlsx");
    const lock = path.join(dir, ".~lock.pending-two.xlsx#");
    await writeFile(lock, ",张会计,PC-17,now,;");
    const id = newRowId("visits", 2026);
    await appendRow(
      liaison,
      visitsTab,
      { id, date: { date: "2026-11-04" }, cadre: "赵六", unit: "经棚镇", contactPoint: "老村" },
      { action: "新增走访" },
      deps,
    );
    await rm(lock);

    const other = { store: new (store.constructor as typeof XlsxStore)(file, { backups: 0 }), journal: new Journal(journalDirOf(file)) };
    const raw = await store.readAll();
    const [a, b] = await Promise.all([reconcile(raw, { store, journal }), reconcile(await other.store.readAll(), other)]);
    expect(a.applied.length + b.applied.length).toBe(1);
    expect((await datasetOf(store)).visits.filter((v) => v.id === id)).toHaveLength(1);
    expect(await auditActions(store, id)).toEqual(["新增走访（暂存后写入）"]);
  });
});

/**
 * Group commit on the local workbook: twenty form posts at once, through the
 * write layer with its journal, on real files. Writes that arrive while one is
 * being saved go into the next save together, yet each is checked on its own
 * cells, answered on its own, journalled and logged on its own; none is lost.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendRow, updateRow } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { auditTab, tasksTab, visitsTab, type Task } from "@/lib/schema/tabs";
import { Journal, journalDirOf } from "@/lib/sheets/journal";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { datasetOf, depsFor, rowsOf, sampleData } from "./writes-support";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "group-commit-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const liaison = { login: "jingpeng" };

function seenOf(task: Task) {
  return { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
}

describe("group commit (local workbook)", () => {
  it("answers twenty simultaneous writes, each checked, journalled and logged on its own, none lost, in fewer saves", async () => {
    const file = path.join(dir, "group.xlsx");
    let saves = 0;
    const store = new XlsxStore(file, { backups: 0, beforeReplace: () => void saves++ });
    await store.create(sampleData());
    const journal = new Journal(journalDirOf(file));
    const deps = depsFor(store, { journal });

    const tasks = (await datasetOf(store)).tasks;
    expect(tasks.length).toBeGreaterThanOrEqual(17);
    const updates = tasks.slice(0, 16);
    const stale = tasks[16]!;
    const note = (task: Task) => `${formText(task.notes)}（第 ${task.id} 条补充）`;
    const visitIds = Array.from({ length: 3 }, () => newRowId("visits", 2026));
    const auditBefore = (await rowsOf(store, auditTab)).length;

    const posts = [
      ...updates.map((task) =>
        updateRow(
          liaison,
          tasksTab,
          task.id,
          { values: { notes: note(task) }, seen: seenOf(task) },
          { action: "更新任务进度", stamp: { updatedBy: "联络员" } },
          deps,
        ),
      ),
      // A form opened before someone else changed this task's note: refused on its own cells.
      updateRow(
        liaison,
        tasksTab,
        stale.id,
        { values: { notes: note(stale) }, seen: { ...seenOf(stale), notes: "打开表单时的旧备注" } },
        { action: "更新任务进度" },
        deps,
      ),
      ...visitIds.map((id, i) =>
        appendRow(
          liaison,
          visitsTab,
          { id, date: { date: "2026-11-02" }, cadre: `干部${i}`, unit: "经棚镇", contactPoint: "幸福村", suggestions: i + 1, solved: 0 },
          { action: "新增走访" },
          deps,
        ),
      ),
    ];
    const started = Date.now();
    const outcomes = await Promise.all(posts);
    const elapsed = Date.now() - started;

    // Every one answered on its own: sixteen updates and three new visits saved, the stale one a conflict.
    outcomes.slice(0, 16).forEach((o, i) => expect(o, updates[i]!.id).toMatchObject({ ok: true, changed: ["notes"], audited: true }));
    expect(outcomes[16]).toMatchObject({ ok: false, reason: "conflict", current: { notes: stale.notes ?? null } });
    outcomes.slice(17).forEach((o, i) => expect(o).toMatchObject({ ok: true, id: visitIds[i], audited: true }));
    expect(outcomes.some((o) => !o.ok && o.reason === "busy")).toBe(false);

    // Grouped: the first write is saved alone, the ones that arrived meanwhile together after it.
    expect(saves).toBeGreaterThanOrEqual(2);
    expect(saves).toBeLessThan(posts.length);
    expect(elapsed).toBeLessThan(20_000);

    // None lost: read from the file by a fresh store, not the writer's cache.
    const fresh = await datasetOf(new XlsxStore(file));
    for (const task of updates) expect(fresh.tasks.find((t) => t.id === task.id)?.notes, task.id).toBe(note(task));
    expect(fresh.tasks.find((t) => t.id === stale.id)?.notes).toBe(stale.notes);
    for (const id of visitIds) expect(fresh.visits.filter((v) => v.id === id)).toHaveLength(1);

    // Its own 操作日志 row each, and its own journal entry each; nothing for the refused one.
    const audit = (await rowsOf(new XlsxStore(file), auditTab)).slice(auditBefore);
    expect(audit).toHaveLength(19);
    for (const task of updates) expect(audit.filter((r) => r.cells.rowId === task.id).map((r) => r.cells.action)).toEqual(["更新任务进度"]);
    for (const id of visitIds) expect(audit.filter((r) => r.cells.rowId === id).map((r) => r.cells.action)).toEqual(["新增走访"]);
    expect(audit.some((r) => r.cells.rowId === stale.id)).toBe(false);
    const entries = journal.read();
    expect(entries).toHaveLength(19);
    for (const task of updates)
      expect(entries.filter((e) => e.rowId === task.id)).toMatchObject([{ kind: "update", status: "written", after: { notes: note(task) } }]);
    for (const id of visitIds) expect(entries.filter((e) => e.rowId === id)).toMatchObject([{ kind: "append", status: "written" }]);

    // The writer's cached read after the last save is the file's: the untouched tabs kept, the rewritten ones read back.
    const cached = await store.readAll();
    const whole = await readWorkbookFast(file);
    expect(cached.tabs).toEqual(whole);
  });

  it("saves every write on its own, one after another, with groupCommit off (the path before)", async () => {
    const file = path.join(dir, "single.xlsx");
    let saves = 0;
    const store = new XlsxStore(file, { backups: 0, groupCommit: false, beforeReplace: () => void saves++ });
    await store.create(sampleData());
    const deps = depsFor(store);
    const tasks = (await datasetOf(store)).tasks.filter((t) => t.status === "进行中" && typeof t.progress === "number" && t.progress < 90).slice(0, 4);
    const outcomes = await Promise.all(
      tasks.map((task) =>
        updateRow(liaison, tasksTab, task.id, { values: { progress: task.progress! + 2 }, seen: seenOf(task) }, { action: "更新任务进度" }, deps),
      ),
    );
    outcomes.forEach((o) => expect(o).toMatchObject({ ok: true }));
    expect(saves).toBe(tasks.length);
    const fresh = await datasetOf(new XlsxStore(file));
    for (const task of tasks) expect(fresh.tasks.find((t) => t.id === task.id)?.progress).toBe(task.progress! + 2);
  });
});

/**
 * The write layer on the local workbook, with the real workbook library on
 * real files: only changed cells written, in the row found by ID; conflicts
 * refused with what is there now; values literal; an audit row per write;
 * office locks respected; the app's own writes serialised across processes.
 */
import ExcelJS from "exceljs";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendRow, assignIds, updateRow } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { auditTab, tasksTab, visitsTab, type Task } from "@/lib/schema/tabs";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { datasetOf, depsFor, rowsOf, seededWorkbook, storedCell } from "./writes-support";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-writes-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const admin = { login: "admin" };

/** What a task form shows, as the user saw it. */
function seenOf(task: Task) {
  return { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
}

/** A person's save from an office suite: the file is replaced with their version. */
async function handEdit(file: string, sheet: string, edit: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb.getWorksheet(sheet)!);
  await wb.xlsx.writeFile(file);
}

/** Column number (1-based) of a header in a sheet. */
async function columnOf(file: string, sheet: string, header: string): Promise<{ col: number; headerRow: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  for (let r = 1; r <= 10; r++) {
    let col = 0;
    ws.getRow(r).eachCell((cell, c) => {
      if (String(cell.value).trim() === header) col = c;
    });
    if (col) return { col, headerRow: r };
  }
  throw new Error(`no header ${header}`);
}

describe("updating a row", () => {
  it("writes only the cells the user changed, in the row found by ID, and logs who changed what", async () => {
    const { store } = await seededWorkbook(dir, "update.xlsx");
    const before = await datasetOf(store);
    const task = before.tasks.find((t) => t.status === "进行中")!;
    const tasksBefore = await rowsOf(store, tasksTab);

    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 75, status: task.status!, doneOn: null, notes: task.notes ?? null }, seen: seenOf(task) },
      { action: "更新任务进度", stamp: { updatedBy: "张三" } },
      depsFor(store),
    );
    expect(outcome).toMatchObject({ ok: true, changed: ["progress"], after: { progress: 75, updatedBy: "张三" }, audited: true });

    const tasksAfter = await rowsOf(store, tasksTab);
    // Same rows, same order; in the task's row only 进度 and 更新人 differ.
    expect(tasksAfter.map((r) => r.cells.id)).toEqual(tasksBefore.map((r) => r.cells.id));
    const i = tasksBefore.findIndex((r) => r.cells.id === task.id);
    expect(tasksAfter.filter((_, k) => k !== i)).toEqual(tasksBefore.filter((_, k) => k !== i));
    expect({ ...tasksAfter[i]!.cells, progress: null, updatedBy: null }).toEqual({ ...tasksBefore[i]!.cells, progress: null, updatedBy: null });

    const audit = (await datasetOf(store)).audit.at(-1)!;
    expect(audit).toMatchObject({ login: "admin", action: "更新任务进度", tab: "任务", rowId: task.id });
    expect(JSON.parse(audit.before!)).toEqual({ progress: task.progress, updatedBy: tasksBefore[i]!.cells.updatedBy ?? null });
    expect(JSON.parse(audit.after!)).toEqual({ progress: 75, updatedBy: "张三" });
  });

  it("writes nothing, not even to the log, when nothing changed", async () => {
    const { store, file } = await seededWorkbook(dir, "unchanged.xlsx");
    const task = (await datasetOf(store)).tasks[3]!;
    const version = await store.version();
    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: task.progress ?? null, notes: task.notes ?? null }, seen: seenOf(task) },
      { action: "x" },
      depsFor(store),
    );
    expect(outcome).toMatchObject({ ok: true, changed: [] });
    expect(await store.version()).toBe(version);
    expect(file).toBeTruthy();
  });

  it("writes nothing when someone changed those cells meanwhile, and says what is there now", async () => {
    const { store, file } = await seededWorkbook(dir, "conflict.xlsx");
    const task = (await datasetOf(store)).tasks.find((t) => t.status === "进行中")!;
    const seen = seenOf(task);
    const { col } = await columnOf(file, "任务", "进度");
    await handEdit(file, "任务", (ws) => {
      ws.eachRow((row) => {
        if (row.getCell(1).value === task.id) row.getCell(col).value = 33;
      });
    });
    const auditBefore = (await datasetOf(store)).audit.length;

    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 90, notes: "我的备注" }, seen },
      { action: "更新任务进度" },
      depsFor(store),
    );
    expect(outcome).toMatchObject({ ok: false, reason: "conflict", current: { progress: 33, notes: task.notes ?? null } });
    const after = await datasetOf(store);
    const row = after.tasks.find((t) => t.id === task.id);
    expect([row?.progress, row?.notes]).toEqual([33, task.notes]);
    expect(after.audit).toHaveLength(auditBefore);

    // "Keep mine": the same values sent against what is there now.
    const again = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 90, notes: "我的备注" }, seen: { ...seen, progress: "33" } },
      { action: "更新任务进度" },
      depsFor(store),
    );
    expect(again).toMatchObject({ ok: true, changed: ["progress", "notes"] });
    expect((await datasetOf(store)).tasks.find((t) => t.id === task.id)).toMatchObject({ progress: 90, notes: "我的备注" });
  });

  it("is no conflict when someone changed a cell the user did not change: both edits stay", async () => {
    const { store, file } = await seededWorkbook(dir, "other-cell.xlsx");
    const task = (await datasetOf(store)).tasks[7]!;
    const { col } = await columnOf(file, "任务", "备注");
    await handEdit(file, "任务", (ws) => {
      ws.eachRow((row) => {
        if (row.getCell(1).value === task.id) row.getCell(col).value = "组织部已电话督办";
      });
    });
    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 55, notes: task.notes ?? null }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store),
    );
    expect(outcome).toMatchObject({ ok: true, changed: ["progress"] });
    expect((await datasetOf(store)).tasks.find((t) => t.id === task.id)).toMatchObject({ progress: 55, notes: "组织部已电话督办" });
  });

  it("refuses a unit user whose unit stopped leading the task in the sheet meanwhile", async () => {
    const { store, file } = await seededWorkbook(dir, "guard.xlsx");
    const task = (await datasetOf(store)).tasks.find((t) => t.leadUnit === "经棚镇")!;
    const { col } = await columnOf(file, "任务", "牵头单位");
    await handEdit(file, "任务", (ws) => {
      ws.eachRow((row) => {
        if (row.getCell(1).value === task.id) row.getCell(col).value = "宇宙地镇";
      });
    });
    const guard = { column: "leadUnit", unit: "经棚镇", refusal: (now: string | null) => `牵头单位已改为「${now}」` };
    const outcome = await updateRow(
      { login: "unit" },
      tasksTab,
      task.id,
      { values: { progress: 99 }, seen: seenOf(task) },
      { action: "更新任务进度", guard },
      depsFor(store),
    );
    expect(outcome).toEqual({
      ok: false,
      reason: "forbidden",
      params: expect.objectContaining({ detail: "牵头单位已改为「宇宙地镇」" }),
      message: "牵头单位已改为「宇宙地镇」",
    });
    expect((await datasetOf(store)).tasks.find((t) => t.id === task.id)?.progress).toBe(task.progress);
  });

  it("says the row is gone when someone deleted it", async () => {
    const { store } = await seededWorkbook(dir, "gone.xlsx");
    const outcome = await updateRow(admin, tasksTab, "RW-2026-404", { values: { progress: 1 }, seen: { progress: "" } }, { action: "x" }, depsFor(store));
    expect(outcome).toMatchObject({ ok: false, reason: "not-found" });
    expect(outcome.ok === false && outcome.message).toContain("找不到任务编号为「RW-2026-404」的行");
  });
});

describe("values are stored as values", () => {
  it("keeps a typed formula as text, and a date as a real date cell", async () => {
    const { store, file } = await seededWorkbook(dir, "literal.xlsx");
    const task = (await datasetOf(store)).tasks.find((t) => t.status === "进行中")!;
    const formula = '=IMPORTDATA("http://x")';
    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { notes: formula, status: "已完成", progress: 100, doneOn: { date: "2026-11-18" } }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store),
    );
    expect(outcome.ok).toBe(true);
    const notes = await storedCell(file, "任务", tasksTab, task.id, "notes");
    expect(notes.value).toBe(formula); // a string, not { formula }
    const doneOn = await storedCell(file, "任务", tasksTab, task.id, "doneOn");
    expect(doneOn.value).toEqual(new Date(Date.UTC(2026, 10, 18)));
    expect(doneOn.numFmt).toBe("yyyy-mm-dd");
    expect((await datasetOf(store)).tasks.find((t) => t.id === task.id)).toMatchObject({ notes: formula, doneOn: "2026-11-18", status: "已完成" });
  });
});

describe("an office suite holding the workbook", () => {
  it("refuses with who holds it and writes nothing", async () => {
    const { store, file } = await seededWorkbook(dir, "locked.xlsx");
    const task = (await datasetOf(store)).tasks[0]!;
    const lock = path.join(dir, ".~lock.locked.xlsx#");
    await writeFile(lock, ",张会计,PC-17,20.11.2026 10:00,file:///home/zhang/.config/libreoffice/4;");
    const version = await store.version();
    try {
      const outcome = await updateRow(admin, tasksTab, task.id, { values: { progress: 12 }, seen: seenOf(task) }, { action: "x" }, depsFor(store));
      expect(outcome).toEqual({
        ok: false,
        reason: "locked",
        params: expect.objectContaining({ holder: "张会计" }),
        message: "工作簿正在被 张会计 编辑，请保存并关闭后再提交",
      });
      const appended = await appendRow(
        admin,
        visitsTab,
        { id: newRowId("visits", 2026), date: { date: "2026-11-01" }, cadre: "李四", unit: "经棚镇", contactPoint: "幸福村" },
        { action: "x" },
        depsFor(store),
      );
      expect(appended).toMatchObject({ ok: false, reason: "locked" });
      expect(await store.version()).toBe(version);
    } finally {
      await rm(lock);
    }
    expect(file).toBeTruthy();
  });

  it("checks again just before replacing the file: a suite that opened it while the app worked wins", async () => {
    const { file } = await seededWorkbook(dir, "late-lock.xlsx");
    const lock = path.join(dir, ".~lock.late-lock.xlsx#");
    // The person's lock file lands while the app works on its new file; a write that takes less time
    // than the watcher's event would outrun them, so the store waits (tests only) until it is there, written whole.
    const store = new XlsxStore(file, {
      backups: 0,
      beforeReplace: async () => {
        for (let i = 0; i < 500 && !(existsSync(lock) && readFileSync(lock, "utf8").includes("王主任")); i++) await new Promise((r) => setTimeout(r, 10));
      },
    });
    const task = (await datasetOf(store)).tasks[0]!;
    const version = await store.version();
    // The moment the app starts writing its new file beside the old one, someone opens the workbook.
    const watcher = watch(dir, (_event, name) => {
      if (name?.startsWith("late-lock.xlsx.") && name.endsWith(".tmp")) void writeFile(lock, ",王主任,PC-3,now,;");
    });
    try {
      const outcome = await store.updateById(tasksTab, task.id, { progress: 44 });
      expect(outcome).toEqual({ ok: false, reason: "locked", detail: "王主任" });
      expect(await store.version()).toBe(version);
      expect((await readdir(dir)).filter((f) => f.startsWith("late-lock.xlsx.") && f.endsWith(".tmp"))).toEqual([]);
    } finally {
      watcher.close();
      await rm(lock, { force: true });
    }
  });
});

describe("new rows", () => {
  it("land once when the same submission is sent twice; an ID another row holds is refused", async () => {
    const { store } = await seededWorkbook(dir, "append.xlsx");
    const id = newRowId("visits", 2026);
    const row = {
      id,
      date: { date: "2026-11-02" },
      cadre: "王五",
      unit: "经棚镇",
      contactPoint: "幸福村",
      suggestions: 2,
      solved: 1,
      enteredAt: { dateTime: new Date().toISOString() },
    };
    const first = await appendRow(admin, visitsTab, row, { action: "新增走访" }, depsFor(store));
    const second = await appendRow(
      admin,
      visitsTab,
      { ...row, enteredAt: { dateTime: new Date(Date.now() + 1000).toISOString() } },
      { action: "新增走访" },
      depsFor(store),
    );
    expect(first).toMatchObject({ ok: true, id, audited: true });
    expect(second).toMatchObject({ ok: true, id, repeated: true, audited: false });
    const after = await datasetOf(store);
    expect(after.visits.filter((v) => v.id === id)).toHaveLength(1);
    expect(after.visits.find((v) => v.id === id)).toMatchObject({ date: "2026-11-02", suggestions: 2, solved: 1 });
    expect(after.audit.filter((a) => a.rowId === id)).toHaveLength(1);

    const forged = await appendRow(admin, visitsTab, { ...row, cadre: "冒名" }, { action: "新增走访" }, depsFor(store));
    expect(forged).toMatchObject({ ok: false, reason: "id-taken" });
    expect((await datasetOf(store)).visits.find((v) => v.id === id)?.cadre).toBe("王五");
  });
});

describe("assigning IDs", () => {
  it("fills only the empty ID cells, each logged, every other cell as it was", async () => {
    const { store, file } = await seededWorkbook(dir, "assign.xlsx");
    const { col, headerRow } = await columnOf(file, "任务", "任务编号");
    const cleared: number[] = [headerRow + 2, headerRow + 5];
    await handEdit(file, "任务", (ws) => {
      for (const r of cleared) ws.getRow(r).getCell(col).value = null;
    });
    const before = await rowsOf(store, tasksTab);
    expect((await datasetOf(store)).problems.filter((p) => p.code === "missing-id")).toHaveLength(2);

    const outcome = await assignIds(admin, tasksTab, () => newRowId("tasks", 2026), depsFor(store));
    expect(outcome).toMatchObject({ ok: true, audited: true });
    const assigned = outcome.ok ? outcome.assigned : [];
    expect(assigned.map((a) => a.row)).toEqual(cleared);

    const after = await rowsOf(store, tasksTab);
    expect(after.map((r) => ({ ...r.cells, id: null }))).toEqual(before.map((r) => ({ ...r.cells, id: null })));
    expect(after.filter((r) => cleared.includes(r.row)).map((r) => r.cells.id)).toEqual(assigned.map((a) => a.id));
    const dataset = await datasetOf(store);
    expect(dataset.problems.filter((p) => p.code === "missing-id")).toEqual([]);
    expect(dataset.audit.filter((a) => a.action === "补编号").map((a) => a.rowId)).toEqual(assigned.map((a) => a.id));

    expect(await assignIds(admin, tasksTab, () => newRowId("tasks", 2026), depsFor(store))).toEqual({ ok: true, assigned: [], audited: true });
  });
});

describe("the workbook file", () => {
  it("keeps the last N earlier versions beside it", async () => {
    const sub = await mkdtemp(path.join(dir, "backups-"));
    const { store } = await seededWorkbook(sub, "kept.xlsx", 3);
    const task = (await datasetOf(store)).tasks[0]!;
    for (let i = 0; i < 5; i++) {
      expect((await store.updateById(tasksTab, task.id, { notes: `第${i}次` })).ok).toBe(true);
    }
    const backups = await readdir(path.join(sub, ".backups"));
    expect(backups).toHaveLength(3);
    const oldest = new XlsxStore(path.join(sub, ".backups", backups.sort()[0]!));
    expect((await datasetOf(oldest)).tasks.find((t) => t.id === task.id)?.notes).toBe("第1次");
  });

  it("serialises the app's writes across processes: two at once lose nothing", async () => {
    const { store, file } = await seededWorkbook(dir, "two-processes.xlsx");
    const tasks = (await datasetOf(store)).tasks.slice(0, 6).map((t) => t.id);
    const run = promisify(execFile);
    const worker = path.resolve("tests/integration/writes-worker.ts");
    const launch = (name: string, ids: string[]) =>
      run(process.execPath, ["--import", "tsx", worker, file, name, "8", ids.join(",")], { cwd: process.cwd(), timeout: 110_000 });
    const [a, b] = await Promise.all([launch("A", tasks.slice(0, 3)), launch("B", tasks.slice(3))]);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as { pid: number; appended: string[]; updated: string[] }[];
    expect(results[0]!.pid).not.toBe(results[1]!.pid);

    const dataset = await datasetOf(store);
    const visitIds = dataset.visits.map((v) => v.id);
    for (const id of results.flatMap((r) => r.appended)) expect(visitIds.filter((v) => v === id)).toHaveLength(1);
    expect(dataset.visits).toHaveLength(584 + 16);
    // Each task's notes hold its process's last write: no update was lost to the other's save.
    for (const r of results) {
      const last = new Map(r.updated.map((u) => u.split("=") as [string, string]));
      for (const [task, notes] of last) expect(dataset.tasks.find((t) => t.id === task)?.notes).toBe(notes);
    }
    expect(dataset.problems.filter((p) => p.severity === "error")).toEqual([]);
  }, 120_000);
});

describe("the audit tab", () => {
  it("is written with the time, the login, the tab and the row, nothing else of the sheet changed", async () => {
    const { store } = await seededWorkbook(dir, "audit.xlsx");
    const auditRows = (await rowsOf(store, auditTab)).length;
    const task = (await datasetOf(store)).tasks[1]!;
    await updateRow(
      { login: "zuzhibu@example.gov.cn" },
      tasksTab,
      task.id,
      { values: { notes: "督办中" }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store, { now: () => new Date("2026-11-20T02:03:04Z") }),
    );
    const rows = await rowsOf(store, auditTab);
    expect(rows).toHaveLength(auditRows + 1);
    const entry = (await datasetOf(store)).audit.at(-1)!;
    // 10:03:04 in Asia/Shanghai, as staff read it.
    expect(entry).toMatchObject({ at: "2026-11-20T10:03:04", login: "zuzhibu@example.gov.cn", tab: "任务", rowId: task.id });
  });
});

/**
 * Staff keep the workbook in LibreOffice. Real LibreOffice (headless, driven
 * through UNO) edits a seeded workbook the way a person does — typing values,
 * adding a title row, inserting and deleting rows, sorting — and saves it as
 * .xlsx; the app's own store and schema must then read exactly what was done.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnLetter, type RawWorkbook } from "@/lib/schema/cells";
import type { Columns } from "@/lib/schema/columns";
import { findHeaderRow, isHeaderMap } from "@/lib/schema/header";
import type { Problem } from "@/lib/schema/problems";
import { tasksTab, usersTab, visitsTab, type TabSpec } from "@/lib/schema/tabs";
import { parseWorkbook, type Dataset } from "@/lib/schema/workbook";
import type { TabContent } from "@/lib/sheets/store";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { generateSampleData } from "@/seeds/generate";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";

let dir: string;
let sample: TabContent[];

beforeAll(async () => {
  if (!libreOfficeAvailable()) {
    throw new Error(`These tests edit workbooks with real LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-lo-test-"));
  sample = generateSampleData({ year: 2026, today: "2026-06-15" });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function seededWorkbook(name: string): Promise<{ file: string; store: XlsxStore }> {
  const file = path.join(dir, name);
  const store = new XlsxStore(file, { backups: 0 });
  await store.create(sample);
  return { file, store };
}

/** Where a tab's columns sit in the workbook as read, so edits address cells as a person sees them. */
function sheetLayout<C extends Columns>(raw: RawWorkbook, spec: TabSpec<C>) {
  const tab = raw.tabs.find((t) => t.title === spec.title);
  if (!tab) throw new Error(`no tab ${spec.title}`);
  const header = findHeaderRow(spec, tab.rows);
  if (!isHeaderMap(header)) throw new Error(`no header in ${spec.title}`);
  const column = (key: keyof C & string) => {
    const index = header.index[key];
    if (index === undefined) throw new Error(`${spec.title} has no column ${key}`);
    return columnLetter(index);
  };
  return {
    headerRow: header.row,
    column,
    cell: (key: keyof C & string, row: number) => `${column(key)}${row}`,
    /** A row laid out in the sheet's column order, for insertRows. */
    row(values: Partial<Record<keyof C & string, string | number>>): (string | number | null)[] {
      const cells: (string | number | null)[] = Array.from({ length: header.width }, () => null);
      for (const [key, value] of Object.entries(values)) {
        const index = header.index[key];
        if (index === undefined) throw new Error(`${spec.title} has no column ${key}`);
        cells[index] = value as string | number;
      }
      return cells;
    },
  };
}

type Located = Pick<Problem, "tab" | "row" | "column" | "cell" | "value" | "code" | "severity" | "rowId">;

/** The parts of a problem that say where it is and what is wrong. */
function located(p: Problem): Located {
  return { tab: p.tab, row: p.row, column: p.column, cell: p.cell, value: p.value, code: p.code, severity: p.severity, rowId: p.rowId };
}

/** A dataset's problems in a stable order, so two lists compare whole. */
function problemList(problems: Problem[], extra: Located[] = []): Located[] {
  const key = (p: Located) => `${p.tab}|${String(p.row ?? 0).padStart(6, "0")}|${p.cell ?? ""}|${p.code}`;
  return [...problems.map(located), ...extra].sort((a, b) => key(a).localeCompare(key(b)));
}

function rowsById<T extends { id: string; _row: number }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

function expectNoCellProblems(dataset: Dataset) {
  // The seed leaves no cell-level problem, so every one after an edit is the edit's.
  expect(dataset.problems.filter((p) => p.row !== undefined).map(located)).toEqual([]);
}

describe("a workbook edited by hand in LibreOffice", () => {
  it("reads back changed cells, a title row, an inserted row and exactly the two cells broken", async () => {
    const { file, store } = await seededWorkbook("edited.xlsx");
    const rawBefore = await store.readAll();
    expect(await store.readAll()).toBe(rawBefore); // unchanged file: no re-read
    const before = parseWorkbook(rawBefore);
    expectNoCellProblems(before);

    const tasks = sheetLayout(rawBefore, tasksTab);
    const visits = sheetLayout(rawBefore, visitsTab);
    const middle = before.tasks[Math.floor(before.tasks.length / 2)]!;
    const insertAt = middle._row;
    const finished = before.tasks.find((t) => t.status === "进行中" && t._row < insertAt);
    const slipping = before.tasks.find((t) => t._row > insertAt + 3 && t.progress !== undefined);
    const recounted = before.visits[10]!;
    const misdated = before.visits[40]!;
    if (!finished || !slipping) throw new Error("the sample data has no task in progress above the middle, or none with progress below it");
    const [lead, partnerA, partnerB] = before.units.map((u) => u.name);
    if (!lead || !partnerA || !partnerB) throw new Error("the sample data has fewer than 3 units");

    await editWithLibreOffice(file, [
      // (a) change cells, typed as a person types them
      { sheet: "走访", op: "set", cell: visits.cell("suggestions", recounted._row), value: (recounted.suggestions ?? 0) + 3 },
      { sheet: "任务", op: "set", cell: tasks.cell("status", finished._row), value: "已完成" },
      { sheet: "任务", op: "set", cell: tasks.cell("doneOn", finished._row), value: "2026/6/10" },
      { sheet: "任务", op: "set", cell: tasks.cell("progress", finished._row), value: "100%" },
      // (b) a title row above the 走访 header
      { sheet: "走访", op: "insertRows", before: visits.headerRow, values: [["2026年走访台账"]] },
      // (c) a new task in the middle of 任务
      {
        sheet: "任务",
        op: "insertRows",
        before: insertAt,
        values: [
          tasks.row({
            id: "RW-2026-901",
            keyTask: "引领从严治党",
            title: "开展基层党组织书记述职评议问题整改回头看",
            level: "基层党委及班子成员",
            leadUnit: lead,
            partnerUnits: `${partnerA}、${partnerB}`,
            leader: "李建华",
            owner: "王晓燕",
            start: "2026/7/1",
            due: "2026-09-30",
            progress: "60%",
            status: "进行中",
            notes: "调度会新增",
            updatedAt: "2026-06-15 10:00",
            updatedBy: "zuzhibu@example.gov.cn",
          }),
        ],
      },
      // (d) break two cells, addressed where they are now that rows have moved
      { sheet: "走访", op: "set", cell: visits.cell("date", misdated._row + 1), value: "3月上旬" },
      { sheet: "任务", op: "set", cell: tasks.cell("progress", slipping._row + 1), value: "很多" },
    ]);
    expect(existsSync(path.join(dir, ".~lock.edited.xlsx#")), "LibreOffice left its lock file behind").toBe(false);

    const rawAfter = await store.readAll();
    expect(rawAfter).not.toBe(rawBefore); // the store noticed the save
    expect(rawAfter.changedAt).not.toBe(rawBefore.changedAt);
    expect(await store.readAll()).toBe(rawAfter);
    const after = parseWorkbook(rawAfter);

    // Exactly the two broken cells are reported, where a person finds them now.
    const introduced: Located[] = [
      {
        tab: "走访",
        row: misdated._row + 1,
        column: "日期",
        cell: visits.cell("date", misdated._row + 1),
        value: "3月上旬",
        code: "bad-date",
        severity: "error",
        rowId: misdated.id,
      },
      {
        tab: "任务",
        row: slipping._row + 1,
        column: "进度",
        cell: tasks.cell("progress", slipping._row + 1),
        value: "很多",
        code: "bad-number",
        severity: "error",
        rowId: slipping.id,
      },
    ];
    expect(problemList(after.problems)).toEqual(problemList(before.problems, introduced));

    // Visits: all one row lower under the new title row; the broken one stays, its date unknown (issue 12).
    const visitsAfter = rowsById(after.visits);
    expect(after.visits).toHaveLength(before.visits.length);
    expect(visitsAfter.get(misdated.id)?._bad?.date).toMatchObject({ value: "3月上旬" });
    expect(visitsAfter.get(misdated.id)?.date).toBeUndefined();
    for (const v of before.visits) {
      if (v.id === misdated.id) continue;
      const now = visitsAfter.get(v.id);
      const changed = v.id === recounted.id ? { suggestions: (v.suggestions ?? 0) + 3 } : {};
      expect(now, v.id).toEqual({ ...v, ...changed, _row: v._row + 1 });
    }

    // Tasks: rows from the insertion point down moved one lower; the new task is there.
    const tasksAfter = rowsById(after.tasks);
    expect(after.tasks).toHaveLength(before.tasks.length + 1);
    expect(tasksAfter.get(slipping.id)?._bad?.progress).toMatchObject({ value: "很多" });
    expect(tasksAfter.get(slipping.id)?.progress).toBeUndefined();
    for (const t of before.tasks) {
      if (t.id === slipping.id) continue;
      const changed = t.id === finished.id ? { status: "已完成", doneOn: "2026-06-10", progress: 100 } : {};
      expect(tasksAfter.get(t.id), t.id).toEqual({ ...t, ...changed, _row: t._row >= insertAt ? t._row + 1 : t._row });
    }
    expect(tasksAfter.get("RW-2026-901")).toEqual({
      _row: insertAt,
      id: "RW-2026-901",
      keyTask: "引领从严治党",
      title: "开展基层党组织书记述职评议问题整改回头看",
      level: "基层党委及班子成员",
      leadUnit: lead,
      partnerUnits: [partnerA, partnerB],
      leader: "李建华",
      owner: "王晓燕",
      start: "2026-07-01",
      due: "2026-09-30",
      progress: 60,
      status: "进行中",
      notes: "调度会新增",
      updatedAt: "2026-06-15T10:00:00",
      updatedBy: "zuzhibu@example.gov.cn",
    });

    // The other tabs came through the LibreOffice save untouched.
    for (const key of ["units", "meetings", "scores", "accountability", "users"] as const) {
      expect(after[key], key).toEqual(before[key]);
    }
    expect(after.settings).toEqual(before.settings);
  });

  it("finds every row by ID after staff sort a tab and delete a row", async () => {
    const { file, store } = await seededWorkbook("sorted.xlsx");
    const rawBefore = await store.readAll();
    const before = parseWorkbook(rawBefore);
    expectNoCellProblems(before);
    const visits = sheetLayout(rawBefore, visitsTab);
    const removed = before.tasks[3]!;

    await editWithLibreOffice(file, [
      { sheet: "走访", op: "sort", fromRow: visits.headerRow + 1, column: visits.column("date"), descending: true },
      { sheet: "任务", op: "deleteRows", at: removed._row },
    ]);
    const after = parseWorkbook(await store.readAll());

    expect(problemList(after.problems)).toEqual(problemList(before.problems));
    const dates = after.visits.map((v) => v.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(after.visits[0]?._row).toBe(visits.headerRow + 1);
    const visitsAfter = rowsById(after.visits);
    expect(after.visits).toHaveLength(before.visits.length);
    for (const v of before.visits) expect(visitsAfter.get(v.id), v.id).toEqual({ ...v, _row: expect.any(Number) });

    expect(after.tasks.map((t) => t.id)).toEqual(before.tasks.filter((t) => t !== removed).map((t) => t.id));
    for (const t of after.tasks) {
      const was = before.tasks.find((b) => b.id === t.id)!;
      expect(t).toEqual({ ...was, _row: was._row > removed._row ? was._row - 1 : was._row });
    }
  });

  it("sees the 用户 tab as protected after staff protect it in LibreOffice", async () => {
    const { file, store } = await seededWorkbook("protected.xlsx");
    const warnings = (d: Dataset) => d.problems.filter((p) => p.code === "users-unprotected").map((p) => p.tab);

    await editWithLibreOffice(file, [{ sheet: "用户", op: "protect", password: "zuzhibu" }]);
    const raw = await store.readAll();
    expect(warnings(parseWorkbook(raw))).toEqual([]);
    expect(raw.tabs.find((t) => t.title === usersTab.title)?.protected).toBe(true);
  });

  it("updates, from the web, a progress staff typed as a percentage in LibreOffice", async () => {
    const { file, store } = await seededWorkbook("percent.xlsx");
    const raw = await store.readAll();
    const task = parseWorkbook(raw).tasks[5]!;
    await editWithLibreOffice(file, [{ sheet: "任务", op: "set", cell: sheetLayout(raw, tasksTab).cell("progress", task._row), value: "60%" }]);
    expect(parseWorkbook(await store.readAll()).tasks.find((t) => t.id === task.id)?.progress).toBe(60);

    const update = await store.updateById(tasksTab, task.id, { progress: 70 });
    expect(update).toMatchObject({ ok: true, row: task._row });
    const after = parseWorkbook(await store.readAll());
    expect(problemList(after.problems.filter((p) => p.rowId === task.id))).toEqual([]);
    expect(after.tasks.find((t) => t.id === task.id)?.progress).toBe(70);
  });
});

/**
 * The write layer on Google Sheets, through the real client against the Sheets
 * API emulator on loopback: changed cells only, conflicts, literal values, the
 * audit row, injected 429 / 503 / timeouts (no duplicate, no partial row), and
 * a person moving rows between the app's read and its write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appendRow, assignIds, updateRow } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { tasksTab, visitsTab, type Task } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import type { GoogleTiming } from "@/lib/sheets/google-retry";
import { GoogleStore } from "@/lib/sheets/google-store";
import { startSheetsEmulator, type SheetsEmulator } from "@/scripts/sheets-emulator/server";
import { depsFor, sampleData, sleep } from "./writes-support";

let emulator: SheetsEmulator;
const ID = "dutyboard-writes";

const FAST: Partial<GoogleTiming> = {
  readTimeoutMs: 2_000,
  readRetryBudgetMs: 4_000,
  writeTimeoutMs: 1_500,
  writeSettleMs: 2_500,
  backoffBaseMs: 10,
  backoffCapMs: 200,
};

function storeFor(): GoogleStore {
  return new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host, timing: FAST });
}

function sheet(title: string) {
  const s = emulator.dumpSpreadsheet(ID).sheets.find((x) => x.title === title);
  if (!s) throw new Error(`no sheet ${title}`);
  return s;
}

/** Rows of a tab as dumped, and the index of each header. */
function table(title: string) {
  const s = sheet(title);
  const headerAt = s.rows.findIndex((r) => r.includes("任务编号") || r.includes("走访编号") || r.includes("时间"));
  const header = s.rows[headerAt]!.map((h) => String(h ?? ""));
  return {
    rows: s.rows.slice(headerAt + 1),
    col: (name: string) => header.indexOf(name),
    headerRow: headerAt + 1,
    headers: header,
    formulas: s.formulas ?? {},
  };
}

function seenOf(task: Task) {
  return { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
}

async function tasks(store: GoogleStore) {
  return parseWorkbook(await store.readAll());
}

let seeded: ReturnType<SheetsEmulator["dumpSpreadsheet"]>;

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  emulator.loadSpreadsheet({ spreadsheetId: ID, sheets: [{ title: "工作表1" }] });
  await storeFor().create(sampleData());
  seeded = emulator.dumpSpreadsheet(ID);
}, 120_000);

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.configure({ latencyMs: 0, quotaPerMinute: null, failNext: null, hangNext: null });
  emulator.loadSpreadsheet({
    spreadsheetId: ID,
    sheets: seeded.sheets.map((s) => ({ title: s.title, sheetId: s.sheetId, rows: s.rows, rowCount: s.rowCount, columnCount: s.columnCount })),
  });
  emulator.resetStats();
});

const admin = { login: "admin" };

describe("updating on Google Sheets", () => {
  it("writes only the changed cells, leaves every other row alone, and logs the change", async () => {
    const store = storeFor();
    const task = (await tasks(store)).tasks.find((t) => t.status === "进行中")!;
    const before = table("任务");
    const outcome = await updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 66, notes: task.notes ?? null }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store),
    );
    expect(outcome).toMatchObject({ ok: true, changed: ["progress"], audited: true });
    const after = table("任务");
    const at = after.rows.findIndex((r) => r[0] === task.id);
    expect(after.rows.filter((_, i) => i !== at)).toEqual(before.rows.filter((_, i) => i !== at));
    const changedCells = after.rows[at]!.flatMap((v, c) => (v === before.rows[at]![c] ? [] : [c]));
    expect(changedCells).toEqual([after.col("进度")]);
    const audit = table("操作日志").rows.at(-1)!;
    expect(audit.slice(1, 5)).toEqual(["admin", "更新任务进度", "任务", task.id]);
  });

  it("writes nothing on a conflict with a cell changed in the browser", async () => {
    const store = storeFor();
    const task = (await tasks(store)).tasks.find((t) => t.status === "进行中")!;
    const { rows, col, headerRow } = table("任务");
    const row = headerRow + 1 + rows.findIndex((r) => r[0] === task.id);
    emulator.edit(ID, { sheet: "任务", op: "set", cell: `${String.fromCharCode(65 + col("进度"))}${row}`, value: 12 });
    emulator.resetStats();
    const outcome = await updateRow(admin, tasksTab, task.id, { values: { progress: 80 }, seen: seenOf(task) }, { action: "更新任务进度" }, depsFor(store));
    expect(outcome).toMatchObject({ ok: false, reason: "conflict", current: { progress: 12 } });
    expect(emulator.stats().requests.write).toBe(0);
  });

  it("keeps a typed formula as text (RAW), never a formula", async () => {
    const store = storeFor();
    const task = (await tasks(store)).tasks[2]!;
    const text = '=IMPORTDATA("http://x")';
    expect(await updateRow(admin, tasksTab, task.id, { values: { notes: text }, seen: seenOf(task) }, { action: "x" }, depsFor(store))).toMatchObject({
      ok: true,
    });
    const t = table("任务");
    expect(t.rows.find((r) => r[0] === task.id)?.[t.col("备注")]).toBe(text);
    expect(Object.keys(t.formulas)).toEqual([]);
  });

  it("lands in the right row when a person inserts a row above it while the write is in flight, and puts the other row back", async () => {
    const store = storeFor();
    const dataset = await tasks(store);
    const task = dataset.tasks[10]!;
    const neighbour = dataset.tasks[9]!; // the row that slides under the app's cells
    const before = table("任务");
    emulator.configure({ hangNext: { count: 1, ms: 300, kind: "write" } });
    const update = updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 77, notes: "app" }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store),
    );
    await sleep(120);
    emulator.edit(ID, { sheet: "任务", op: "insertRows", at: before.headerRow + 1 }); // a blank row at the top, as a person inserts one
    const outcome = await update;
    expect(outcome).toMatchObject({ ok: true, misplaced: [{ rowId: neighbour.id, keys: ["progress", "notes"], restored: "earlier" }] });
    expect(outcome.ok && outcome.warning).toBeUndefined(); // put back exactly: nothing for the user to check

    const after = table("任务");
    const mine = after.rows.find((r) => r[0] === task.id)!;
    expect([mine[after.col("进度")], mine[after.col("备注")]]).toEqual([77, "app"]);
    const theirs = after.rows.find((r) => r[0] === neighbour.id)!;
    expect(theirs).toEqual(before.rows.find((r) => r[0] === neighbour.id));
    expect(store.stats().misplacedWrites).toBe(1);
    expect(table("操作日志").rows.map((r) => [r[2], r[4]])).toEqual([
      ["更新任务进度", task.id],
      ["纠正错位写入", neighbour.id],
    ]);
  });

  it("empties, and says so, the cells of a row a person inserted with values while the write was in flight", async () => {
    const store = storeFor();
    const dataset = await tasks(store);
    const task = dataset.tasks[10]!;
    const before = table("任务");
    const row = before.headerRow + 1 + before.rows.findIndex((r) => r[0] === task.id);
    const pasted = before.headers.map(
      (h) => ({ 任务编号: "H-1", 重点任务: "引领从严治党", 事项: "粘贴的新事项", 牵头单位: "经棚镇", 完成时限: 46387, 进度: 5, 备注: "手工" })[h] ?? null,
    );
    emulator.configure({ hangNext: { count: 1, ms: 300, kind: "write" } });
    const update = updateRow(
      admin,
      tasksTab,
      task.id,
      { values: { progress: 77, notes: "app" }, seen: seenOf(task) },
      { action: "更新任务进度" },
      depsFor(store),
    );
    await sleep(120);
    emulator.edit(ID, { sheet: "任务", op: "insertRows", at: row, values: [pasted] }); // pasted right where the app is writing
    const outcome = await update;
    expect(outcome).toMatchObject({ ok: true, misplaced: [{ rowId: "H-1", keys: ["progress", "notes"], restored: "emptied" }] });
    expect(outcome.ok && outcome.warning).toContain("编号 H-1");
    const after = table("任务");
    const mine = after.rows.find((r) => r[0] === task.id)!;
    expect([mine[after.col("进度")], mine[after.col("备注")]]).toEqual([77, "app"]);
    const theirs = after.rows.find((r) => r[0] === "H-1")!;
    expect([theirs[after.col("事项")], theirs[after.col("进度")] ?? null, theirs[after.col("备注")] ?? null]).toEqual(["粘贴的新事项", null, null]);
  });

  it("gives rows without an ID one each, even when a row is inserted while it writes", async () => {
    const store = storeFor();
    const { headerRow, rows } = table("任务");
    const idCol = "A";
    emulator.edit(ID, [
      { sheet: "任务", op: "set", cell: `${idCol}${headerRow + 3}`, value: "" },
      { sheet: "任务", op: "set", cell: `${idCol}${headerRow + 6}`, value: "" },
    ]);
    const kept = rows.filter((_, i) => i !== 2 && i !== 5).map((r) => r[0]);
    emulator.configure({ hangNext: { count: 1, ms: 300, kind: "write" } });
    const assigning = assignIds(admin, tasksTab, () => newRowId("tasks", 2026), depsFor(store));
    await sleep(120);
    emulator.edit(ID, { sheet: "任务", op: "insertRows", at: headerRow + 1 });
    const outcome = await assigning;
    expect(outcome).toMatchObject({ ok: true });
    const after = table("任务");
    const ids = after.rows.map((r) => r[0]).filter((v) => typeof v === "string" && v !== "");
    // Every ID that was there is there once; both rows that lacked one have one; nothing else got one.
    for (const id of kept) expect(ids.filter((v) => v === id)).toHaveLength(1);
    expect(ids).toHaveLength(rows.length);
    expect(outcome.ok && outcome.assigned).toHaveLength(2);
    const dataset = parseWorkbook(await store.readAll());
    expect(
      dataset.problems.filter((p) => p.tab === "任务" && (p.code === "missing-id" || p.code === "duplicate-id")).map((p) => [p.code, p.cell, p.value]),
    ).toEqual([]);
  });
});

describe("faults while writing", () => {
  it.each([429, 503] as const)("an update that got %i is retried once it is known not to have landed: one change, one log row", async (status) => {
    const store = storeFor();
    const task = (await tasks(store)).tasks[4]!;
    const auditRows = table("操作日志").rows.length;
    emulator.configure({ failNext: { status, count: 1, kind: "write" } });
    expect(
      await updateRow(admin, tasksTab, task.id, { values: { progress: 31 }, seen: seenOf(task) }, { action: "更新任务进度" }, depsFor(store)),
    ).toMatchObject({ ok: true });
    const t = table("任务");
    expect(t.rows.filter((r) => r[0] === task.id).map((r) => r[t.col("进度")])).toEqual([31]);
    expect(table("操作日志").rows).toHaveLength(auditRows + 1);
  });

  it("a new row whose write failed, or hung past the timeout, lands once and whole", async () => {
    const store = storeFor();
    const visits = table("走访").rows.length;
    const make = (n: number) => ({
      id: newRowId("visits", 2026),
      date: { date: `2026-11-0${n}` },
      cadre: `干部${n}`,
      unit: "经棚镇",
      contactPoint: "幸福村",
      suggestions: n,
      solved: 0,
    });
    const a = make(1);
    emulator.configure({ failNext: { status: 503, count: 2, kind: "write" } });
    expect(await appendRow(admin, visitsTab, a, { action: "新增走访" }, depsFor(store))).toMatchObject({ ok: true, audited: true });
    const b = make(2);
    emulator.configure({ hangNext: { count: 1, ms: 2_000, kind: "write" } }); // longer than writeTimeoutMs: the client gives up, the write lands later
    expect(await appendRow(admin, visitsTab, b, { action: "新增走访" }, depsFor(store))).toMatchObject({ ok: true });
    await sleep(800);
    const t = table("走访");
    expect(t.rows).toHaveLength(visits + 2);
    for (const [row, n] of [
      [a, 1],
      [b, 2],
    ] as const) {
      const found = t.rows.filter((r) => r[0] === row.id);
      expect(found).toHaveLength(1);
      expect([found[0]![t.col("干部姓名")], found[0]![t.col("所属单位")], found[0]![t.col("意见建议数")]]).toEqual([`干部${n}`, "经棚镇", n]);
    }
    expect(table("操作日志").rows.filter((r) => r[4] === a.id || r[4] === b.id)).toHaveLength(2);
  });

  it("a timeout on an update: the store waits to see whether it landed rather than writing twice", async () => {
    const store = storeFor();
    const task = (await tasks(store)).tasks[6]!;
    emulator.configure({ hangNext: { count: 1, ms: 1_800, kind: "write" } });
    expect(await updateRow(admin, tasksTab, task.id, { values: { notes: "超时后落地" }, seen: seenOf(task) }, { action: "x" }, depsFor(store))).toMatchObject({
      ok: true,
    });
    const t = table("任务");
    expect(t.rows.filter((r) => r[0] === task.id).map((r) => r[t.col("备注")])).toEqual(["超时后落地"]);
    expect(emulator.stats().requests.byMethod["spreadsheets.values.batchUpdate"]).toBe(1);
  });
});

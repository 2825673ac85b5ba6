/**
 * The Google backend, driven through the real `@googleapis/sheets` client
 * against the Sheets API emulator on loopback: request budgets, hand edits
 * between reads and writes, injected faults, time zones and protection.
 */
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseWorkbook } from "../../lib/schema/workbook";
import { auditTab, meetingsTab, tasksTab, unitsTab, usersTab, visitsTab } from "../../lib/schema/tabs";
import { sheetsErrorFrom } from "../../lib/sheets/google-errors";
import type { GoogleTiming } from "../../lib/sheets/google-retry";
import { GoogleStore, SheetsError } from "../../lib/sheets/google-store";
import type { RowInput } from "../../lib/sheets/store";
import { startSheetsEmulator, type SheetsEmulator, type SpreadsheetSeed } from "../../scripts/sheets-emulator/server";

let emulator: SheetsEmulator;
let api: sheets_v4.Sheets;

const ID = "dutyboard-test";
const TASKS_GID = 1111;
const USERS_GID = 2222;

/** Fast bounds so fault tests finish in well under a second each. */
const FAST: Partial<GoogleTiming> = {
  readTimeoutMs: 1_000,
  readRetryBudgetMs: 2_000,
  writeTimeoutMs: 400,
  writeSettleMs: 2_500,
  backoffBaseMs: 10,
  backoffCapMs: 200,
};

const TASK_HEADER = ["任务编号", "完成时限", "重点任务", "事项", "牵头单位", "进度", "备注", "台账备注"];
const TASK_ROWS = [
  ["T-001", 46112, "引领深化学习", "理论学习", "旗委组织部", 60, "", "手工备注一"],
  ["T-002", 46143, "引领科学发展", "项目推进", "经棚镇", 30, null, null],
  ["T-003", 46173, "引领深化改革", "改革试点", "宇宙地镇", 10, "待督办", "手工备注三"],
  ["T-004", 46204, "引领依法治旗", "普法宣传", "经棚镇", 100, null, null],
  ["T-005", "明天", "引领从严治党", "警示教育", "旗委组织部", 0, null, null],
];

function fixture(overrides: Partial<SpreadsheetSeed> = {}): SpreadsheetSeed {
  return {
    spreadsheetId: ID,
    sheets: [
      {
        title: "单位",
        sheetId: 3333,
        rows: [
          ["单位编号", "单位名称", "类型"],
          ["U01", "旗委组织部", "旗委部门"],
          ["U02", "经棚镇", "镇"],
          ["U03", "宇宙地镇", "镇"],
        ],
      },
      { title: "任务", sheetId: TASKS_GID, rows: [["2026年度从严治党任务分工台账"], TASK_HEADER, ...TASK_ROWS] },
      {
        title: "用户",
        sheetId: USERS_GID,
        rows: [
          ["账号", "姓名", "角色", "所属单位", "启用"],
          ["admin", "张三", "管理员", "旗委组织部", "是"],
        ],
      },
    ],
    ...overrides,
  };
}

function storeFor(spreadsheetId = ID, timing: Partial<GoogleTiming> = {}): GoogleStore {
  return new GoogleStore({ spreadsheetId, emulatorHost: emulator.host, timing: { ...FAST, ...timing } });
}

function sheetRows(title: string, spreadsheetId = ID) {
  const sheet = emulator.dumpSpreadsheet(spreadsheetId).sheets.find((s) => s.title === title);
  if (!sheet) throw new Error(`no sheet ${title}`);
  return sheet.rows;
}

function rowsWithId(title: string, id: string, spreadsheetId = ID) {
  return sheetRows(title, spreadsheetId).filter((r) => r[0] === id);
}

function calls(method: string): number {
  return emulator.stats().requests.byMethod[`spreadsheets.${method}`] ?? 0;
}

function task(id: string, extra: RowInput = {}): RowInput {
  return { id, keyTask: "引领深化学习", title: `事项 ${id}`, leadUnit: "旗委组织部", due: { date: "2026-06-30" }, ...extra };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  api = sheets({ version: "v4", rootUrl: `${emulator.url}/` });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.configure({ latencyMs: 0, quotaPerMinute: null, failNext: null, hangNext: null });
  emulator.loadSpreadsheet(fixture());
  emulator.resetStats();
});

describe("reading", () => {
  it("reads every tab in one batchGet once the tab list is cached", async () => {
    const store = storeFor();
    const first = await store.readAll();
    expect(emulator.stats().requests.byMethod).toEqual({ "spreadsheets.get": 1, "spreadsheets.values.batchGet": 1 });

    emulator.resetStats();
    const second = await store.readAll();
    expect(emulator.stats().requests.total).toBe(1);
    expect(calls("values.batchGet")).toBe(1);

    const tasks = second.tabs.find((t) => t.title === "任务");
    expect(tasks).toMatchObject({ gid: TASKS_GID, protected: false });
    expect(tasks?.rows[0]).toEqual({ row: 1, cells: ["2026年度从严治党任务分工台账"] });
    expect(tasks?.rows[2]).toEqual({ row: 3, cells: ["T-001", 46112, "引领深化学习", "理论学习", "旗委组织部", 60, null, "手工备注一"] });
    expect(second).toMatchObject({ source: "google", url: `https://docs.google.com/spreadsheets/d/${ID}/edit`, timeZone: "Asia/Shanghai" });

    // No modified time in the API: changedAt is when this store first saw the current values.
    expect(first.changedAt).toBe(first.readAt);
    expect(second.changedAt).toBe(first.readAt);
    await sleep(5);
    emulator.edit(ID, { sheet: "任务", op: "set", cell: "G4", value: "已调度" });
    const third = await store.readAll();
    expect(third.changedAt).toBe(third.readAt);
  });

  it("shares one read between concurrent callers", async () => {
    const store = storeFor();
    await store.readAll();
    emulator.resetStats();
    const [a, b, c] = await Promise.all([store.readAll(), store.readAll(), store.readAll()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(emulator.stats().requests.total).toBe(1);
  });

  it("gives typed rows and problems that link to the cell", async () => {
    const dataset = parseWorkbook(await storeFor().readAll());
    expect(dataset.tasks.map((t) => [t.id, t.due, t.progress])).toEqual([
      ["T-001", "2026-03-31", 60],
      ["T-002", "2026-05-01", 30],
      ["T-003", "2026-05-31", 10],
      ["T-004", "2026-07-01", 100],
      // 完成时限 「明天」 cannot be read: the task stays, its due date unknown (issue 12).
      ["T-005", undefined, 0],
    ]);
    expect(dataset.tasks.find((t) => t.id === "T-005")?._bad?.due).toBeDefined();
    const bad = dataset.problems.find((p) => p.code === "bad-date");
    expect(bad).toMatchObject({
      tab: "任务",
      row: 7,
      cell: "B7",
      value: "明天",
      link: `https://docs.google.com/spreadsheets/d/${ID}/edit#gid=${TASKS_GID}&range=B7`,
    });
  });

  it("follows a renamed tab: the batchGet 400 refreshes the tab list", async () => {
    const store = storeFor();
    await store.readAll();
    emulator.edit(ID, { sheet: "用户", op: "renameSheet", title: "users" });
    emulator.resetStats();
    const raw = await store.readAll();
    expect(raw.tabs.map((t) => t.title)).toEqual(["单位", "任务", "users"]);
    expect(emulator.stats().requests.byMethod).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.get": 1 });
    expect(parseWorkbook(raw).users.map((u) => u.login)).toEqual(["admin"]);
  });
});

describe("updating by ID", () => {
  it("lands in the right row after a person inserted rows above and sorted the tab", async () => {
    const store = storeFor();
    await store.readAll(); // the store has seen the old row numbers
    emulator.edit(ID, [
      {
        sheet: "任务",
        op: "insertRows",
        at: 3,
        values: [
          ["T-100", 46300, "引领科学发展", "新增一", "经棚镇", 5],
          ["T-101", 46301, "引领科学发展", "新增二", "经棚镇", 6],
        ],
      },
      { sheet: "任务", op: "sort", fromRow: 3, column: "A", descending: true },
    ]);
    const before = sheetRows("任务");
    emulator.resetStats();

    const result = await store.updateById(tasksTab, "T-003", { progress: 80, notes: "已督办" });

    const after = sheetRows("任务");
    const at = after.findIndex((r) => r[0] === "T-003");
    expect(at).toBe(6); // row 7 after the descending sort: T-101, T-100, T-005, T-004, T-003 …
    expect(result).toEqual({ ok: true, row: at + 1, before: { progress: 10, notes: "待督办" }, after: { progress: 80, notes: "已督办" } });
    expect(after[at]).toEqual(["T-003", 46173, "引领深化改革", "改革试点", "宇宙地镇", 80, "已督办", "手工备注三"]);
    expect(after.filter((_, i) => i !== at)).toEqual(before.filter((_, i) => i !== at));
    // One read of the tab just before writing, one write of the changed cells, one read of the row's ID cell to check where it went.
    expect(emulator.stats().requests.byMethod).toEqual({ "spreadsheets.values.get": 2, "spreadsheets.values.batchUpdate": 1 });
  });

  it("refuses on a conflict with what the form saw, without writing", async () => {
    const store = storeFor();
    const conflict = await store.updateById(tasksTab, "T-001", { progress: 90 }, { progress: 50 });
    expect(conflict).toEqual({ ok: false, reason: "conflict", current: { progress: 60 } });
    expect(calls("values.batchUpdate")).toBe(0);
    expect(sheetRows("任务")[2]?.[5]).toBe(60);

    const ok = await store.updateById(tasksTab, "T-001", { progress: 90 }, { progress: "60%" });
    expect(ok).toMatchObject({ ok: true, row: 3 });
    expect(sheetRows("任务")[2]?.[5]).toBe(90);
  });

  it("reports a missing row, a duplicate ID, a missing tab and a missing header", async () => {
    const store = storeFor();
    expect(await store.updateById(tasksTab, "T-999", { progress: 1 })).toMatchObject({ ok: false, reason: "not-found" });
    emulator.edit(ID, { sheet: "任务", op: "set", cell: "A9", values: [["T-002", 46400, "x", "y", "经棚镇"]] });
    expect(await store.updateById(tasksTab, "T-002", { progress: 1 })).toMatchObject({ ok: false, reason: "duplicate-id", detail: "T-002: 4, 9" });
    expect(await store.updateById(visitsTab, "V-1", { solved: 1 })).toEqual({ ok: false, reason: "missing-tab", detail: "走访" });
    expect(await store.append(visitsTab, [{ id: "V-1" }])).toEqual({ ok: false, reason: "missing-tab", detail: "走访" });

    emulator.loadSpreadsheet(
      fixture({
        sheets: [
          {
            title: "会议",
            rows: [
              ["日期", "类型"],
              [46100, "专题常委会"],
            ],
          },
        ],
      }),
    );
    const result = await storeFor().updateById(meetingsTab, "M-1", { chair: "李四" });
    expect(result).toMatchObject({ ok: false, reason: "missing-header" });
    expect(result.ok === false && result.detail).toContain("会议编号");
  });
});

describe("appending", () => {
  it("keeps both rows when two instances append at once, overwriting nothing", async () => {
    emulator.configure({ latencyMs: 15 });
    const before = sheetRows("任务");
    const [a, b] = await Promise.all([storeFor().append(tasksTab, [task("T-201")]), storeFor().append(tasksTab, [task("T-202")])]);
    const after = sheetRows("任务");
    expect(rowsWithId("任务", "T-201")).toHaveLength(1);
    expect(rowsWithId("任务", "T-202")).toHaveLength(1);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 2);
    expect(a.ok && b.ok && new Set([...a.rows, ...b.rows]).size).toBe(2);
  });

  it("lays the row out in the sheet's own column order and skips an ID already there", async () => {
    const store = storeFor();
    emulator.resetStats();
    const result = await store.append(tasksTab, [task("T-300", { progress: 20, notes: "新增" })]);
    expect(result).toEqual({ ok: true, rows: [8] });
    expect(sheetRows("任务")[7]).toEqual(["T-300", 46203, "引领深化学习", "事项 T-300", "旗委组织部", 20, "新增"]);
    expect(emulator.stats().requests.byMethod).toMatchObject({ "spreadsheets.values.get": 1, "spreadsheets.values.append": 1 });

    expect(await store.append(tasksTab, [task("T-300")])).toEqual({ ok: true, rows: [8] });
    expect(rowsWithId("任务", "T-300")).toHaveLength(1);
  });

  it("puts the row under the header's columns even below a stray note in another column", async () => {
    emulator.edit(ID, { sheet: "单位", op: "set", cell: "C6", value: "以上为第一批" });
    const result = await storeFor().append(unitsTab, [{ id: "U04", name: "同兴镇", kind: "镇" }]);
    expect(result).toEqual({ ok: true, rows: [7] });
    expect(sheetRows("单位")[6]).toEqual(["U04", "同兴镇", "镇"]);
    expect(sheetRows("单位")[5]).toEqual([null, null, "以上为第一批"]);
  });
});

describe("values are written literally", () => {
  it("keeps a typed formula as text", async () => {
    const store = storeFor();
    const formula = '=IMPORTDATA("http://x")';
    await store.append(tasksTab, [task("T-400", { title: formula })]);
    await store.updateById(tasksTab, "T-001", { notes: formula });

    const read = await api.spreadsheets.values.get({ spreadsheetId: ID, range: "'任务'", valueRenderOption: "FORMULA" });
    const rows = read.data.values ?? [];
    expect(rows.find((r) => r[0] === "T-400")?.[3]).toBe(formula);
    expect(rows.find((r) => r[0] === "T-001")?.[6]).toBe(formula);
    // Entered as a formula it would have a formula entry and compute to #NAME? here.
    expect(emulator.dumpSpreadsheet(ID).sheets.find((s) => s.title === "任务")?.formulas).toBeUndefined();
    const tasks = parseWorkbook(await store.readAll()).tasks;
    expect(tasks.find((t) => t.id === "T-400")?.title).toBe(formula);
  });

  it.each([
    ["America/Los_Angeles", "2026-03-04T18:30:00", "2026-03-04 18:30:00"],
    ["Asia/Shanghai", "2026-03-05T10:30:00", "2026-03-05 10:30:00"],
  ])("round-trips dates in a spreadsheet in %s", async (timeZone, wallClock, shown) => {
    const spreadsheetId = `tz-${timeZone.replace("/", "-")}`;
    emulator.loadSpreadsheet({ spreadsheetId, timeZone, sheets: [{ title: "Sheet1" }] });
    const store = storeFor(spreadsheetId);
    await store.create([{ spec: tasksTab, rows: [task("T-1", { start: { date: "2026-01-01" } })] }]);
    await store.append(tasksTab, [task("T-2", { start: { date: "2026-03-05" }, updatedAt: { dateTime: "2026-03-05T02:30:00Z" } })]);

    const raw = await store.readAll();
    expect(raw.timeZone).toBe(timeZone);
    expect(raw.tabs.map((t) => t.title)).toEqual(["任务"]); // the empty Sheet1 is gone
    const t2 = parseWorkbook(raw).tasks.find((t) => t.id === "T-2");
    expect(t2).toMatchObject({ start: "2026-03-05", due: "2026-06-30", updatedAt: wallClock });

    // Staff see dates, not serial numbers: formats from create(), inherited by the appended row.
    const shownRows = (await api.spreadsheets.values.get({ spreadsheetId, range: "'任务'!A3:P3" })).data.values ?? [];
    expect(shownRows[0]?.[8]).toBe("2026-03-05");
    expect(shownRows[0]?.[14]).toBe(shown);
  });
});

describe("faults", () => {
  it.each([429, 503] as const)("retries a read that got %i, and counts it", async (status) => {
    const store = storeFor();
    await store.readAll();
    emulator.resetStats();
    emulator.configure({ failNext: { status, count: 2, kind: "read" } });
    const raw = await store.readAll();
    expect(raw.tabs).toHaveLength(3);
    expect(calls("values.batchGet")).toBe(3);
    expect(store.stats().retries).toBe(2);
  });

  it("gives up a failing read within its budget", async () => {
    const store = storeFor(ID, { readRetryBudgetMs: 600 });
    emulator.configure({ failNext: { status: 503, count: 1000, kind: "read" } });
    const started = Date.now();
    await expect(store.readAll()).rejects.toMatchObject({ name: "SheetsError", code: "unavailable" });
    expect(Date.now() - started).toBeLessThan(1_500); // budget 600 ms, each attempt bounded by what is left
    expect(calls("get")).toBeGreaterThan(1);
  });

  it("re-reads after a failed write and retries only what did not land", async () => {
    const store = storeFor();
    emulator.configure({ failNext: { status: 503, count: 1, kind: "write" } });
    expect(await store.append(tasksTab, [task("T-500")])).toMatchObject({ ok: true });
    expect(rowsWithId("任务", "T-500")).toHaveLength(1);
    expect(calls("values.append")).toBe(2);
    expect(store.stats()).toMatchObject({ writeChecks: 1, retries: 1 });

    emulator.configure({ failNext: { status: 500, count: 1, kind: "write" } });
    expect(await store.updateById(tasksTab, "T-500", { progress: 40 })).toMatchObject({ ok: true });
    expect(rowsWithId("任务", "T-500")[0]?.[5]).toBe(40);
  });

  it("does not append twice when a hung write lands after the client gave up", async () => {
    const store = storeFor();
    const hungUntil = Date.now() + 1_000;
    emulator.configure({ hangNext: { count: 1, ms: 1_000, kind: "write" } });
    const result = await store.append(tasksTab, [task("T-600")]);
    expect(result).toMatchObject({ ok: true });
    await sleep(Math.max(0, hungUntil + 100 - Date.now())); // past the hang: the held request has been handled
    expect(rowsWithId("任务", "T-600")).toHaveLength(1);
    expect(calls("values.append")).toBe(1);
    expect(store.stats().retries).toBe(0);
    expect(store.stats().writeChecks).toBeGreaterThan(0);

    emulator.configure({ hangNext: { count: 1, ms: 600, kind: "write" } });
    expect(await store.updateById(tasksTab, "T-600", { progress: 70 })).toMatchObject({ ok: true, after: { progress: 70 } });
    expect(rowsWithId("任务", "T-600")[0]?.[5]).toBe(70);
    expect(calls("values.batchUpdate")).toBe(1);
  });

  it("does not duplicate an audit row (no ID) whose write hung", async () => {
    emulator.loadSpreadsheet(fixture({ sheets: [{ title: "操作日志", rows: [["时间", "账号", "操作", "表", "编号", "变更前", "变更后"]] }] }));
    const store = storeFor();
    const hungUntil = Date.now() + 700;
    emulator.configure({ hangNext: { count: 1, ms: 700, kind: "write" } });
    const entry = {
      at: { dateTime: "2026-05-01T01:02:03Z" },
      login: "admin",
      action: "update",
      tab: "任务",
      rowId: "T-001",
      before: "{}",
      after: '{"progress":90}',
    };
    expect(await store.append(auditTab, [entry])).toEqual({ ok: true, rows: [2] });
    await sleep(Math.max(0, hungUntil + 100 - Date.now()));
    expect(sheetRows("操作日志")).toHaveLength(2);
  });

  it("names what to fix: a wrong spreadsheet ID, a credential problem, sharing", async () => {
    const wrong = storeFor("no-such-spreadsheet");
    const error = await wrong.readAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetsError);
    expect(error).toMatchObject({ code: "not-found" });
    expect((error as Error).message).toContain("GOOGLE_SHEETS_ID");
    expect((error as Error).message).toContain("no-such-spreadsheet");

    // A key that cannot sign: google-auth-library fails before any request leaves.
    const badKey = new GoogleStore({
      spreadsheetId: ID,
      credentials: {
        client_email: "dutyboard@example-project.iam.gserviceaccount.com",
        private_key: "-----BEGIN PRIVATE KEY-----\\nnot-a-key\\n-----END PRIVATE KEY-----\\n",
      },
      timing: FAST,
    });
    const authError = await badKey.readAll().catch((e: unknown) => e);
    expect(authError).toMatchObject({ code: "auth" });
    expect((authError as Error).message).toContain("dutyboard@example-project.iam.gserviceaccount.com");
    expect((authError as Error).message).toContain("GOOGLE_SERVICE_ACCOUNT_JSON");

    // What the client rejects with when the sheet is not shared with the account.
    const denied = Object.assign(new Error("The caller does not have permission"), {
      config: { url: `https://sheets.googleapis.com/v4/spreadsheets/${ID}` },
      response: { status: 403, data: { error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } } },
    });
    const permission = sheetsErrorFrom(denied, {
      spreadsheetId: ID,
      serviceAccount: "dutyboard@example-project.iam.gserviceaccount.com",
      credentialsFrom: "GOOGLE_SERVICE_ACCOUNT_JSON",
    });
    expect(permission).toMatchObject({ code: "permission", transient: false });
    expect(permission.message).toContain("共享给 dutyboard@example-project.iam.gserviceaccount.com");
  });
});

describe("create", () => {
  it("refuses to overwrite a tab that holds data unless forced", async () => {
    const store = storeFor();
    const before = emulator.dumpSpreadsheet(ID);
    await expect(store.create([{ spec: tasksTab, rows: [task("T-1")] }])).rejects.toMatchObject({ code: "not-empty" });
    expect(emulator.dumpSpreadsheet(ID)).toEqual(before);

    await store.create([{ spec: tasksTab, titleRows: ["2027年度任务"], rows: [task("T-1")] }], { force: true });
    const rows = sheetRows("任务");
    expect(rows[0]).toEqual(["2027年度任务"]);
    expect(rows[2]?.[0]).toBe("T-1");
    expect(rows).toHaveLength(3);
  });

  it("reports the unprotected 用户 tab, and protects it when asked", async () => {
    const store = storeFor();
    const raw = await store.readAll();
    expect(raw.tabs.find((t) => t.title === "用户")?.protected).toBe(false);
    expect(parseWorkbook(raw).problems.map((p) => p.code)).toContain("users-unprotected");

    await store.create([{ spec: usersTab, rows: [{ login: "admin", role: "管理员", unit: "旗委组织部", active: true }], protect: true }], { force: true });
    const after = await store.readAll();
    expect(after.tabs.find((t) => t.title === "用户")).toMatchObject({ gid: USERS_GID, protected: true });
    expect(parseWorkbook(after).problems.map((p) => p.code)).not.toContain("users-unprotected");
  });
});

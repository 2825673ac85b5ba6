import { describe, expect, it } from "vitest";
import type { RawTab } from "@/lib/schema/cells";
import { parseWorkbook } from "@/lib/schema/workbook";
import { TASK_HEADER, headerOnlyTabs, tab, taskRow, workbook } from "./fixtures";

/** A workbook whose tabs hold only their headers, with some tabs replaced. */
function workbookWith(replace: Record<string, RawTab | undefined>, extra: Parameters<typeof workbook>[1] = {}) {
  const tabs = { ...headerOnlyTabs(), ...replace };
  return workbook(
    Object.values(tabs).filter((t): t is RawTab => t !== undefined),
    extra,
  );
}

const UNITS = tab(
  "单位",
  [
    ["单位编号", "单位名称", "类型"],
    ["U01", "经棚镇", "镇"],
    ["U02", "宇宙地镇", "town"],
  ],
  { protected: true },
);

describe("workbook", () => {
  it("with every tab holding its header reports nothing", () => {
    expect(parseWorkbook(workbookWith({})).problems).toEqual([]);
  });

  it("reports a unit name not in 单位 as unknown-unit at its cell, with a link to it", () => {
    const tasks = tab(
      "任务",
      [
        ["2026年度从严治党任务分工台账"],
        TASK_HEADER,
        taskRow("T-001"),
        ["T-002", "引领从严治党", "召开专题会议", "经棚乡", "2026-06-30"],
        ["T-003", "引领从严治党", "召开专题会议", "U02", "2026-06-30"],
      ],
      { gid: 7 },
    );

    const dataset = parseWorkbook(workbookWith({ 单位: UNITS, 任务: tasks }, { source: "google", url: "https://docs.google.com/spreadsheets/d/abc/edit" }));

    expect(dataset.tasks.map((t) => t.id)).toEqual(["T-001", "T-002", "T-003"]);
    expect(dataset.problems).toEqual([
      {
        tab: "任务",
        row: 4,
        column: "牵头单位",
        cell: "D4",
        value: "经棚乡",
        code: "unknown-unit",
        params: { unit: "经棚乡" },
        message: "「经棚乡」不在「单位」表中：请检查单位名称，或先在「单位」表中添加该单位。",
        severity: "warning",
        rowId: "T-002",
        units: ["经棚乡"],
        link: "https://docs.google.com/spreadsheets/d/abc/edit#gid=7&range=D4",
      },
    ]);
  });

  it("reports each unknown name in a list of participating units", () => {
    const tasks = tab("任务", [
      [...TASK_HEADER, "参加单位"],
      [...taskRow("T-001"), "宇宙地镇、红山子乡、旗委宣传部"],
    ]);

    const problems = parseWorkbook(workbookWith({ 单位: UNITS, 任务: tasks })).problems;

    expect(problems.map((p) => [p.cell, p.value, p.params?.unit])).toEqual([
      ["F2", "宇宙地镇、红山子乡、旗委宣传部", "红山子乡"],
      ["F2", "宇宙地镇、红山子乡、旗委宣传部", "旗委宣传部"],
    ]);
  });

  it("does not check unit names while 单位 has no rows", () => {
    const tasks = tab("任务", [TASK_HEADER, ["T-001", "引领从严治党", "召开专题会议", "经棚乡", "2026-06-30"]]);

    expect(parseWorkbook(workbookWith({ 任务: tasks })).problems).toEqual([]);
  });

  it("reports a 单位 user without 所属单位 as unit-required and leaves the user out", () => {
    const users = tab(
      "用户",
      [
        ["账号", "姓名", "角色", "所属单位", "启用"],
        ["admin@example.cn", "管理员", "管理员", "", "是"],
        ["li@example.cn", "李四", "unit", " ", "是"],
        ["wang@example.cn", "王五", "单位", "经棚镇", "是"],
      ],
      { protected: true },
    );

    const dataset = parseWorkbook(workbookWith({ 用户: users }));

    expect(dataset.users.map((u) => u.login)).toEqual(["admin@example.cn", "wang@example.cn"]);
    expect(dataset.problems).toEqual([
      {
        tab: "用户",
        row: 3,
        column: "所属单位",
        cell: "D3",
        value: "",
        code: "unit-required",
        message: "角色为“单位”的账号必须填写「所属单位」。",
        severity: "error",
        rowId: "li@example.cn",
      },
    ]);
  });

  it("reports unit-required at 所属单位 even when the tab has no such column", () => {
    const users = tab(
      "用户",
      [
        ["账号", "角色"],
        ["li@example.cn", "单位"],
      ],
      { protected: true },
    );

    expect(parseWorkbook(workbookWith({ 用户: users })).problems).toEqual([
      {
        tab: "用户",
        row: 2,
        column: "所属单位",
        value: "",
        code: "unit-required",
        message: "角色为“单位”的账号必须填写「所属单位」。",
        severity: "error",
        rowId: "li@example.cn",
      },
    ]);
  });

  it("finds a tab titled by its English key, and reports problems under that title", () => {
    const tasks = tab("tasks", [TASK_HEADER, taskRow("T-001"), taskRow("T-002", "下周")]);

    const dataset = parseWorkbook(workbookWith({ 任务: tasks }));

    expect(dataset.tabTitles.tasks).toBe("tasks");
    expect(dataset.tasks.map((t) => t.id)).toEqual(["T-001", "T-002"]);
    expect(dataset.problems).toEqual([
      {
        tab: "tasks",
        row: 3,
        column: "完成时限",
        cell: "E3",
        value: "下周",
        code: "bad-date",
        message: "无法识别的日期：请写成 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日，或使用日期格式的单元格。",
        severity: "error",
        rowId: "T-002",
        units: ["经棚镇"],
      },
    ]);
  });

  it("finds a tab whose title is padded or in another case", () => {
    const dataset = parseWorkbook(workbookWith({ 任务: tab(" Tasks ", [TASK_HEADER, taskRow("T-001")]) }));

    expect(dataset.tabTitles.tasks).toBe(" Tasks ");
    expect(dataset.tasks.map((t) => t.id)).toEqual(["T-001"]);
    expect(dataset.problems).toEqual([]);
  });

  it("warns when 用户 is known to be unprotected", () => {
    const users = tab(
      "用户",
      [
        ["账号", "角色"],
        ["admin@example.cn", "admin"],
      ],
      { protected: false },
    );

    expect(parseWorkbook(workbookWith({ 用户: users })).problems).toEqual([
      {
        tab: "用户",
        code: "users-unprotected",
        params: { tab: "用户" },
        message: "「用户」工作表没有保护：任何能编辑表格的人都能给自己授予管理员角色。请将此工作表设为受保护，只允许组织部管理员编辑。",
        severity: "warning",
      },
    ]);
  });

  it("does not warn when the backend cannot tell whether 用户 is protected", () => {
    const users = tab("用户", [
      ["账号", "角色"],
      ["admin@example.cn", "admin"],
    ]);

    expect(parseWorkbook(workbookWith({ 用户: users })).problems).toEqual([]);
  });

  it("with a tab missing reports missing-tab and still reads the rest", () => {
    const dataset = parseWorkbook(workbookWith({ 走访: undefined, 任务: tab("任务", [TASK_HEADER, taskRow("T-001")]) }));

    expect(dataset.tasks.map((t) => t.id)).toEqual(["T-001"]);
    expect(dataset.visits).toEqual([]);
    expect(dataset.problems).toEqual([
      {
        tab: "走访",
        code: "missing-tab",
        params: { tab: "走访" },
        message: "缺少工作表「走访」：请新建名为「走访」的工作表并填写表头。",
        severity: "error",
      },
    ]);
  });

  it("with no tabs at all gives default settings and no rows", () => {
    const dataset = parseWorkbook(workbook([]));

    expect(dataset.tasks).toEqual([]);
    expect(dataset.settings.weights.日常督查).toBe(30);
    expect(dataset.problems.map((p) => p.tab)).toEqual([
      "单位",
      "任务",
      "走访",
      "会议",
      "考核",
      "问责",
      "用户",
      "设置",
      "操作日志",
      "会议快照",
      // 干部 and 责任状 are optional (a workbook from before them is not at fault); 提醒记录 is said on /admin/reminders.
      "测评",
      "测评票",
      "测评码",
    ]);
    expect(new Set(dataset.problems.map((p) => p.code))).toEqual(new Set(["missing-tab"]));
  });

  it("takes settings from the 设置 tab and reports a bad one under the tab's title", () => {
    const settings = tab("settings", [
      ["key", "value"],
      ["ranking.public", "是"],
      ["weight.日常督查", "三十"],
    ]);

    const dataset = parseWorkbook(workbookWith({ 设置: settings }));

    expect(dataset.settings.rankingPublic).toBe(true);
    expect(dataset.settings.weights.日常督查).toBe(30);
    expect(dataset.problems).toEqual([
      expect.objectContaining({ tab: "settings", row: 3, column: "value", cell: "B3", code: "bad-setting", severity: "warning" }),
    ]);
  });

  it("resolves a 单位 cell holding the unit's ID to its name once, keeping the cell as written for writes", () => {
    const visits = tab("走访", [
      ["走访编号", "日期", "干部姓名", "所属单位", "联系点"],
      ["V-1", "2026-03-05", "王伟", "U01", "联系点"],
      ["V-2", "2026-03-06", "李娜", "宇宙地镇", "联系点"],
    ]);
    const users = tab(
      "用户",
      [
        ["账号", "角色", "所属单位"],
        ["unit", "单位", "U01"],
      ],
      { protected: true },
    );

    const dataset = parseWorkbook(workbookWith({ 单位: UNITS, 走访: visits, 用户: users }));

    expect(dataset.visits.map((v) => [v.id, v.unit, v._written?.unit])).toEqual([
      ["V-1", "经棚镇", "U01"],
      ["V-2", "宇宙地镇", undefined],
    ]);
    expect(dataset.users[0]?.unit).toBe("经棚镇");
  });

  it("keeps a task with an unreadable 进度 and a visit with an unreadable 意见建议数, each cell unknown", () => {
    const tasks = tab("任务", [
      [...TASK_HEADER, "进度"],
      [...taskRow("T-1"), "过半"],
    ]);
    const visits = tab("走访", [
      ["走访编号", "日期", "干部姓名", "所属单位", "联系点", "意见建议数"],
      ["V-1", "2026-03-05", "王伟", "经棚镇", "联系点", "若干"],
    ]);

    const dataset = parseWorkbook(workbookWith({ 单位: UNITS, 任务: tasks, 走访: visits }));

    expect(dataset.tasks.map((t) => [t.id, t.progress, t._bad?.progress?.value])).toEqual([["T-1", undefined, "过半"]]);
    expect(dataset.visits.map((v) => [v.id, v.suggestions, v._bad?.suggestions?.cell])).toEqual([["V-1", undefined, "F2"]]);
  });
});

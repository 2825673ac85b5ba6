import { describe, expect, it } from "vitest";
import { parseTab } from "@/lib/schema/parse-tab";
import { tasksTab, visitsTab } from "@/lib/schema/tabs";
import { TASK_HEADER, tab, taskRow } from "./fixtures";

const TASK = { keyTask: "引领从严治党", title: "召开专题会议", leadUnit: "经棚镇", due: "2026-06-30" };

describe("rows", () => {
  it("that are blank, or hold only spaces, are skipped silently", () => {
    const raw = tab("任务", [TASK_HEADER, taskRow("T-001"), null, ["", "", null, "", ""], ["  ", "\u3000", " \n ", "\t", ""], [], taskRow("T-002")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { _row: 2, id: "T-001", ...TASK },
      { _row: 7, id: "T-002", ...TASK },
    ]);
  });

  it("with a bad cell stay in the rows, the cell unknown, and are listed in the problems", () => {
    const raw = tab("任务", [TASK_HEADER, taskRow("T-001"), taskRow("T-002", "3月上旬"), taskRow("T-003")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows.map((r) => r.id)).toEqual(["T-001", "T-002", "T-003"]);
    const kept = parsed.rows[1];
    expect(kept?.due).toBeUndefined();
    expect(kept?._bad).toEqual({ due: { column: "完成时限", cell: "E3", value: "3月上旬" } });
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 3,
        column: "完成时限",
        cell: "E3",
        value: "3月上旬",
        code: "bad-date",
        message: "无法识别的日期：请写成 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日，或使用日期格式的单元格。",
        severity: "error",
        rowId: "T-002",
        units: ["经棚镇"],
      },
    ]);
  });

  it("with several bad cells list each of them", () => {
    const raw = tab("任务", [
      [...TASK_HEADER, "进度"],
      ["T-001", "引领从严治党", "   ", "经棚镇", "下周", "过半"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["title", "due", "progress"]]);
    expect(parsed.problems.map((p) => [p.cell, p.code])).toEqual([
      ["C2", "required"],
      ["E2", "bad-date"],
      ["F2", "bad-number"],
    ]);
  });

  it("missing a required value are a required problem and stay, the cell unknown", () => {
    const raw = tab("任务", [TASK_HEADER, ["T-001", "引领从严治党", "\u3000", "经棚镇", "2026-06-30"]]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows).toEqual([{ _row: 2, id: "T-001", ...TASK, title: "", _bad: { title: { column: "事项", cell: "C2", value: "" } } }]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 2,
        column: "事项",
        cell: "C2",
        value: "",
        code: "required",
        params: { column: "事项" },
        message: "「事项」是必填项，这一格是空的：请补填。",
        severity: "error",
        rowId: "T-001",
        units: ["经棚镇"],
      },
    ]);
  });

  it("missing their ID are a missing-id warning and still counted", () => {
    const raw = tab("任务", [TASK_HEADER, taskRow("T-001"), taskRow("  ")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows).toEqual([
      { _row: 2, id: "T-001", ...TASK },
      { _row: 3, ...TASK },
    ]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 3,
        column: "任务编号",
        cell: "A3",
        value: "",
        code: "missing-id",
        params: { column: "任务编号" },
        message: "这一行没有「任务编号」：网页上无法修改此行。管理员可在「管理」页为缺少编号的行自动编号。",
        severity: "warning",
        units: ["经棚镇"],
      },
    ]);
  });

  it("with a duplicate ID are a duplicate-id warning naming the first row, and only the first is counted", () => {
    const raw = tab("任务", [["2026年度从严治党任务分工台账"], TASK_HEADER, taskRow("T-001"), taskRow("T-002"), taskRow(" T-001 ")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows.map((r) => [r._row, r.id])).toEqual([
      [3, "T-001"],
      [4, "T-002"],
    ]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 5,
        column: "任务编号",
        cell: "A5",
        value: "T-001",
        code: "duplicate-id",
        params: { id: "T-001", firstRow: 3 },
        message: "编号「T-001」与第 3 行重复：编号必须唯一，请修改其中一行的编号。",
        severity: "warning",
        rowId: "T-001",
        units: ["经棚镇"],
      },
    ]);
  });

  it("whose ID column is not first still report the ID cell", () => {
    const raw = tab("任务", [
      ["重点任务", "事项", "牵头单位", "完成时限", "任务编号"],
      ["引领从严治党", "召开专题会议", "经棚镇", "2026-06-30", ""],
    ]);

    expect(parseTab(tasksTab, raw).problems.map((p) => [p.code, p.cell])).toEqual([["missing-id", "E2"]]);
  });

  it("give their problems the row's ID and units, so a unit sees its own rows' problems", () => {
    const tasks = tab("任务", [
      [...TASK_HEADER, "参加单位", "进度"],
      ["T-001", "引领从严治党", "召开专题会议", "经棚镇", "2026-06-30", "同兴镇、芝瑞镇", "二成"],
    ]);
    const visits = tab("走访", [
      ["走访编号", "日期", "干部姓名", "所属单位", "联系点", "解决问题数"],
      ["V-001", "2026-03-05", "王伟", "宇宙地镇", "宇宙地村", "两个"],
    ]);

    const taskProblem = parseTab(tasksTab, tasks).problems[0];
    const visitProblem = parseTab(visitsTab, visits).problems[0];

    expect(taskProblem).toMatchObject({ cell: "G2", code: "bad-number", rowId: "T-001", units: ["经棚镇", "同兴镇", "芝瑞镇"] });
    expect(visitProblem).toEqual({
      tab: "走访",
      row: 2,
      column: "解决问题数",
      cell: "F2",
      value: "两个",
      code: "bad-number",
      message: "不是数字：请只填写数字（可用全角数字或百分数，如 60%）。",
      severity: "error",
      rowId: "V-001",
      units: ["宇宙地镇"],
    });
  });
});

import { describe, expect, it } from "vitest";
import { findHeaderRow } from "@/lib/schema/header";
import { parseTab } from "@/lib/schema/parse-tab";
import { tasksTab } from "@/lib/schema/tabs";
import { TASK_HEADER, tab, taskRow } from "./fixtures";

const TASK = { keyTask: "引领从严治党", title: "召开专题会议", leadUnit: "经棚镇", due: "2026-06-30" };

describe("header row", () => {
  it("is found below a title row and a blank row", () => {
    const raw = tab("任务", [["2026年度从严治党任务分工台账"], null, TASK_HEADER, taskRow("T-001")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.header?.row).toBe(3);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([{ _row: 4, id: "T-001", ...TASK }]);
  });

  it("is found below title rows whose blank row the backend hands over as empty strings", () => {
    const raw = tab("任务", [["2026年度从严治党任务分工台账", "", ""], ["", "  ", null], TASK_HEADER, taskRow("T-001")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.header?.row).toBe(3);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r._row)).toEqual([4]);
  });

  it("outside the first 10 rows is a missing-header problem listing every required column", () => {
    const notes = Array.from({ length: 10 }, (_, i) => [`说明第 ${i + 1} 行`]);
    const raw = tab("任务", [...notes, TASK_HEADER, taskRow("T-001")]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.usable).toBe(false);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        code: "missing-header",
        params: { columns: "任务编号、重点任务、事项、牵头单位、完成时限" },
        message: "前 10 行中找不到必填列「任务编号、重点任务、事项、牵头单位、完成时限」的表头：请在表头行加上这些列（中文名或英文名均可）。",
        severity: "error",
      },
    ]);
  });

  it("in row 10 is still found", () => {
    const raw = tab("任务", [TASK_HEADER, taskRow("T-001")], { startRow: 10 });

    expect(parseTab(tasksTab, raw).header?.row).toBe(10);
  });

  it("lacking some required columns names only those, from the row closest to a header", () => {
    const raw = tab("任务", [["2026年度从严治党任务分工台账"], ["任务编号", "重点任务", "牵头单位", "备注"], ["T-001", "引领从严治党", "经棚镇"]]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        code: "missing-header",
        params: { columns: "事项、完成时限" },
        message: "前 10 行中找不到必填列「事项、完成时限」的表头：请在表头行加上这些列（中文名或英文名均可）。",
        severity: "error",
      },
    ]);
  });

  it("of an empty tab lists every required column", () => {
    expect(findHeaderRow(tasksTab, [])).toEqual({ missing: ["任务编号", "重点任务", "事项", "牵头单位", "完成时限"] });
  });
});

describe("missing tab", () => {
  it("is a missing-tab problem, not a crash", () => {
    const parsed = parseTab(tasksTab, undefined);

    expect(parsed).toEqual({
      rows: [],
      usable: false,
      problems: [
        {
          tab: "任务",
          code: "missing-tab",
          params: { tab: "任务" },
          message: "缺少工作表「任务」：请新建名为「任务」的工作表并填写表头。",
          severity: "error",
        },
      ],
    });
  });
});

describe("columns", () => {
  it("are matched by header in any order", () => {
    const raw = tab("任务", [
      ["完成时限", "进度", "牵头单位", "事项", "任务编号", "重点任务"],
      ["2026-06-30", "50%", "经棚镇", "召开专题会议", "T-001", "引领从严治党"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.problems).toEqual([]);
    expect(parsed.header?.index).toEqual({ due: 0, progress: 1, leadUnit: 2, title: 3, id: 4, keyTask: 5 });
    expect(parsed.rows).toEqual([{ _row: 2, id: "T-001", progress: 50, ...TASK }]);
  });

  it("answer to their English key in any case, and problems name the header as the sheet has it", () => {
    const raw = tab("任务", [
      ["id", "keyTask", "TITLE", "leadunit", "DUE"],
      ["T-001", "引领从严治党", "召开专题会议", "经棚镇", "下周"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.header?.index).toEqual({ id: 0, keyTask: 1, title: 2, leadUnit: 3, due: 4 });
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 2,
        column: "DUE",
        cell: "E2",
        value: "下周",
        code: "bad-date",
        message: "无法识别的日期：请写成 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日，或使用日期格式的单元格。",
        severity: "error",
        rowId: "T-001",
        units: ["经棚镇"],
      },
    ]);
  });

  it("answer to padded, full-width and starred headers", () => {
    const raw = tab("任务", [
      ["\u3000任务编号\u3000", " 重点任务 ", "事项*", "牵头单位\t", "完成时限 ＊"],
      ["T-001", "引领从严治党", "召开专题会议", "经棚镇", "2026-06-30"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.problems).toEqual([]);
    expect(parsed.header?.names).toEqual({ id: "任务编号", keyTask: "重点任务", title: "事项*", leadUnit: "牵头单位", due: "完成时限 ＊" });
    expect(parsed.rows).toEqual([{ _row: 2, id: "T-001", ...TASK }]);
  });

  it("answer to a full-width English key (ＩＤ), which problems then quote", () => {
    const raw = tab("任务", [
      ["ＩＤ", "ＫｅｙＴａｓｋ", "事项", "牵头单位", "完成时限"],
      ["", "引领从严治党", "召开专题会议", "经棚镇", "2026-06-30"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.header?.index).toMatchObject({ id: 0, keyTask: 1 });
    expect(parsed.rows).toEqual([{ _row: 2, ...TASK }]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 2,
        column: "ＩＤ",
        cell: "A2",
        value: "",
        code: "missing-id",
        params: { column: "ＩＤ" },
        message: "这一行没有「ＩＤ」：网页上无法修改此行。管理员可在「管理」页为缺少编号的行自动编号。",
        severity: "warning",
        units: ["经棚镇"],
      },
    ]);
  });

  it("that the tab does not know are ignored, and so is a row filled only in them", () => {
    const raw = tab("任务", [
      ["序号", ...TASK_HEADER, "分管领导意见", "备用"],
      [1, ...taskRow("T-001"), "同意", "x"],
      [2, "", "", "", "", "", "", ""],
      [3, null, null, null, null, null, "待定"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([{ _row: 2, id: "T-001", ...TASK }]);
  });

  it("named twice: a warning at the second one, and the first one is used", () => {
    const raw = tab("任务", [
      [...TASK_HEADER, "备注", "DUE"],
      [...taskRow("T-001", "2026-06-30"), "", "2026-12-31"],
    ]);

    const parsed = parseTab(tasksTab, raw);

    expect(parsed.rows).toEqual([{ _row: 2, id: "T-001", ...TASK }]);
    expect(parsed.problems).toEqual([
      {
        tab: "任务",
        row: 1,
        column: "完成时限",
        cell: "G1",
        value: "DUE",
        code: "duplicate-header",
        params: { column: "完成时限", first: "E", second: "G" },
        message: "「完成时限」列出现了两次（第 E 列和第 G 列），只使用第一列：请删除或改名重复的列。",
        severity: "warning",
      },
    ]);
  });
});

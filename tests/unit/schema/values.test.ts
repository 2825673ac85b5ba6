import { describe, expect, it } from "vitest";
import type { CellValue } from "@/lib/schema/cells";
import { parseTab } from "@/lib/schema/parse-tab";
import type { Column } from "@/lib/schema/columns";
import { compileCell, parseCell, parseDate, UNDECIDED } from "@/lib/schema/values";
import { tasksTab, usersTab, visitsTab } from "@/lib/schema/tabs";
import { TASK_HEADER, dateCell, tab, taskRow } from "./fixtures";

const BAD_DATE = "无法识别的日期：请写成 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日，或使用日期格式的单元格。";

/** A 任务 tab with 进度 in F, 状态 in G, 参加单位 in H and the task in row 3, below a title row. */
function taskWith(cells: { due?: CellValue; progress?: CellValue; status?: CellValue; partners?: CellValue; title?: CellValue }) {
  const raw = tab("任务", [
    ["2026年度从严治党任务分工台账"],
    [...TASK_HEADER, "进度", "状态", "参加单位"],
    [
      "T-007",
      "引领从严治党",
      cells.title ?? "召开专题会议",
      "经棚镇",
      cells.due ?? "2026-06-30",
      cells.progress ?? null,
      cells.status ?? null,
      cells.partners ?? null,
    ],
  ]);
  return parseTab(tasksTab, raw);
}

/** A 走访 tab with 意见建议数 in F, 佐证链接 in G and the visit in row 2. */
function visitWith(cells: { suggestions?: CellValue; evidence?: CellValue }) {
  const raw = tab("走访", [
    ["走访编号", "日期", "干部姓名", "所属单位", "联系点", "意见建议数", "佐证链接"],
    ["V-001", "2026-03-05", "王伟", "宇宙地镇", "宇宙地村", cells.suggestions ?? null, cells.evidence ?? null],
  ]);
  return parseTab(visitsTab, raw);
}

/** A 用户 tab with 启用 in D and the user in row 2. */
function userWith(active: CellValue) {
  const raw = tab("用户", [
    ["账号", "角色", "所属单位", "启用"],
    ["zhang@example.cn", "单位", "同兴镇", active],
  ]);
  return parseTab(usersTab, raw);
}

/** Where a problem in the 任务 row above sits, for the column in `column` / `cell`. */
const taskAt = (column: string, cell: string) => ({ tab: "任务", row: 3, column, cell, rowId: "T-007", units: ["经棚镇"] });
const visitAt = (column: string, cell: string) => ({ tab: "走访", row: 2, column, cell, rowId: "V-001", units: ["宇宙地镇"] });

describe("dates", () => {
  it.each<[string, CellValue]>([
    ["a date cell", dateCell(2026, 3, 5)],
    ["a date cell with a time late in the day", dateCell(2026, 3, 5, 23, 59)],
    ["a serial number", 46086],
    ["a serial number with a time part", 46086.75],
    ["ISO text", "2026-03-05"],
    ["slashes", "2026/3/5"],
    ["dots", "2026.3.5"],
    ["Chinese", "2026年3月5日"],
    ["Chinese with spaces", "2026 年 3 月 5 日"],
    ["full-width digits and dashes", "２０２６－０３－０５"],
    ["text with a time", "2026-03-05 14:30"],
    ["slashes with seconds", "2026/3/5 9:30:00"],
    ["ISO with T and zone", "2026-03-05T10:00:00+08:00"],
    ["padded text", "  2026-03-05\u3000"],
  ])("accept %s", (_, due) => {
    const parsed = taskWith({ due });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.due).toBe("2026-03-05");
  });

  it.each(["2026-02-30", "3月上旬", "下周", "2026-13-01", "05/03/2026"])("reject %s as bad-date at the cell, keeping the row with 完成时限 unknown", (due) => {
    const parsed = taskWith({ due });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["due"]]);
    expect(parsed.problems).toEqual([{ ...taskAt("完成时限", "E3"), value: due, code: "bad-date", message: BAD_DATE, severity: "error" }]);
  });

  it("reject a true/false cell", () => {
    expect(taskWith({ due: true }).problems).toEqual([{ ...taskAt("完成时限", "E3"), value: "true", code: "bad-date", message: BAD_DATE, severity: "error" }]);
  });
});

describe("numbers", () => {
  it.each<[string, CellValue, number]>([
    ["full-width digits", "８５", 85],
    ["a percentage in the progress column", "60%", 60],
    ["a full-width percentage", "６０％", 60],
    ["0.6 from a percent-formatted cell", 0.6, 60],
    ["a plain number", 45, 45],
    ["padded text", " 45 ", 45],
    ["a decimal", "12.5", 12.5],
    ["zero", 0, 0],
    ["one hundred", "100", 100],
  ])("accept %s", (_, progress, expected) => {
    const parsed = taskWith({ progress });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.progress).toBe(expected);
  });

  it.each<[CellValue, number]>([
    ["1,234", 1234],
    ["１，２３４", 1234],
    [" 12 ", 12],
  ])("accept %s with thousands separators or padding as an integer", (suggestions, expected) => {
    const parsed = visitWith({ suggestions });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.suggestions).toBe(expected);
  });

  it("reject abc as bad-number", () => {
    const parsed = taskWith({ progress: "abc" });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["progress"]]);
    expect(parsed.problems).toEqual([
      {
        ...taskAt("进度", "F3"),
        value: "abc",
        code: "bad-number",
        message: "不是数字：请只填写数字（可用全角数字或百分数，如 60%）。",
        severity: "error",
      },
    ]);
  });

  it("reject progress 120 as out-of-range", () => {
    const parsed = taskWith({ progress: 120 });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["progress"]]);
    expect(parsed.problems).toEqual([
      {
        ...taskAt("进度", "F3"),
        value: "120",
        code: "out-of-range",
        params: { min: 0, max: 100 },
        message: "数值超出范围：应在 0 到 100 之间。",
        severity: "error",
      },
    ]);
  });

  it("reject negative suggestions as out-of-range", () => {
    const parsed = visitWith({ suggestions: -3 });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["suggestions"]]);
    expect(parsed.problems).toEqual([
      {
        ...visitAt("意见建议数", "F2"),
        value: "-3",
        code: "out-of-range",
        params: { min: 0, max: "" },
        message: "数值超出范围：不能小于 0。",
        severity: "error",
      },
    ]);
  });

  it("reject 2.5 suggestions as not-integer", () => {
    const parsed = visitWith({ suggestions: "2.5" });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["suggestions"]]);
    expect(parsed.problems).toEqual([
      { ...visitAt("意见建议数", "F2"), value: "2.5", code: "not-integer", message: "应为整数：请填写不带小数的数字。", severity: "error" },
    ]);
  });
});

describe("enumerations", () => {
  it.each(["已完成", " 已完成 ", "DONE", "done", "Done", "ｄｏｎｅ"])("accept %s", (status) => {
    const parsed = taskWith({ status });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.status).toBe("已完成");
  });

  it("reject an unknown value as bad-enum listing the options", () => {
    const parsed = taskWith({ status: "完成了" });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["status"]]);
    expect(parsed.problems).toEqual([
      {
        ...taskAt("状态", "G3"),
        value: "完成了",
        code: "bad-enum",
        params: { options: "未开始 / 进行中 / 已完成 / 已延期 / 已取消" },
        message: "不是可选的值：请填写以下之一：未开始 / 进行中 / 已完成 / 已延期 / 已取消。",
        severity: "error",
      },
    ]);
  });
});

describe("lists", () => {
  it("split on 、，,；; and new lines, trimming and dropping empty items", () => {
    const parsed = taskWith({ partners: " 宇宙地镇、土城子镇，同兴镇,万合永镇；芝瑞镇;达来诺日镇\n新开地乡\r\n红山子乡、 、" });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.partnerUnits).toEqual(["宇宙地镇", "土城子镇", "同兴镇", "万合永镇", "芝瑞镇", "达来诺日镇", "新开地乡", "红山子乡"]);
  });

  it("of separators only is absent", () => {
    const parsed = taskWith({ partners: "、，" });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]).not.toHaveProperty("partnerUnits");
  });
});

describe("booleans", () => {
  it.each<[CellValue, boolean]>([
    ["是", true],
    ["否", false],
    ["true", true],
    ["FALSE", false],
    ["Y", true],
    ["n", false],
    [" 是 ", true],
    [true, true],
    [false, false],
  ])("accept %s", (active, expected) => {
    const parsed = userWith(active);

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.active).toBe(expected);
  });

  it("reject an unknown value as bad-bool", () => {
    const parsed = userWith("暂停");

    // 用户 is not a figure tab: a row whose 启用 cannot be read is not guessed into access.
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([
      {
        tab: "用户",
        row: 2,
        column: "启用",
        cell: "D2",
        value: "暂停",
        code: "bad-bool",
        message: "应为 是 或 否（也可填 true/false、Y/N）。",
        severity: "error",
        rowId: "zhang@example.cn",
        units: ["同兴镇"],
      },
    ]);
  });
});

describe("links", () => {
  it.each([
    ["https://example.cn/a?id=1", "https://example.cn/a?id=1"],
    ["  http://example.cn/minutes.pdf\u3000", "http://example.cn/minutes.pdf"],
  ])("accept %s", (evidence, expected) => {
    const parsed = visitWith({ evidence });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.evidence).toBe(expected);
  });

  it.each(["www.example.cn", "ftp://example.cn/a", "见附件"])("reject %s as bad-url", (evidence) => {
    const parsed = visitWith({ evidence });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["evidence"]]);
    expect(parsed.problems).toEqual([
      {
        ...visitAt("佐证链接", "G2"),
        value: evidence,
        code: "bad-url",
        message: "不是有效的链接：请填写以 http:// 或 https:// 开头的完整网址。",
        severity: "error",
      },
    ]);
  });
});

describe("text", () => {
  it("is trimmed of half- and full-width spaces and new lines", () => {
    const parsed = taskWith({ title: " \u3000召开专题会议\n" });

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.title).toBe("召开专题会议");
  });

  it("from a number cell is the number as written", () => {
    const parsed = parseTab(tasksTab, tab("任务", [TASK_HEADER, taskRow(1001)]));

    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.id).toBe("1001");
  });
});

describe("a date cell holding no valid date", () => {
  // exceljs turns a huge number in a date-formatted cell (an ID card number, say) into an Invalid Date.
  const broken = new Date(Number.NaN);

  it("is bad-date in a date column, not a crash", () => {
    const parsed = taskWith({ due: broken });

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["due"]]);
    expect(parsed.problems).toEqual([{ ...taskAt("完成时限", "E3"), value: "Invalid Date", code: "bad-date", message: BAD_DATE, severity: "error" }]);
  });

  it("is bad-date in a text or date-time column, not a crash", () => {
    const raw = tab("任务", [
      [...TASK_HEADER, "备注", "更新时间"],
      [...taskRow("T-001"), broken, broken],
    ]);

    const parsed = parseTab(tasksTab, raw);

    // The row stays, the cell unknown.
    expect(parsed.rows.map((r) => Object.keys(r._bad ?? {}))).toEqual([["notes", "updatedAt"]]);
    expect(parsed.problems.map((p) => [p.cell, p.value, p.code])).toEqual([
      ["F2", "Invalid Date", "bad-date"],
      ["G2", "Invalid Date", "bad-date"],
    ]);
  });
});

describe("numbers typed into a date column", () => {
  it("refuses a year typed alone instead of turning it into a date in 1905", () => {
    expect(parseDate(2026)).toEqual({ ok: false, code: "bad-date" });
  });
  it("reads a compact 20260305 that Excel stored as a number", () => {
    expect(parseDate(20260305)).toEqual({ ok: true, value: "2026-03-05" });
  });
});

describe("compiled column readers (parse-tab's fast path)", () => {
  it("give parseCell's value for every cell they decide, and leave every other cell (each possible problem) to parseCell", () => {
    const columns: Column[] = [
      { header: "标题", required: false, type: "text", maxLength: 5 },
      { header: "数", required: false, type: "int", min: 0, max: 100 },
      { header: "进度", required: false, type: "number", min: 0, max: 100, percent: true },
      { header: "日期", required: false, type: "date" },
      { header: "时间", required: false, type: "datetime" },
      {
        header: "方式",
        required: false,
        type: "enum",
        options: [
          { key: "a", label: "座谈" },
          { key: "b", label: "登门走访" },
        ],
      },
      { header: "是否", required: false, type: "bool" },
      { header: "链接", required: false, type: "url" },
      { header: "清单", required: false, type: "list" },
    ];
    const cells: CellValue[] = [
      "  abc ",
      "abcdef",
      "",
      "   ",
      0,
      7,
      -1,
      101,
      3.5,
      0.6,
      1,
      60,
      Number.NaN,
      46000,
      46000.75,
      46000.9999999,
      12,
      99999,
      20260305,
      "2026-03-05",
      "2026/3/5",
      "2026-02-30",
      "20260230",
      "2026年3月5日",
      " 2026-03-05 10:07 ",
      "座谈",
      "ＡＢ",
      "a",
      "B",
      "登门走访 ",
      "其他",
      true,
      false,
      "是",
      "https://x.cn/a",
      new Date(Date.UTC(2026, 2, 5)),
      new Date(Date.UTC(2026, 10, 11, 13, 38, 5, 999)),
      new Date(Date.UTC(1969, 11, 31, 23, 59, 59)),
      new Date(Number.NaN),
      new Date(Date.UTC(12000, 0, 1)),
      "1,200",
      "60%",
    ];
    for (const column of columns) {
      const read = compileCell(column);
      for (const cell of cells) {
        const fast = read(cell);
        if (fast === UNDECIDED) continue;
        const slow = parseCell(column, cell);
        expect(slow.ok, `${column.header} ${String(cell)}`).toBe(true);
        expect(fast, `${column.header} ${String(cell)}`).toEqual(slow.ok ? slow.value : undefined);
      }
    }
    // Repeated values come from the memo, the same answer each time.
    const date = compileCell({ header: "日期", required: false, type: "date" });
    expect([date(46000), date(46000), date("2026-03-05"), date("2026-03-05")]).toEqual(["2025-12-09", "2025-12-09", "2026-03-05", "2026-03-05"]);
  });
});

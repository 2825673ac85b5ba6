import { describe, expect, it } from "vitest";
import { toExportTable } from "@/app/_components/export/export-table";
import type { TableColumn } from "@/app/_components/table/types";
import { toCsv } from "@/lib/export/csv";

const yesNo = { yes: "是", no: "否" };
const columns: TableColumn[] = [
  { key: "id", header: "任务编号" },
  { key: "partnerUnits", header: "参加单位", kind: "list" },
  { key: "due", header: "完成时限", kind: "date" },
  { key: "progress", header: "进度", kind: "progress" },
  { key: "light", header: "红黄绿灯", kind: "light", labels: { red: "红灯" } },
  { key: "overdue", header: "逾期", kind: "bool", labels: { true: "逾期", false: "" } },
  { key: "urgent", header: "急", kind: "bool" },
];

describe("toExportTable", () => {
  it("exports what the table shows: labels for codes, lists joined, numbers and dates typed", () => {
    const table = toExportTable(
      "任务-2026",
      columns,
      [{ id: "RW-1", partnerUnits: ["经棚镇", "同兴镇"], due: "2026-03-31", progress: 40, light: "red", overdue: true, urgent: false }],
      yesNo,
    );
    expect(table.columns.map((c) => c.type)).toEqual(["text", "text", "date", "number", "text", "text", "text"]);
    expect(table.rows).toEqual([["RW-1", "经棚镇、同兴镇", "2026-03-31", 40, "红灯", "逾期", "否"]]);
  });

  it("leaves blanks blank", () => {
    const table = toExportTable("x", columns, [{ id: "RW-2", partnerUnits: [], due: null, progress: null, light: null, overdue: false, urgent: null }], yesNo);
    expect(table.rows).toEqual([["RW-2", null, null, null, null, null, null]]);
    expect(toCsv(table).split("\r\n")[1]).toBe("RW-2,,,,,,");
  });
});

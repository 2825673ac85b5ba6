/**
 * What the Google backend sends for a write, built from the tab as read (pure:
 * lib/sheets/google-store/write-ranges.ts and createPlan in layout.ts). The
 * emulator tests (tests/integration/google-store.test.ts) show these land.
 */
import { describe, expect, it } from "vitest";
import { isHeaderMap, findHeaderRow } from "@/lib/schema/header";
import { tasksTab, unitsTab, usersTab } from "@/lib/schema/tabs";
import { isoDateToSerial } from "@/lib/schema/values";
import { rawRowsFromWire, wireFromInput } from "@/lib/sheets/google-cells";
import { createPlan, type SheetMeta } from "@/lib/sheets/google-store/layout";
import type { FoundTab } from "@/lib/sheets/google-store/reader";
import { appendBlock, cellWrite, dateFormatsFor, firstHeaderColumn, realignedRows } from "@/lib/sheets/google-store/write-ranges";
import type { TabSpec } from "@/lib/schema/tabs";
import type { Columns } from "@/lib/schema/columns";

function sheet(title: string, sheetId: number, size: Partial<SheetMeta> = {}): SheetMeta {
  return { sheetId, title, rowCount: 1000, columnCount: 26, protectedRanges: [], ...size };
}

/** A tab as the reader finds it: rows as the API sends them, the header found by the schema. */
function found(spec: TabSpec<Columns>, title: string, values: unknown[][], sheetId = 7): FoundTab {
  const rows = rawRowsFromWire(values);
  const header = findHeaderRow(spec, rows);
  if (!isHeaderMap(header)) throw new Error(`no header: ${header.missing.join(",")}`);
  return { ok: true, sheet: sheet(title, sheetId), rows, header };
}

describe("appending", () => {
  // A hand-made 单位 tab: a title row, the header from column B in the sheet's own order, one column DutyBoard does not know.
  const units = found(unitsTab, "单位", [["2026年单位名册"], [null, "单位名称", "单位编号", "自定义列", "类型"], [null, "经棚镇", "U02", "x", "镇"]]);

  it("lays each row out in the sheet's own column order, from the header's first column, aimed at the header row", () => {
    expect(firstHeaderColumn(units)).toBe(1);
    const block = appendBlock(units, [
      [
        { key: "id", value: "U09" },
        { key: "kind", value: "镇" },
        { key: "name", value: "新镇" },
      ],
      [{ key: "id", value: "U10" }],
    ]);
    expect(block.start).toBe(1);
    expect(block.range).toBe("'单位'!B2:E");
    // 自定义列 (D) is left alone: null leaves a cell as it is.
    expect(block.matrix).toEqual([
      ["新镇", "U09", null, "镇"],
      [null, "U10", null, null],
    ]);
  });

  it("leaves out a value whose column the sheet's header lacks", () => {
    const block = appendBlock(units, [
      [
        { key: "id", value: "U11" },
        { key: "secretary", value: "李四" },
      ],
    ]);
    expect(block.matrix).toEqual([[null, "U11", null, null]]);
  });

  it("moves rows Google placed from another column under the header's columns, emptying what they took", () => {
    const block = appendBlock(units, [[{ key: "id", value: "U12" }]]);
    // Google put them from column D (a stray block there): rewrite B..G from B.
    expect(realignedRows("单位", 9, 3, block.start, block.matrix)).toEqual({ range: "'单位'!B9", values: [["", "U12", "", "", "", ""]] });
    // …or from column A: rewrite A..E from A, A emptied.
    expect(realignedRows("单位", 9, 0, block.start, block.matrix)).toEqual({ range: "'单位'!A9", values: [["", "", "U12", "", ""]] });
  });
});

describe("one cell", () => {
  it("addresses a cell A1-style on a tab whose title needs quoting", () => {
    expect(cellWrite("Tom's 任务", 27, 12, "T-009")).toEqual({ range: "'Tom''s 任务'!AB12", values: [["T-009"]] });
  });
});

describe("date formats for the first rows of a tab", () => {
  it("formats only the date and date-time columns the header has, on the rows written", () => {
    const tasks = found(tasksTab, "任务", [["任务编号", "重点任务", "事项", "牵头单位", "完成时限", "更新时间"]], 42);
    const requests = dateFormatsFor(tasksTab, tasks, 2, 4);
    const ranges = requests.map((r) => r.repeatCell?.range);
    expect(ranges).toEqual([
      { sheetId: 42, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 4, endColumnIndex: 5 },
      { sheetId: 42, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 5, endColumnIndex: 6 },
    ]);
    expect(requests.map((r) => r.repeatCell?.cell?.userEnteredFormat?.numberFormat?.type)).toEqual(["DATE", "DATE_TIME"]);
  });
});

describe("create", () => {
  const timeZone = "Asia/Shanghai";

  it("adds each missing tab in order with its header frozen, formats its dates, protects 用户, and drops the empty Sheet1", () => {
    const spare = sheet("Sheet1", 0);
    const tasks = { spec: tasksTab as TabSpec<Columns>, titleRows: ["2026年度任务台账"], rows: [{ id: "T-1", due: { date: "2026-03-01" } }] };
    const users = { spec: usersTab as TabSpec<Columns>, rows: [], protect: true };
    const { requests, data } = createPlan([spare], [{ content: tasks }, { content: users }], [spare], timeZone);

    const added = requests.flatMap((r) => (r.addSheet ? [r.addSheet.properties] : []));
    expect(added.map((p) => [p?.title, p?.index, p?.gridProperties?.frozenRowCount])).toEqual([
      ["任务", 0, 2],
      ["用户", 1, 1],
    ]);
    const [tasksId, usersId] = added.map((p) => p?.sheetId);
    expect(new Set([0, tasksId, usersId]).size).toBe(3);

    const dateColumns = Object.values(tasksTab.columns).flatMap((c, i) => (c.type === "date" || c.type === "datetime" ? [i] : []));
    const formatted = requests.flatMap((r) => (r.repeatCell ? [r.repeatCell.range] : []));
    expect(formatted.map((r) => r?.startColumnIndex)).toEqual(dateColumns);
    expect(formatted.every((r) => r?.sheetId === tasksId && r?.startRowIndex === 2 && r?.endRowIndex === undefined)).toBe(true);

    expect(requests.flatMap((r) => (r.addProtectedRange ? [r.addProtectedRange.protectedRange?.range?.sheetId] : []))).toEqual([usersId]);
    expect(requests.at(-1)).toEqual({ deleteSheet: { sheetId: 0 } });

    const keys = Object.keys(tasksTab.columns);
    expect(data[0]?.range).toBe("'任务'!A1");
    expect(data[0]?.values?.[0]).toEqual(["2026年度任务台账"]);
    expect(data[0]?.values?.[1]).toEqual(keys.map((k) => tasksTab.columns[k as keyof typeof tasksTab.columns].header));
    const row = data[0]?.values?.[2] ?? [];
    expect(row[keys.indexOf("id")]).toBe("T-1");
    expect(row[keys.indexOf("due")]).toBe(isoDateToSerial("2026-03-01"));
    expect(row.filter((v) => v !== null)).toHaveLength(2);
    expect(data[1]).toEqual({ range: "'用户'!A1", majorDimension: "ROWS", values: [Object.values(usersTab.columns).map((c) => c.header)] });
  });

  it("grows an existing tab too small for its rows, freezes its header, and keeps its gid and hand-typed title", () => {
    const existing = sheet("units", 3333, { rowCount: 2, columnCount: 3 });
    const rows = [
      { id: "U01", name: "旗委组织部" },
      { id: "U02", name: "经棚镇" },
    ];
    const { requests, data } = createPlan([existing], [{ content: { spec: unitsTab as TabSpec<Columns>, rows }, sheet: existing }], [], timeZone);
    const width = Object.keys(unitsTab.columns).length;
    expect(requests).toEqual([
      { appendDimension: { sheetId: 3333, dimension: "ROWS", length: 3 + 200 - 2 } },
      { appendDimension: { sheetId: 3333, dimension: "COLUMNS", length: width - 3 } },
      { updateSheetProperties: { properties: { sheetId: 3333, gridProperties: { frozenRowCount: 1 } }, fields: "gridProperties.frozenRowCount" } },
    ]);
    expect(data[0]?.range).toBe("'units'!A1");
    expect(data[0]?.values?.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ["U01", "旗委组织部"],
      ["U02", "经棚镇"],
    ]);
  });

  it("writes an instant as the spreadsheet's wall clock", () => {
    const { data } = createPlan(
      [],
      [{ content: { spec: tasksTab as TabSpec<Columns>, rows: [{ id: "T-1", updatedAt: { dateTime: "2026-03-01T00:30:00Z" } }] } }],
      [],
      timeZone,
    );
    const keys = Object.keys(tasksTab.columns);
    expect(data[0]?.values?.[1]?.[keys.indexOf("updatedAt")]).toBe(wireFromInput({ dateTime: "2026-03-01T08:30:00" }, timeZone));
  });
});

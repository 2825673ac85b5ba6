/**
 * The streaming reader may stand in for the whole-file loader only if the schema
 * cannot tell them apart: on the same file both must give deep-equal RawTabs —
 * workbooks written by the app, saved by LibreOffice after hand edits, and
 * workbooks full of what staff do to a ledger (merged cells, hyperlinks, rich text,
 * formulas, percentages, dates in Chinese formats, protected and hidden sheets).
 */
import ExcelJS from "exceljs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue, RawTab } from "@/lib/schema/cells";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { readWorkbookStreaming } from "@/lib/sheets/xlsx-stream-reader";
import { generateSampleData } from "@/seeds/generate";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";

let dir: string;

beforeAll(async () => {
  if (!libreOfficeAvailable()) {
    throw new Error(`These tests save workbooks with real LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-stream-test-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function wholeFileTabs(file: string): Promise<RawTab[]> {
  return (await new XlsxStore(file, { backups: 0 }).readAll()).tabs;
}

async function expectSameTabs(file: string): Promise<RawTab[]> {
  const whole = await wholeFileTabs(file);
  const streamed = await readWorkbookStreaming(file);
  expect(streamed.map((t) => t.title)).toEqual(whole.map((t) => t.title));
  for (const [i, tab] of whole.entries()) expect(streamed[i], tab.title).toStrictEqual(tab);
  return whole;
}

function cellsOf(tabs: RawTab[], title: string, row: number): CellValue[] | undefined {
  return tabs.find((t) => t.title === title)?.rows.find((r) => r.row === row)?.cells;
}

async function sampleWorkbook(name: string): Promise<string> {
  const file = path.join(dir, name);
  await new XlsxStore(file, { backups: 0 }).create(generateSampleData({ year: 2026, today: "2026-06-15" }));
  return file;
}

/** A ledger the way staff dress one up, written by exceljs itself. */
async function dressedUpWorkbook(name: string, opts: { date1904?: boolean } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet("台账");
  ws.getCell("A1").value = "2026年度重点任务台账";
  ws.mergeCells("A1:L1");
  ws.getRow(2).values = ["重点任务", "进度", "数量", "佐证", "说明", "公式", "共享公式", "比例", "日期", "布尔", "错误", "文字"];
  // A key task merged down over the items under it.
  ws.getCell("A3").value = "引领从严治党";
  ws.mergeCells("A3:A5");
  // A number merged down, shown as a percentage in the lower cell.
  ws.getCell("C3").value = 42;
  ws.mergeCells("C3:C4");
  ws.getCell("C4").numFmt = "0%";
  ws.getCell("B3").value = 0.6;
  ws.getCell("B3").numFmt = "0%";
  ws.getCell("B4").value = 0.125;
  ws.getCell("B4").numFmt = "0.0%";
  ws.getCell("D3").value = { text: "会议纪要", hyperlink: "https://oa.example.gov.cn/minutes/1" };
  ws.getCell("D4").value = { text: "https://oa.example.gov.cn/evidence/2", hyperlink: "https://oa.example.gov.cn/evidence/2" };
  ws.getCell("E3").value = { richText: [{ text: "红色", font: { color: { argb: "FFFF0000" }, bold: true } }, { text: "提醒：R&D <b> \"引号\"" }] };
  ws.getCell("E4").value = "第一行\n第二行";
  ws.getCell("F3").value = { formula: "1+1", result: 2 };
  ws.getCell("F4").value = { formula: "1/0", result: { error: "#DIV/0!" } };
  ws.getCell("F5").value = { formula: "TRUE()", result: true };
  ws.getCell("F6").value = { formula: "DATE(2026,3,5)", result: new Date(Date.UTC(2026, 2, 5)) };
  ws.getCell("F6").numFmt = "yyyy-mm-dd";
  ws.getCell("F7").value = { formula: 'L3&"（续）"', result: "文字（续）" };
  ws.fillFormula("G3:G6", "F3*2", [4, 6, 8, 10]);
  ws.getCell("H3").value = 0.25;
  ws.getCell("H3").numFmt = "0.00%";
  ws.getCell("I3").value = new Date(Date.UTC(2026, 2, 5));
  ws.getCell("I3").numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell("I4").value = new Date(Date.UTC(2026, 2, 5, 9, 30));
  ws.getCell("I4").numFmt = "yyyy-mm-dd hh:mm";
  ws.getCell("I5").value = 46086; // a serial number left in General format stays a number
  ws.getCell("J3").value = true;
  ws.getCell("J4").value = false;
  ws.getCell("K3").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  ws.getCell("L3").value = "文字";
  ws.getCell("L4").value = "  前后空格  ";
  ws.getCell("L5").value = "";
  // A styled but empty cell, and a row of nothing but formatting.
  ws.getCell("L6").numFmt = "0%";
  ws.getCell("B8").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };

  const hidden = wb.addWorksheet("R&D 备用", { state: "hidden" });
  hidden.getCell("A1").value = "隐藏表";
  const locked = wb.addWorksheet("用户");
  locked.getCell("A1").value = "登录名";
  await locked.protect("", { selectLockedCells: true });

  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("readWorkbookStreaming", () => {
  it("reads the workbook the app writes exactly as the whole-file loader does", async () => {
    const tabs = await expectSameTabs(await sampleWorkbook("sample.xlsx"));
    // Shared strings span many read chunks: a character split between two must survive.
    expect(JSON.stringify(tabs)).not.toContain("\uFFFD");
    expect(tabs.find((t) => t.title === "用户")?.protected).toBe(true);
  });

  it("reads a workbook LibreOffice saved after hand edits exactly as the whole-file loader does", async () => {
    const file = await sampleWorkbook("libreoffice.xlsx");
    await editWithLibreOffice(file, [
      { sheet: "任务", op: "insertRows", before: 1, values: [["2026年度党建工作任务分工台账（修订）"]] },
      { sheet: "任务", op: "set", cell: "L5", value: "60%" },
      { sheet: "任务", op: "set", cell: "J5", value: "2026/3/5" },
      { sheet: "任务", op: "set", cell: "J7", value: "=J6+1" },
      { sheet: "走访", op: "sort", fromRow: 2, column: "C", descending: true },
      { sheet: "走访", op: "set", cell: "N2", value: "=1/0" },
      { sheet: "走访", op: "set", cell: "O2", value: "=TODAY()" },
      { sheet: "走访", op: "set", cell: "P2", value: "=1=1" },
      { sheet: "走访", op: "set", cell: "Q2", value: '=A2&"（核）"' },
      { sheet: "走访", op: "set", cell: "R2", value: "=1-1" },
      { sheet: "单位", op: "protect" },
    ]);
    const tabs = await expectSameTabs(file);
    expect(cellsOf(tabs, "任务", 1)).toEqual(["2026年度党建工作任务分工台账（修订）"]);
    // Formula results as the whole-file loader gives them: a date in a date cell, a serial in a
    // fresh one, and a zero result as empty.
    expect(cellsOf(tabs, "任务", 7)?.[9]).toEqual(expect.any(Date));
    const [id, ...results] = [0, 13, 14, 15, 16, 17].map((i) => cellsOf(tabs, "走访", 2)?.[i]);
    expect(results).toEqual(["#DIV/0!", expect.any(Number), true, `${String(id)}（核）`, null]);
    expect(tabs.find((t) => t.title === "单位")?.protected).toBe(true);
  });

  it("reads merged cells, hyperlinks, rich text, formula results, percentages and dates as the whole-file loader does", async () => {
    const tabs = await expectSameTabs(await dressedUpWorkbook("dressed-up.xlsx"));
    // The cases are really there: each merged cell reads its master's value in its own format.
    expect(cellsOf(tabs, "台账", 1)).toEqual(Array(12).fill("2026年度重点任务台账"));
    expect(cellsOf(tabs, "台账", 4)?.slice(0, 4)).toEqual(["引领从严治党", "12.5%", "4200%", "https://oa.example.gov.cn/evidence/2"]);
    expect(cellsOf(tabs, "台账", 3)?.slice(3, 6)).toEqual(["会议纪要", '红色提醒：R&D <b> "引号"', 2]);
    expect(cellsOf(tabs, "台账", 6)?.[5]).toEqual(new Date(Date.UTC(2026, 2, 5)));
    expect(tabs.map((t) => [t.title, t.protected])).toEqual([
      ["台账", false],
      ["R&D 备用", false],
      ["用户", true],
    ]);
  });

  it("reads the same dressed-up ledger after LibreOffice saved it", async () => {
    const file = await dressedUpWorkbook("dressed-up-libreoffice.xlsx");
    await editWithLibreOffice(file, [{ sheet: "台账", op: "set", cell: "L7", value: "已核对" }]);
    const tabs = await expectSameTabs(file);
    expect(cellsOf(tabs, "台账", 5)?.[0]).toBe("引领从严治党");
  });

  it("reads a workbook in the 1904 date system as the whole-file loader does", async () => {
    const tabs = await expectSameTabs(await dressedUpWorkbook("date1904.xlsx", { date1904: true }));
    expect(cellsOf(tabs, "台账", 3)?.[8]).toEqual(new Date(Date.UTC(2026, 2, 5)));
  });

  it("rejects a file that is not a workbook, as the whole-file loader does", async () => {
    const file = path.join(dir, "not-a-workbook.xlsx");
    await writeFile(file, "单位,任务\n");
    await expect(wholeFileTabs(file)).rejects.toThrow();
    await expect(readWorkbookStreaming(file)).rejects.toThrow();
    await expect(readWorkbookStreaming(path.join(dir, "missing.xlsx"))).rejects.toThrow();
  });
});

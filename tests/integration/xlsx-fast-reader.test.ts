/**
 * The fast reader may stand in for the whole-file loader only if the schema cannot
 * tell them apart: it must give RawTabs deep-equal to exceljs's whole-file loader's —
 * workbooks the app writes, ones LibreOffice saved after hand edits, and ledgers
 * dressed up the way staff dress them (merged cells, hyperlinks, rich text, formulas,
 * percentages, dates in Chinese formats, protected and hidden sheets).
 */
import ExcelJS from "exceljs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue, RawTab } from "@/lib/schema/cells";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { XlsxStore, readWorkbookWhole } from "@/lib/sheets/xlsx-store";
import { generateSampleData } from "@/seeds/generate";
import { seedWorkbook } from "@/seeds/seed";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";

let dir: string;

beforeAll(async () => {
  if (!libreOfficeAvailable()) {
    throw new Error(`These tests save workbooks with real LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-fast-test-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A cell where exceljs is known to read wrong, and what the fast reader reads instead: [tab, row, 0-based column, value]. */
type ExceljsWrong = [string, number, number, CellValue];

/**
 * Both readers on one file: the fast reader's tabs, once shown equal to exceljs's
 * apart from its link targets (exceljs has no place for them) and the cells
 * named as exceljs's own mistakes.
 */
async function expectSameTabs(file: string, exceljsWrong: ExceljsWrong[] = []): Promise<RawTab[]> {
  const whole = await readWorkbookWhole(file);
  const fast = await readWorkbookFast(file);
  for (const [title, row, col, value] of exceljsWrong) {
    const cells = whole.find((t) => t.title === title)?.rows.find((r) => r.row === row)?.cells;
    if (!cells) throw new Error(`no row ${row} in ${title}`);
    expect(cells[col], `exceljs still reads ${title}!${row}:${col} wrong`).not.toEqual(value);
    cells[col] = value;
  }
  const withoutLinks = fast.map((t) => ({ ...t, rows: t.rows.map(({ links: _, ...r }) => r) }));
  expect(withoutLinks.map((t) => t.title)).toEqual(whole.map((t) => t.title));
  for (const [i, tab] of whole.entries()) expect(withoutLinks[i], tab.title).toStrictEqual(tab);
  return fast;
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
  ws.getCell("E3").value = { richText: [{ text: "红色", font: { color: { argb: "FFFF0000" }, bold: true } }, { text: '提醒：R&D <b> "引号"' }] };
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

describe("readWorkbookFast", () => {
  it("reads the workbook the app writes exactly as exceljs does", async () => {
    const tabs = await expectSameTabs(await sampleWorkbook("sample.xlsx"));
    expect(JSON.stringify(tabs)).not.toContain("\uFFFD");
    expect(tabs.find((t) => t.title === "用户")?.protected).toBe(true);
  });

  it("reads the seeded demo workbook exactly as exceljs does", async () => {
    const file = path.join(dir, "seeded.xlsx");
    await seedWorkbook({ file, backend: "xlsx", year: 2026, today: "2026-06-15", quiet: true });
    const tabs = await expectSameTabs(file);
    expect(tabs.length).toBeGreaterThan(3);
    expect(tabs.every((t) => t.rows.length > 0)).toBe(true);
  });

  it("reads a workbook LibreOffice saved after hand edits exactly as exceljs does", async () => {
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
    // exceljs drops a formula's falsy result: =1-1 is 0, not empty (a 解决问题数 computed as 0 must read 0).
    const tabs = await expectSameTabs(file, [["走访", 2, 17, 0]]);
    expect(cellsOf(tabs, "任务", 1)).toEqual(["2026年度党建工作任务分工台账（修订）"]);
    expect(cellsOf(tabs, "任务", 7)?.[9]).toEqual(expect.any(Date));
    const [id, ...results] = [0, 13, 14, 15, 16, 17].map((i) => cellsOf(tabs, "走访", 2)?.[i]);
    expect(results).toEqual(["#DIV/0!", expect.any(Number), true, `${String(id)}（核）`, 0]);
    expect(tabs.find((t) => t.title === "单位")?.protected).toBe(true);
  });

  it("reads merged cells, hyperlinks, rich text, formula results, percentages and dates as exceljs does", async () => {
    const tabs = await expectSameTabs(await dressedUpWorkbook("dressed-up.xlsx"));
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
    // LibreOffice saves a FALSE cell as the formula FALSE() with its result 0, which exceljs reads as empty.
    const tabs = await expectSameTabs(file, [["台账", 4, 9, false]]);
    expect(cellsOf(tabs, "台账", 4)?.[9]).toBe(false);
    expect(cellsOf(tabs, "台账", 5)?.[0]).toBe("引领从严治党");
  });

  it("reads a workbook in the 1904 date system as exceljs does", async () => {
    const tabs = await expectSameTabs(await dressedUpWorkbook("date1904.xlsx", { date1904: true }));
    expect(cellsOf(tabs, "台账", 3)?.[8]).toEqual(new Date(Date.UTC(2026, 2, 5)));
  });

  it("reads a worksheet larger than one inflated piece, Chinese text split between pieces kept whole", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("走访");
    // Inline strings keep the Chinese text in the worksheet part itself, well past a megabyte of it.
    // The first pieces plain ASCII, the later ones not: the reader switches from Latin-1 to UTF-8 part-way.
    for (let r = 1; r <= 6000; r++) {
      const note = r <= 3000 ? `visit ${r}, all well. `.repeat(6) : `经棚镇第${r}次走访，情况良好。`.repeat(6);
      ws.addRow([`ZF-${r}`, note, r / 7, new Date(Date.UTC(2026, 0, 1 + (r % 300)))]);
    }
    ws.getColumn(4).numFmt = "yyyy-mm-dd";
    const file = path.join(dir, "large.xlsx");
    await wb.xlsx.writeFile(file, { useSharedStrings: false } as Partial<ExcelJS.XlsxWriteOptions>);
    const tabs = await expectSameTabs(file);
    expect(tabs[0]?.rows).toHaveLength(6000);
    expect(JSON.stringify(tabs)).not.toContain("\uFFFD");
  });

  it("rejects a file that is not a workbook with a clear error", async () => {
    const csv = path.join(dir, "not-a-workbook.xlsx");
    await writeFile(csv, "单位,任务\n");
    await expect(readWorkbookFast(csv)).rejects.toThrow(/不是 xlsx 工作簿/u);
    await expect(readWorkbookFast(path.join(dir, "missing.xlsx"))).rejects.toThrow();

    // A zip that is no workbook, and a workbook cut short.
    const zipOnly = path.join(dir, "other.zip.xlsx");
    const other = new ExcelJS.Workbook();
    other.addWorksheet("x").getCell("A1").value = 1;
    const bytes = Buffer.from(await other.xlsx.writeBuffer());
    await writeFile(zipOnly, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readWorkbookFast(zipOnly)).rejects.toThrow(/不是 xlsx 工作簿/u);
  });

  it("reports a worksheet whose XML is broken as unreadable, naming the part, rather than reading part of it", async () => {
    const book = '<workbook xmlns:r="r"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>';
    const rels = '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>';
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>台账</t></is></c></row>';
    for (const [name, broken] of [
      ["cut-short.xlsx", sheet],
      ["cut-in-a-tag.xlsx", `${sheet}<row r="2"><c r="A2`],
      ["unknown-entity.xlsx", `${sheet.replace("台账", "&nbsp;")}</sheetData></worksheet>`],
      ["mismatched.xlsx", `${sheet}</sheetData></sheet>`],
    ]) {
      const file = path.join(dir, name!);
      await writeFile(file, storedZip({ "xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": broken! }));
      const tabs = await readWorkbookFast(file);
      expect(tabs, name).toEqual([
        { title: "台账", rows: [], protected: false, unreadable: expect.stringMatching(/^xl\/worksheets\/sheet1.xml：XML 格式错误/u) },
      ]);
    }
    // The same parts well formed read as a workbook.
    const file = path.join(dir, "well-formed.xlsx");
    await writeFile(
      file,
      storedZip({ "xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": `${sheet}</sheetData></worksheet>` }),
    );
    expect(await readWorkbookFast(file)).toStrictEqual([{ title: "台账", rows: [{ row: 1, cells: ["台账"] }], protected: false }]);
  });
});

/** A zip of uncompressed parts, checksums left at 0: enough for a reader that does not check them. */
function storedZip(parts: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

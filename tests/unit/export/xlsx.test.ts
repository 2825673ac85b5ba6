import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { toXlsx } from "@/lib/export/xlsx";

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error("no sheet");
  return ws;
}

describe("toXlsx", () => {
  it("writes a header row and typed literal values", async () => {
    const ws = await readBack(
      await toXlsx({
        name: "走访",
        columns: [{ header: "走访编号" }, { header: "日期", type: "date" }, { header: "意见建议数", type: "number" }, { header: "主要内容" }],
        rows: [
          ["ZF-0001", "2026-03-05", 2, "宣讲二十大精神"],
          ["ZF-0002", null, 0, "=1+1"],
        ],
      }),
    );
    expect(ws.name).toBe("走访");
    expect(ws.getRow(1).values).toEqual([undefined, "走访编号", "日期", "意见建议数", "主要内容"]);
    expect(ws.getCell("A2").value).toBe("ZF-0001");
    expect(ws.getCell("B2").value).toEqual(new Date(Date.UTC(2026, 2, 5)));
    expect(ws.getCell("C2").value).toBe(2);
    expect(ws.getCell("B3").value).toBeNull();
    // Formula-looking text stays text: no formula is ever written.
    expect(ws.getCell("D3").value).toBe("=1+1");
    expect(ws.getCell("D3").type).toBe(ExcelJS.ValueType.String);
    expect(ws.rowCount).toBe(3);
  });

  it("makes a legal sheet name out of any table name", async () => {
    const ws = await readBack(await toXlsx({ name: "考核/记录[2026]:一二三四五六七八九十一二三四五六七八九十", columns: [{ header: "a" }], rows: [] }));
    expect(ws.name).toMatch(/^考核_记录_2026__/u);
    expect(ws.name.length).toBeLessThanOrEqual(31);
  });
});

describe("toXlsx page setup", () => {
  it("prints landscape on A4, fitted to one page wide, with the header row repeated on every page", async () => {
    const ws = await readBack(await toXlsx({ name: "任务", columns: [{ header: "任务编号" }, { header: "事项" }], rows: [["RW-1", "甲"]] }));
    expect(ws.pageSetup.orientation).toBe("landscape");
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe("1:1");
  });
});

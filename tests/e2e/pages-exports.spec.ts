import { expect, test } from "./support/fixtures";
import ExcelJS from "exceljs";
import { yearOf } from "../../lib/domain/dates";
import { cellWhere } from "./support/auth-workbook";
import { doctor, servedDataset, TablePage, YEAR } from "./support/pages";
import { editCellOnDisk } from "./support/workbook";

// Each test loads several pages and counts rows; generous for a busy CI machine.
test.describe.configure({ timeout: 120_000 });

const BOM = [0xef, 0xbb, 0xbf];

function csvLines(bytes: Buffer): string[] {
  return bytes.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
}

test.describe("exports", () => {
  test("CSV and Excel hold exactly the filtered rows, in the columns shown", async ({ page }) => {
    const { figures } = doctor();
    await page.goto("/tasks?overdue=1");
    const tasks = new TablePage(page, "tasks-table");
    await tasks.expectCount(figures.tasks.overdue);

    const csv = await tasks.export("CSV");
    expect(csv.download.suggestedFilename()).toBe(`任务-${YEAR}_2026-11-20.csv`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual(BOM);
    const lines = csvLines(csv.bytes);
    // 数据有误 is a column shown (empty for rows whose every cell reads), so it is exported too;
    // the overdue view shows (and exports) 责任领导 and 逾期天数 by default.
    expect(lines[0]).toBe("任务编号,事项,重点任务,牵头单位,责任领导,责任人,完成时限,逾期天数,进度,红黄绿灯,数据有误,状态");
    expect(lines).toHaveLength(figures.tasks.overdue + 1);
    // Overdue tasks are red, and the light is exported as its word.
    for (const line of lines.slice(1)) expect(line).toContain(",红灯,");

    const xlsx = await tasks.export("Excel");
    expect(xlsx.download.suggestedFilename()).toBe(`任务-${YEAR}_2026-11-20.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error("no sheet");
    expect(ws.rowCount).toBe(figures.tasks.overdue + 1);
    expect(ws.getCell("A1").value).toBe("任务编号");
    // Progress is a number and the due date a date, not text.
    expect(typeof ws.getCell("I2").value).toBe("number");
    expect(ws.getCell("G2").value).toBeInstanceOf(Date);
  });

  test("a cell that looks like a formula is exported as text: quoted in CSV, a literal string in Excel", async ({ page }) => {
    const dataset = await servedDataset();
    const task = dataset.tasks.find((t) => yearOf(t.due) === YEAR);
    if (!task) throw new Error("no task");
    const cell = await cellWhere("任务", "任务编号", task.id, "事项");
    const restore = await editCellOnDisk("任务", cell, "=1+1");
    try {
      await page.goto(`/tasks?q=${encodeURIComponent(task.id)}`);
      const tasks = new TablePage(page, "tasks-table");
      await tasks.expectCount(1);
      await expect(tasks.rows().first()).toContainText("=1+1");

      const csv = await tasks.export("CSV");
      expect([...csv.bytes.subarray(0, 3)]).toEqual(BOM);
      const [, row] = csvLines(csv.bytes);
      expect(row?.split(",")[1]).toBe("'=1+1");

      const xlsx = await tasks.export("Excel");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
      const b2 = wb.worksheets[0]?.getCell("B2");
      expect(b2?.value).toBe("=1+1");
      expect(b2?.type).toBe(ExcelJS.ValueType.String);
    } finally {
      await restore();
    }
  });

  test("visits export the filtered rows with numbers as numbers", async ({ page }) => {
    const visits = (await servedDataset()).visits.filter((v) => yearOf(v.date) === YEAR && v.method === "宣讲");
    await page.goto("/visits?method=宣讲");
    const table = new TablePage(page, "visits-table");
    await table.expectCount(visits.length);
    const xlsx = await table.export("Excel");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error("no sheet");
    expect(ws.rowCount).toBe(visits.length + 1);
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    const suggestions = headers.indexOf("意见建议数") + 1;
    let sum = 0;
    for (let r = 2; r <= ws.rowCount; r++) sum += Number(ws.getRow(r).getCell(suggestions).value);
    expect(sum).toBe(visits.reduce((s, v) => s + (v.suggestions ?? 0), 0));
  });
});

/**
 * Text no workbook can hold (U+FFFF, what a mis-decoded byte-order mark
 * pastes as) is refused at the form with a message naming the field, nothing
 * is written, and the next save works: the workbook stays readable by exceljs.
 */
import { expect, test } from "./support/fixtures";
import ExcelJS from "exceljs";
import { copyFile, rename } from "node:fs/promises";
import { parseWorkbook } from "../../lib/schema/workbook";
import { XlsxStore } from "../../lib/sheets/xlsx-store";
import { workbookFile } from "./support/workbook";

const pristine = `${workbookFile}.before-unstorable-spec`;

test.beforeAll(async () => {
  await copyFile(workbookFile, pristine);
});

test.afterAll(async () => {
  await rename(pristine, workbookFile);
});

async function servedDataset() {
  return parseWorkbook(await new XlsxStore(workbookFile, { backups: 0 }).readAll());
}

test("a U+FFFF in a note is refused with a message naming the field, and the next save works", async ({ page }) => {
  const task = (await servedDataset()).tasks.find((t) => t.status === "进行中");
  if (!task) throw new Error("the seed has no open task");
  await page.goto(`/tasks/${encodeURIComponent(task.id)}/edit`);
  const form = page.getByTestId("task-progress-form");
  await expect(form).toBeVisible();

  await form.getByLabel("备注").fill("已召开推进会\uFFFF");
  await form.getByRole("button", { name: "保存", exact: true }).click();
  await expect(form.getByTestId("error-notes")).toHaveText("备注中有一个表格无法保存的字符（U+FFFF，多为从别处粘贴带来的乱码），请删除后重新填写");
  expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.notes).toBe(task.notes);

  await form.getByLabel("备注").fill("已召开推进会（修正后）");
  await form.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");
  expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.notes).toBe("已召开推进会（修正后）");
  // exceljs, whose reader refused a file with U+FFFF in it, still opens the workbook.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  expect(wb.getWorksheet("任务")).toBeDefined();
});

/**
 * The write journal in the browser: a visit recorded while LibreOffice holds
 * the workbook is answered 已暂存, shown as pending to its author and the
 * admin, and lands once the lock is gone; a web write whose cell a person then
 * changed is listed on 数据体检 with both values and settled there; a web write
 * an office save undid comes back by itself. The served workbook and its
 * journal are put back afterwards so the other specs see the seeded data.
 */
import { expect, test } from "./support/fixtures";
import ExcelJS from "exceljs";
import { copyFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseWorkbook } from "../../lib/schema/workbook";
import { Journal, journalDirOf } from "../../lib/sheets/journal";
import { XlsxStore } from "../../lib/sheets/xlsx-store";
import { storageStateOf } from "./support/auth";
import { cellOf, workbookFile } from "./support/workbook";

const pristine = `${workbookFile}.before-journal-spec`;
const officeLock = path.join(path.dirname(workbookFile), `.~lock.${path.basename(workbookFile)}#`);

test.beforeAll(async () => {
  await copyFile(workbookFile, pristine);
});

test.afterAll(async () => {
  await rm(officeLock, { force: true });
  await rename(pristine, workbookFile);
  // The writes made here must not be replayed into the restored workbook.
  new Journal(journalDirOf(workbookFile)).setAside();
});

async function servedDataset() {
  return parseWorkbook(await new XlsxStore(workbookFile, { backups: 0 }).readAll());
}

/** Sets one cell of a task's row on disk, as a person saving from an office suite would. */
async function setTaskCellOnDisk(taskId: string, header: string, value: ExcelJS.CellValue) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet("任务")!;
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === taskId) row = n;
  });
  const column = (await cellOf("任务", header, 0)).replace(/\d+$/u, "");
  ws.getCell(`${column}${row}`).value = value;
  await wb.xlsx.writeFile(`${workbookFile}.journal-spec-tmp`);
  await rename(`${workbookFile}.journal-spec-tmp`, workbookFile);
}

test("a visit recorded while LibreOffice holds the workbook is kept, shown as pending, and written once it is closed", async ({ browser, page }) => {
  await writeFile(officeLock, ",张会计,PC-17,20.11.2026 10:00,file:///home/zhang/.config/libreoffice/4;");
  const unit = await browser.newContext({ storageState: storageStateOf("unit") });
  try {
    const form = await unit.newPage();
    await form.goto("/visits/new");
    const visitForm = form.getByTestId("visit-form");
    await expect(visitForm).toBeVisible();
    const id = await visitForm.locator('input[name="id"]').inputValue();
    await visitForm.getByLabel("日期").fill("2026-11-18");
    await visitForm.getByLabel("干部姓名").fill("暂存测试干部");
    await visitForm.getByLabel("联系点").fill("暂存测试村");
    await visitForm.getByRole("button", { name: "保存", exact: true }).click();
    await expect(form.getByTestId("form-queued")).toContainText("已暂存（表格关闭后自动写入）");
    expect((await servedDataset()).visits.some((v) => v.id === id)).toBe(false);

    // Its author sees it waiting, on the form page and the list.
    await form.goto("/visits/new");
    await expect(form.getByTestId("pending-write").filter({ hasText: id })).toBeVisible();

    // So does the admin, on /admin.
    await page.goto("/admin");
    const pending = page.getByTestId("pending-write").filter({ hasText: id });
    await expect(pending).toBeVisible();
    await expect(pending).toContainText("unit");

    // LibreOffice closes the file: the next request writes it.
    await rm(officeLock);
    await page.goto(`/visits?detail=${encodeURIComponent(id)}`);
    await expect(page.getByTestId("row-detail")).toContainText("暂存测试干部");
    expect((await servedDataset()).visits.filter((v) => v.id === id)).toHaveLength(1);
    await page.goto("/admin");
    await expect(page.getByTestId("pending-writes-none")).toBeVisible();
    const audit = (await servedDataset()).audit.filter((a) => a.rowId === id);
    expect(audit.map((a) => [a.login, a.action])).toEqual([["unit", "新增走访（暂存后写入）"]]);
  } finally {
    await unit.close();
    await rm(officeLock, { force: true });
  }
});

test("a web write whose cell a person changed is a conflict on 数据体检 with both values, settled there; one an office save undid comes back", async ({
  page,
}) => {
  const task = (await servedDataset()).tasks.find((t) => t.status === "进行中" && typeof t.progress === "number" && t.progress < 80)!;
  const web = String((task.progress ?? 0) + 11);
  // The person's copy, opened before the web write.
  const personCopy = `${workbookFile}.journal-spec-person`;
  await copyFile(workbookFile, personCopy);

  await page.goto(`/tasks/${encodeURIComponent(task.id)}/edit`);
  const form = page.getByTestId("task-progress-form");
  await form.getByLabel("进度").fill(web);
  await form.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");

  // Someone saves another value into the same cell.
  await setTaskCellOnDisk(task.id, "进度", 9);
  await page.goto("/data-health");
  const conflict = page.getByTestId("journal-conflict").filter({ hasText: task.id });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId("conflict-web")).toHaveText(web);
  await expect(conflict.getByTestId("conflict-workbook")).toHaveText("9");
  await expect(conflict).toContainText("进度");
  await expect(conflict).toContainText("admin");

  await conflict.getByRole("button", { name: "写入网页的值" }).click();
  // Other specs share this workbook and may leave conflicts of their own (a spec that puts its copy back
  // is, to the journal, a person saving an older file): only this task's are this test's to check.
  await expect(page.getByTestId("journal-conflict").filter({ hasText: task.id })).toHaveCount(0);
  expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(Number(web));

  // Now the person's older copy is saved over the file: the web value comes back by itself.
  await rm(`${workbookFile}.journal-spec-tmp`, { force: true });
  await copyFile(personCopy, workbookFile);
  await rm(personCopy);
  await page.goto(`/tasks/${encodeURIComponent(task.id)}`);
  await expect.poll(async () => (await servedDataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(Number(web));
  await page.goto("/data-health");
  await expect(page.locator("#journal-conflicts-title")).toBeVisible();
  await expect(page.getByTestId("journal-conflict").filter({ hasText: task.id })).toHaveCount(0);
});

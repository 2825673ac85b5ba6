/**
 * A unit liaison officer (demo login `unit`, 经棚镇) updates a task from a
 * phone, and a change saved to the workbook behind their back while the form
 * is open is shown side by side and resolved. The served workbook is put back
 * afterwards so the other specs see the seeded data.
 */
import { expect, test, type Page } from "./support/fixtures";
import ExcelJS from "exceljs";
import { copyFile, rename } from "node:fs/promises";
import { storageStateOf } from "./support/auth";
import { parseWorkbook } from "../../lib/schema/workbook";
import { XlsxStore } from "../../lib/sheets/xlsx-store";
import { cellOf, editCellOnDisk, workbookFile } from "./support/workbook";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const pristine = `${workbookFile}.before-writes-spec`;

test.beforeAll(async () => {
  await copyFile(workbookFile, pristine);
});

test.afterAll(async () => {
  await rename(pristine, workbookFile);
});

/** The served workbook as it is on disk right now (the shared helper keeps its first read). */
async function servedDataset() {
  return parseWorkbook(await new XlsxStore(workbookFile, { backups: 0 }).readAll());
}

/** A task 经棚镇 leads that is still in progress, as the served workbook has it now. */
async function ownOpenTask() {
  const task = (await servedDataset()).tasks.find((t) => t.leadUnit === "经棚镇" && t.status === "进行中");
  if (!task) throw new Error("the seed has no open task led by 经棚镇");
  return task;
}

/** The A1 address of one of a task's cells in the served workbook. */
async function addressOf(taskId: string, header: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet("任务")!;
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === taskId) row = n;
  });
  const column = (await cellOf("任务", header, 0)).replace(/\d+$/u, "");
  return `${column}${row}`;
}

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
}

test.describe("a unit officer on a phone", () => {
  test.use({ storageState: storageStateOf("unit"), ...PHONE });

  test("updates the progress of a task their unit leads", async ({ page }) => {
    const task = await ownOpenTask();
    await page.goto(`/tasks/${encodeURIComponent(task.id)}/edit`);
    const form = page.getByTestId("task-progress-form");
    await expect(form).toBeVisible();
    await expectNoSidewaysScroll(page);

    const progress = task.progress === 70 ? "71" : "70";
    await form.getByLabel("进度").fill(progress);
    await form.getByLabel("备注").fill("已完成第三批入户走访（手机填报）");
    await form.getByRole("button", { name: "保存", exact: true }).tap();
    await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");

    const after = (await servedDataset()).tasks.find((t) => t.id === task.id);
    expect(after).toMatchObject({ progress: Number(progress), notes: "已完成第三批入户走访（手机填报）" });
    const audit = (await servedDataset()).audit.at(-1);
    expect(audit).toMatchObject({ login: "unit", action: "更新任务进度", rowId: task.id });

    // A wrong value is refused in place, in Chinese, and nothing is written.
    await form.getByLabel("进度").fill("-5");
    await form.getByRole("button", { name: "保存", exact: true }).tap();
    await expect(form.getByTestId("error-progress")).toHaveText("进度不能为负数");
    expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(Number(progress));
  });

  test("sees a change saved behind their back side by side, and keeps theirs or takes the sheet's", async ({ page }) => {
    const task = await ownOpenTask();
    await page.goto(`/tasks/${encodeURIComponent(task.id)}/edit`);
    const form = page.getByTestId("task-progress-form");
    await expect(form).toBeVisible();

    // While the form is open, someone saves the workbook with another progress.
    const restore = await editCellOnDisk("任务", await addressOf(task.id, "进度"), 33);
    try {
      await form.getByLabel("进度").fill("85");
      await form.getByRole("button", { name: "保存", exact: true }).tap();
      const conflict = page.getByTestId("conflict");
      await expect(conflict).toBeVisible();
      await expect(conflict.getByTestId("conflict-progress-mine")).toHaveText("85");
      await expect(conflict.getByTestId("conflict-progress-theirs")).toHaveText("33");
      await expectNoSidewaysScroll(page);
      expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(33); // nothing written

      // Keep mine: sent again against 33.
      await conflict.getByRole("button", { name: "按所选保存" }).tap();
      await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");
      expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(85);

      // Again, and this time take the sheet's value: nothing is written.
      await editCellOnDisk("任务", await addressOf(task.id, "备注"), "组织部：请补充佐证材料");
      await form.getByLabel("备注").fill("我这边的备注");
      await form.getByRole("button", { name: "保存", exact: true }).tap();
      await expect(conflict).toBeVisible();
      await expect(conflict.getByTestId("conflict-notes-theirs")).toHaveText("组织部：请补充佐证材料");
      await conflict.getByRole("button", { name: "全部采用表格中的值" }).tap();
      await expect(page.getByTestId("form-note")).toHaveText("已采用表格中的值，没有写入任何内容。");
      await expect(form.getByLabel("备注")).toHaveValue("组织部：请补充佐证材料");
      expect((await servedDataset()).tasks.find((t) => t.id === task.id)?.notes).toBe("组织部：请补充佐证材料");
    } finally {
      await restore();
    }
  });

  test("finds one of their unit's visits in the list and corrects it; another unit's visit offers no edit", async ({ page }) => {
    const dataset = await servedDataset();
    const year = Number(process.env.E2E_YEAR ?? 2026);
    const own = dataset.visits.find((v) => v.unit === "经棚镇" && v.date.startsWith(String(year)))!;
    const other = dataset.visits.find((v) => v.unit !== "经棚镇" && v.date.startsWith(String(year)))!;

    await page.goto(`/visits?detail=${encodeURIComponent(other.id)}`);
    await expect(page.getByTestId("row-detail")).toBeVisible();
    await expect(page.getByTestId("row-edit-link")).toHaveCount(0);

    await page.goto(`/visits?detail=${encodeURIComponent(own.id)}`);
    await page.getByTestId("row-edit-link").tap();
    await expect(page).toHaveURL(new RegExp(`/visits/${encodeURIComponent(own.id)}/edit$`, "u"));
    const form = page.getByTestId("visit-form");
    const suggestions = (own.suggestions ?? 0) + 1;
    await form.getByLabel("意见建议数").fill(String(suggestions));
    await form.getByRole("button", { name: "保存", exact: true }).tap();
    await expect(page.getByTestId("form-saved")).toBeVisible();
    expect((await servedDataset()).visits.find((v) => v.id === own.id)?.suggestions).toBe(suggestions);
  });

  test("cannot open the form of a task another unit leads", async ({ page }) => {
    const other = (await servedDataset()).tasks.find((t) => t.leadUnit !== "经棚镇")!;
    const response = await page.goto(`/tasks/${encodeURIComponent(other.id)}/edit`);
    expect(response?.status()).toBe(403);
  });
});

test.describe("the organisation department", () => {
  test("sees the unit officer's writes in the audit log", async ({ page }) => {
    await page.goto("/admin/audit");
    const entries = page.getByTestId("audit-entry");
    await expect(entries.filter({ hasText: "更新任务进度" }).first()).toContainText("unit");
    await expect(entries.filter({ hasText: "修改走访" }).first()).toContainText("unit");
  });
});

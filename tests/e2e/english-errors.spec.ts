/**
 * The English interface shows no Chinese error (issue 13): a field refused by
 * the form, an action refused by the server, the 403 page and the 503 page
 * of an unusable workbook all speak English when the viewer chose English
 * (the `lang` cookie), and the 503 page follows Accept-Language before anyone
 * has chosen. So do an admin's refused account, a ballot with a code that is
 * not valid, a route handler's refusal and the screen's snapshot result. Only
 * the user's own data (a unit's name) may stay Chinese.
 */
import { expect, test, type BrowserContext } from "./support/fixtures";
import ExcelJS from "exceljs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { parseWorkbook } from "../../lib/schema/workbook";
import { XlsxStore } from "../../lib/sheets/xlsx-store";
import { E2E_BASE_URL, SIGNED_OUT, storageStateOf } from "./support/auth";
import { OWN_BASE, startOwnServer, stopOwnServer } from "./support/own-server";
import { cellOf, editCellOnDisk, workbookFile } from "./support/workbook";

const HAN = /[\u4e00-\u9fff]/u;

async function english(context: BrowserContext, base = E2E_BASE_URL) {
  await context.addCookies([{ name: "lang", value: "en", url: base }]);
}

/** A task 经棚镇 leads that is still open, as the served workbook has it now. */
async function ownOpenTask() {
  const dataset = parseWorkbook(await new XlsxStore(workbookFile, { backups: 0 }).readAll());
  const task = dataset.tasks.find((t) => t.leadUnit === "经棚镇" && t.status === "进行中");
  if (!task) throw new Error("the seed has no open task led by 经棚镇");
  return task;
}

async function addressOf(taskId: string, header: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  let row = 0;
  wb.getWorksheet("任务")!.eachRow((r, n) => {
    if (r.getCell(1).value === taskId) row = n;
  });
  return `${(await cellOf("任务", header, 0)).replace(/\d+$/u, "")}${row}`;
}

test.describe("a unit officer in the English interface", () => {
  test.use({ storageState: storageStateOf("unit") });

  test("sees a wrong value refused in English, and a refused save explained in English", async ({ page, context }) => {
    await english(context);
    const task = await ownOpenTask();
    await page.goto(`/tasks/${encodeURIComponent(task.id)}/edit`);
    const form = page.getByTestId("task-progress-form");
    await expect(form).toBeVisible();

    // The browser's instant check, in English, naming the field in English.
    await form.getByLabel("Progress (%)").fill("-5");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expect(form.getByTestId("error-progress")).toHaveText("Progress cannot be negative");

    // While the form is open the task's lead unit changes in the sheet: the server refuses, in English.
    const restore = await editCellOnDisk("任务", await addressOf(task.id, "牵头单位"), "宇宙地镇");
    try {
      await form.getByLabel("Progress (%)").fill(task.progress === 70 ? "71" : "70");
      await form.getByRole("button", { name: "Save", exact: true }).click();
      const refusal = page.getByTestId("form-error");
      // Refused by the server (the re-read lead unit, or the same check in the row as it is written), in English.
      await expect(refusal).toHaveAttribute("data-reason", "refused");
      await expect(refusal).toContainText(/lead unit .*宇宙地镇.*Nothing was saved\./u);
      // The units' names are the user's data; the sentence around them is English.
      expect(((await refusal.textContent()) ?? "").replace(/宇宙地镇|经棚镇/gu, "")).not.toMatch(HAN);
    } finally {
      await restore();
    }
  });

  test("gets the 403 page in English", async ({ page, context }) => {
    await english(context);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    const main = page.getByRole("main");
    await expect(main).toContainText("Not allowed");
    expect(await main.textContent()).not.toMatch(HAN);
  });
});

test.describe("an admin in the English interface", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("adding an account that exists is refused in English, and nothing is written", async ({ page, context }) => {
    await english(context);
    await page.goto("/admin");
    const form = page.getByTestId("add-user-form");
    // "admin" is already in the Users tab (the seed's own admin).
    await form.getByLabel("Login").fill("admin");
    await form.getByRole("button", { name: "Add user" }).click();
    const refusal = form.getByTestId("add-user-error");
    await expect(refusal).toContainText("Correct the marked fields; nothing was changed.");
    await expect(refusal).toContainText("Login “admin” is already in the Users tab");
    expect(await refusal.textContent()).not.toMatch(HAN);
    await expect(form.getByTestId("shown-password")).toHaveCount(0);
  });

  test("a route handler's refusal speaks English", async ({ page, context }) => {
    await english(context);
    const res = await page.request.get("/api/tables/nothing?format=csv");
    expect(res.status()).toBe(404);
    expect(await res.json()).toEqual({ error: "not-found", message: "No such table" });
    const badYear = await page.request.get("/api/tables/tasks?format=csv&year=20");
    expect(badYear.status()).toBe(400);
    expect(((await badYear.json()) as { message: string }).message).toBe("year must be a whole number from 2000 to 2100");
  });

  test("the screen's snapshot result is said in English", async ({ page, context }) => {
    await english(context);
    await page.goto("/screen");
    await expect(page.getByTestId("screen")).toHaveAttribute("data-ready", "true", { timeout: 20_000 });
    await page.keyboard.press("p");
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 320);
    await page.getByRole("button", { name: "Take meeting snapshot" }).click();
    // Two writes to the workbook (the snapshot, then its audit row): allow a busy machine its time.
    const note = page.getByTestId("controls-note");
    await expect(note).toContainText(/^Snapshot KZ-\d{8}-\d+ saved \(\d{4}-\d{2}-\d{2}\)$/u, { timeout: 30_000 });
    expect(await note.textContent()).not.toMatch(HAN);
  });
});

test.describe("a participant in the English interface", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a ballot link whose code is not valid is refused in English", async ({ page, context }) => {
    await english(context);
    await page.goto("/ballot/not-a-ballot-code");
    const refused = page.getByTestId("ballot-refused");
    await expect(refused).toContainText("This appraisal code is not valid");
    expect(await refused.textContent()).not.toMatch(HAN);
    await expect(page).toHaveTitle(/Work-report appraisal ballot/u);
  });
});

test.describe("the 503 page of an unusable workbook", () => {
  test.use({ storageState: SIGNED_OUT });

  test("speaks the viewer's language: the lang cookie, else Accept-Language, else Chinese", async ({ page, context, request }) => {
    test.setTimeout(120_000);
    const dir = path.resolve(".tmp/e2e-english-503");
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true }); // no workbook in it: workbook-missing
    const server = await startOwnServer(dir);
    try {
      await english(context, OWN_BASE);
      expect((await page.goto(`${OWN_BASE}/`))?.status()).toBe(503);
      const unavailable = page.getByTestId("workbook-unavailable");
      await expect(unavailable).toHaveAttribute("data-code", "workbook-missing");
      await expect(unavailable.getByRole("heading")).toHaveText("The data workbook cannot be found");
      expect(await unavailable.textContent()).not.toMatch(HAN);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");

      const byHeader = await request.get(`${OWN_BASE}/tasks`, { headers: { "Accept-Language": "en-GB,en;q=0.9,zh;q=0.5" }, maxRedirects: 0 });
      expect(byHeader.status()).toBe(503);
      expect(await byHeader.text()).toContain("What to do");

      const chinese = await request.get(`${OWN_BASE}/tasks`, { headers: { "Accept-Language": "zh-CN,zh;q=0.9" }, maxRedirects: 0 });
      expect(chinese.status()).toBe(503);
      expect(await chinese.text()).toContain("找不到数据工作簿");
    } finally {
      await stopOwnServer(server);
    }
  });
});

/**
 * Phones, paper and page chrome (issue 14, items 6–9): tables become cards under 640 px with
 * one scroll and a filter sheet; a printed table holds every filtered row and column header;
 * the overview prints on at most two pages; the overdue view shows and exports 逾期天数 and
 * 责任领导 with the Excel page setup; the site has a favicon.
 */
import { expect, test, type Page } from "./support/fixtures";
import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { daysBetween, yearOf } from "../../lib/domain/dates";
import { isOverdue } from "../../lib/domain/tasks";
import { doctor, screenshot, SCREENS_DIR, servedDataset, TablePage, TODAY, YEAR } from "./support/pages";

test.describe.configure({ timeout: 120_000 });

const PHONE = { width: 390, height: 844 };

/** Elements other than the page itself that scroll vertically (a box inside the page). */
function nestedVerticalScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => {
        const style = getComputedStyle(el);
        return ["auto", "scroll"].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.checkVisibility();
      })
      .map((el) => `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}`),
  );
}

/** The PDF's text with every space and line break taken out, so wrapped words and ids read whole. */
function pdfPlainText(pdf: Buffer, name: string): { text: string; pages: number; landscape: boolean } {
  const file = path.join(SCREENS_DIR, `${name}.pdf`);
  mkdirSync(SCREENS_DIR, { recursive: true });
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/gu, "");
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/u.exec(info)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/u.exec(info);
  return { text, pages, landscape: Number(size?.[1]) > Number(size?.[2]) };
}

const TASK_ID = /RW-\d{4}-\d{3}(?!\d)/gu;

const PHONE_PAGES = [
  // 逾期天数 is on the cards of overdue tasks (the filter-sheet test below).
  { path: "/tasks", table: "tasks-table", fields: ["title", "leadUnit", "light", "progress", "due"] },
  { path: "/visits", table: "visits-table", fields: ["date", "cadre", "contactPoint", "unit"] },
  { path: "/meetings", table: "meetings-table", fields: ["date", "kind", "topics"] },
  { path: "/scores", table: "scores-table", fields: ["unit", "total", "grade"] },
  { path: "/accountability", table: "accountability-table", fields: ["date", "unit", "person"] },
  { path: "/data-health", table: null, fields: [] },
] as const;

test.describe("on a 390×844 phone", () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  for (const p of PHONE_PAGES) {
    test(`${p.path}: cards with the named fields, one vertical scroll, nothing sideways`, async ({ page }) => {
      await page.goto(p.path);
      if (p.table) {
        const table = page.getByTestId(p.table);
        const card = table.getByTestId("table-card").first();
        await expect(card).toBeVisible();
        // Cards, not a table squeezed into a scroll box.
        await expect(table.getByTestId("table-scroll")).toHaveCount(0);
        for (const field of p.fields) await expect(card.locator(`[data-field="${field}"]`), field).toHaveCount(1);
        // The card's heading is there in full, not an empty or cut cell.
        expect(((await card.locator(`[data-field="${p.fields[0]}"]`).textContent()) ?? "").trim().length).toBeGreaterThan(0);
      } else {
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await nestedVerticalScrollers(page)).toEqual([]);
      // What the phone shows with the first cards in view (the list renders the cards near the screen).
      await (p.table ? page.getByTestId(p.table).getByTestId("table-card").first() : page.locator("main")).scrollIntoViewIfNeeded();
      await mkdir(SCREENS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENS_DIR, `phone${p.path.replace(/\//gu, "-")}-390.png`) });
      // Scrolled to the bottom, the page still has no sideways overflow (cards further down render too).
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    });
  }

  test("the filter sheet opens from its button and filters the cards", async ({ page }) => {
    const { figures } = doctor();
    await page.goto("/tasks");
    const tasks = new TablePage(page, "tasks-table");
    await expect(tasks.table.getByTestId("table-card").first()).toBeVisible();
    const total = await tasks.count();
    await expect(tasks.table.getByTestId("filter-sheet")).toBeHidden();
    await tasks.table.getByTestId("open-filters").click();
    const sheet = tasks.table.getByTestId("filter-sheet");
    await expect(sheet).toBeVisible();
    await page.screenshot({ path: path.join(SCREENS_DIR, "phone-filter-sheet-390.png") });
    await sheet.getByTestId("filter-overdue").check();
    await sheet.getByTestId("close-filters").click();
    await expect(sheet).toBeHidden();
    await tasks.expectCount(figures.tasks.overdue);
    expect(figures.tasks.overdue).toBeLessThan(total);
    await expect(tasks.table.getByTestId("open-filters")).toContainText("（1）");
    // Every overdue card says how many days late, and the view is a shareable URL.
    const first = tasks.table.getByTestId("table-card").first();
    expect(Number(await first.locator('[data-field="overdueDays"]').textContent())).toBeGreaterThan(0);
    await expect.poll(() => new URL(page.url()).searchParams.get("overdue")).toBe("1");
  });
});

test.describe("printing", () => {
  test("/tasks prints every row and every visible column header, landscape", async ({ page }) => {
    await page.goto("/tasks");
    const tasks = new TablePage(page, "tasks-table");
    await expect(tasks.rows().first()).toBeVisible();
    // Printing is handled once the page is interactive (as it is when a person presses Ctrl+P).
    await expect(tasks.table).toHaveAttribute("data-print-ready", "true");
    const count = await tasks.count();
    // More rows than the virtual window holds on screen: printing must not stop there.
    expect(await tasks.rows().count()).toBeLessThan(count);
    const headers = await tasks.table.locator("thead th").allInnerTexts();
    const pdf = pdfPlainText(await page.pdf({ preferCSSPageSize: true, printBackground: true }), "tasks-print");
    const ids = new Set(pdf.text.match(TASK_ID));
    expect(ids.size).toBe(count);
    for (const h of headers) expect(pdf.text, h).toContain(h.replace(/[\s↕▲▼]+/gu, ""));
    expect(pdf.landscape).toBe(true);
    // No search box, filters or export buttons on paper.
    expect(pdf.text).not.toContain("导出");
    expect(pdf.text).not.toContain("清除筛选");
    // After printing the screen is the virtual table again.
    await expect(tasks.table.getByTestId("print-table")).toHaveCount(0);
  });

  test("a filtered /tasks prints exactly the filtered rows", async ({ page }) => {
    const dataset = await servedDataset();
    const expected = dataset.tasks.filter((t) => t.due !== undefined && yearOf(t.due) === YEAR && isOverdue(t, TODAY)).map((t) => t.id);
    await page.goto("/tasks?overdue=1");
    const tasks = new TablePage(page, "tasks-table");
    await tasks.expectCount(expected.length);
    await expect(tasks.table).toHaveAttribute("data-print-ready", "true");
    const pdf = pdfPlainText(await page.pdf({ preferCSSPageSize: true }), "tasks-overdue-print");
    expect([...new Set(pdf.text.match(TASK_ID))].sort()).toEqual([...expected].sort());
    for (const h of ["逾期天数", "责任领导", "事项", "牵头单位"]) expect(pdf.text).toContain(h);
  });

  test("the overview prints as a report of at most two pages", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("chart-ranking").locator(".recharts-bar-rectangle").first()).toBeVisible();
    const pdf = pdfPlainText(await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true }), "overview-print");
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pages).toBeLessThanOrEqual(2);
    expect(pdf.text).toContain("总览");
  });
});

test("the overdue view shows 逾期天数 and 责任领导 and exports them with the page setup", async ({ page }) => {
  const dataset = await servedDataset();
  const byId = new Map(dataset.tasks.map((t) => [t.id, t]));
  await page.goto("/tasks?overdue=1");
  const tasks = new TablePage(page, "tasks-table");
  await expect(tasks.header("overdueDays")).toBeVisible();
  await expect(tasks.header("leader")).toBeVisible();
  // The view is the default one: no column list in the URL brings 责任领导 in.
  expect(new URL(page.url()).searchParams.get("cols")).toBeNull();
  await screenshot(page, "tasks-overdue-1440");

  const xlsx = await tasks.export("Excel");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error("no sheet");
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const col = (name: string) => header.indexOf(name) + 1;
  expect(col("逾期天数")).toBeGreaterThan(0);
  expect(col("责任领导")).toBeGreaterThan(0);
  expect(ws.rowCount).toBe(doctor().figures.tasks.overdue + 1);
  for (let r = 2; r <= ws.rowCount; r++) {
    const task = byId.get(String(ws.getRow(r).getCell(col("任务编号")).value));
    if (!task?.due) throw new Error(`row ${r}: no task`);
    expect(ws.getRow(r).getCell(col("逾期天数")).value).toBe(daysBetween(task.due, TODAY));
    expect(ws.getRow(r).getCell(col("责任领导")).value ?? null).toBe(task.leader ?? null);
  }
  expect(ws.pageSetup.orientation).toBe("landscape");
  expect(ws.pageSetup.fitToPage).toBe(true);
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.fitToHeight).toBe(0);
  expect(ws.pageSetup.printTitlesRow).toBe("1:1");
  await mkdir(SCREENS_DIR, { recursive: true });
  await writeFile(path.join(SCREENS_DIR, "tasks-overdue.xlsx"), xlsx.bytes);
});

test.describe("page chrome", () => {
  test("a favicon and app icons are served, and pages link them", async ({ page, request }) => {
    for (const file of ["/favicon.ico", "/icon.svg", "/apple-icon.png"]) {
      const res = await request.get(file);
      expect(res.status(), file).toBe(200);
      expect(res.headers()["content-type"], file).toMatch(/^image\//u);
    }
    await page.goto("/tasks");
    await expect(page.locator('head link[rel="icon"]').first()).toHaveAttribute("href", /icon/u);
    await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveCount(1);
  });

  test("every table page has its year picker and primary action in the header, in that order", async ({ page }) => {
    for (const p of ["/tasks", "/visits", "/meetings", "/scores", "/accountability"]) {
      await page.goto(p);
      const tools = page.getByTestId("page-header-tools");
      await expect(tools.getByTestId("year-select"), p).toBeVisible();
      const action = tools.getByTestId("new-record-link");
      await expect(action, p).toBeVisible();
      const year = await tools.getByTestId("year-select").boundingBox();
      const act = await action.boundingBox();
      expect(year && act && year.x < act.x, p).toBe(true);
    }
  });

  test("column headers are not cut off: 意见建议数, 解决问题数", async ({ page }) => {
    await page.goto("/visits");
    const visits = new TablePage(page, "visits-table");
    for (const key of ["suggestions", "solved"]) {
      const text = visits.header(key).locator("span").first();
      await expect(text).toBeVisible();
      const clipped = await text.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
      expect(clipped, key).toBe(false);
    }
  });
});

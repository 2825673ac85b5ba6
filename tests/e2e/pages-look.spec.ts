/**
 * How the pages look and read: no serious accessibility violation, screenshots at a
 * desktop and a phone width to look at, English, and the overview printed as an A4 report.
 */
import { expect, test } from "./support/fixtures";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expectAccessible, screenshot, SCREENS_DIR } from "./support/pages";

// Each test loads several pages and counts rows; generous for a busy CI machine.
test.describe.configure({ timeout: 120_000 });

const PAGES = [
  { path: "/tasks", name: "tasks", ready: "tasks-table" },
  { path: "/tasks/RW-2026-009", name: "task", ready: "task-meetings" },
  { path: "/visits", name: "visits", ready: "chart-visits-unit" },
  { path: "/meetings", name: "meetings", ready: "meetings-table" },
  { path: "/scores", name: "scores", ready: "chart-score-make-up" },
  { path: "/accountability", name: "accountability", ready: "accountability-table" },
  { path: `/units/${encodeURIComponent("经棚镇")}`, name: "unit", ready: "unit-tasks-table" },
];

for (const p of PAGES) {
  test(`${p.name}: accessible, fits a phone, screenshots at 1440 and 390 wide`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(p.path);
    await expect(page.getByTestId(p.ready)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `${p.name}-1440`);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId(p.ready)).toBeVisible();
    // On a phone the page itself never scrolls sideways: tables are cards (tests/e2e/phone-print.spec.ts).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `${p.name}-390`);
  });
}

test("a row's detail dialog is accessible", async ({ page }) => {
  await page.goto("/meetings");
  await page.getByTestId("meetings-table").getByTestId("table-row").first().getByRole("button").first().click();
  await expect(page.getByTestId("row-detail")).toBeVisible();
  await expectAccessible(page);
});

test.describe("in English", () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await context.addCookies([{ name: "lang", value: "en", url: baseURL ?? "" }]);
  });

  test("the table, its filters and exports speak English", async ({ page }) => {
    await page.goto("/tasks");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tasks");
    await expect(page.getByTestId("tasks-table").getByRole("button", { name: "Export CSV" })).toBeVisible();
    await expect(page.getByTestId("tasks-table").getByTestId("sort-due")).toContainText("Due");
    // The sheet's fixed values too: statuses and grades are stored in Chinese and shown in English.
    await expect(page.getByTestId("tasks-table").getByRole("cell", { name: "In progress", exact: true }).first()).toBeVisible();
    await expect(page.getByTestId("tasks-table").getByRole("cell", { name: "进行中", exact: true })).toHaveCount(0);
    await page.goto("/scores");
    await expect(page.getByTestId("score-rules")).toContainText("Grades:");
    await expect(page.getByRole("cell", { name: "Fairly good", exact: true }).first()).toBeVisible();
    await screenshot(page, "scores-en-1440");
  });
});

test("the overview prints as an A4 report without navigation or buttons", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("chart-ranking").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("nav").first()).toBeHidden();
  await expect(page.getByRole("button", { name: "刷新" })).toBeHidden();
  // At the A4 width (96 dpi) every chart stays inside its card: nothing is cut off.
  await page.setViewportSize({ width: 794, height: 1123 });
  // The two long per-unit charts are screen-only: the printed 情况报告 stays within two pages.
  for (const id of ["chart-completion-by-lead-unit", "chart-ranking"]) await expect(page.getByTestId(id)).toBeHidden();
  for (const id of ["chart-tasks-by-key-task", "chart-visits-by-month"]) {
    await expect
      .poll(async () => {
        const card = await page.getByTestId(id).boundingBox();
        const chart = await page.getByTestId(id).locator("svg.recharts-surface").first().boundingBox();
        return chart !== null && card !== null && chart.width > 0 && chart.x + chart.width <= card.x + card.width + 1;
      })
      .toBe(true);
  }
  await screenshot(page, "overview-print");
  await mkdir(SCREENS_DIR, { recursive: true });
  const pdf = await page.pdf({ path: path.join(SCREENS_DIR, "overview-report.pdf"), format: "A4", printBackground: true, preferCSSPageSize: true });
  expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
});

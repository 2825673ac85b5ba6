/** 会议, 考核 and 问责: the record tables beside the tasks and visits. */
import { expect, test } from "./support/fixtures";
import { yearOf } from "../../lib/domain/dates";
import { storageStateOf } from "./support/auth";
import { doctor, expectQuery, servedDataset, TablePage, YEAR } from "./support/pages";

// Each test loads several pages and counts rows; generous for a busy CI machine.
test.describe.configure({ timeout: 120_000 });

test.describe("会议 /meetings", () => {
  test("the meetings of the year by kind, as the doctor counts them", async ({ page }) => {
    const { figures } = doctor();
    const total = Object.values(figures.meetings).reduce((a, b) => a + b, 0);
    await page.goto("/meetings");
    const table = new TablePage(page, "meetings-table");
    await table.expectCount(total);
    await expect(page.getByTestId("meetings-total-value")).toHaveText(String(total));
    for (const [kind, n] of Object.entries(figures.meetings)) {
      if (n === 0) continue;
      await expect(page.getByTestId(`meetings-kind-${kind}-value`)).toHaveText(String(n));
      await table.filter("kind", kind);
      await table.expectCount(n);
    }
    await table.filter("kind", "");

    // Sorted by date, newest first, and kept across a reload.
    await table.sortBy("date");
    await expectQuery(page, { sort: "-date" });
    const dates = (await servedDataset()).meetings.filter((m) => yearOf(m.date) === YEAR).map((m) => m.date);
    await expect(table.rows().first()).toContainText(dates.sort().at(-1) ?? "");
    await page.reload();
    await expect(table.rows().first()).toContainText(dates.at(-1) ?? "");

    // The detail lists the tasks the meeting assigned, each a link to the task.
    await table.rows().first().getByRole("button").first().click();
    await expect(page.getByTestId("row-detail").getByRole("link", { name: /^RW-/ }).first()).toBeVisible();
  });
});

test.describe("考核 /scores", () => {
  test("三查一述 per unit: totals, grades, incomplete and capped units as the doctor counts them", async ({ page }) => {
    const { figures } = doctor();
    await page.goto("/scores");
    const annual = new TablePage(page, "scores-table");
    await annual.expectCount(figures.scores.units);
    for (const [grade, n] of Object.entries(figures.scores.grades)) {
      await annual.filter("grade", grade);
      await annual.expectCount(n);
    }
    await annual.filter("grade", "incomplete");
    await annual.expectCount(figures.scores.incomplete);
    await expectQuery(page, { grade: "incomplete" });
    await annual.filter("grade", "");

    // Why a grade is what it is, in words.
    await expect(page.getByTestId("capped-explanation")).toHaveCount(figures.scores.capped);
    await expect(page.getByTestId("incomplete-explanation")).toHaveCount(figures.scores.incomplete);
    await expect(page.getByTestId("capped-explanation").first()).toContainText("封顶");
    await expect(page.getByTestId("score-rules")).toContainText("拉练抽查 20");
    await expect(page.getByTestId("chart-score-make-up").locator(".recharts-bar-rectangle").first()).toBeVisible();

    // The records table below keeps its own view under the r. prefix.
    const records = new TablePage(page, "score-records-table");
    const scores = (await servedDataset()).scores.filter((s) => s.year === YEAR);
    await records.expectCount(scores.length);
    await records.filter("method", "述职评议");
    await records.expectCount(scores.filter((s) => s.method === "述职评议").length);
    await expectQuery(page, { "r.method": "述职评议", grade: null });
  });

  test.describe("as a unit", () => {
    test.use({ storageState: storageStateOf("unit") });

    test("a unit sees only its own result while the ranking is not public", async ({ page }) => {
      await page.goto("/scores");
      const annual = new TablePage(page, "scores-table");
      await annual.expectCount(1);
      await expect(annual.rows().first()).toContainText("经棚镇");
      await expect(page.getByText("排名未公开")).toBeVisible();
      const own = (await servedDataset()).scores.filter((s) => s.year === YEAR && s.unit === "经棚镇");
      await new TablePage(page, "score-records-table").expectCount(own.length);
    });
  });
});

test.describe("问责 /accountability", () => {
  test("the year's records as the doctor counts them, filtered by unit", async ({ page }) => {
    const { figures } = doctor();
    const rows = (await servedDataset()).accountability.filter((a) => yearOf(a.date) === YEAR);
    await page.goto("/accountability");
    const table = new TablePage(page, "accountability-table");
    await table.expectCount(figures.accountability.count);
    const unit = rows[0]?.unit ?? "";
    await table.filter("unit", unit);
    await table.expectCount(rows.filter((a) => a.unit === unit).length);
  });

  test.describe("as a unit", () => {
    test.use({ storageState: storageStateOf("unit") });

    test("a unit sees its own records only", async ({ page }) => {
      const own = (await servedDataset()).accountability.filter((a) => yearOf(a.date) === YEAR && a.unit === "经棚镇");
      await page.goto("/accountability");
      if (own.length === 0) await expect(page.getByTestId("table-empty")).toBeVisible();
      else await new TablePage(page, "accountability-table").expectCount(own.length);
    });
  });
});

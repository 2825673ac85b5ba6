import { expect, test } from "./support/fixtures";
import { monthOf, yearOf } from "../../lib/domain/dates";
import { storageStateOf } from "./support/auth";
import { doctor, expectAccessible, expectQuery, servedDataset, TablePage, YEAR } from "./support/pages";

// Each test loads several pages and counts rows; generous for a busy CI machine.
test.describe.configure({ timeout: 120_000 });

test.describe("走访 /visits", () => {
  test("figures, rows and per-column filters agree with the workbook", async ({ page }) => {
    const { figures } = doctor();
    const visits = (await servedDataset()).visits.filter((v) => yearOf(v.date) === YEAR);
    await page.goto("/visits");
    await expect(page.getByTestId("visits-count-value")).toHaveText(String(figures.visits.count));
    await expect(page.getByTestId("visits-suggestions-value")).toHaveText(String(figures.visits.suggestions));
    await expect(page.getByTestId("visits-solved-value")).toHaveText(String(figures.visits.solved));
    await expect(page.getByTestId("visits-cadres-value")).toHaveText(String(figures.visits.cadres));

    const table = new TablePage(page, "visits-table");
    await table.expectCount(figures.visits.count);

    await table.filter("month", "3");
    const march = visits.filter((v) => monthOf(v.date) === 3);
    await table.expectCount(march.length);
    await table.filter("method", "座谈");
    await table.expectCount(march.filter((v) => v.method === "座谈").length);
    await table.filter("month", "");
    await table.filter("tier", "处级");
    await table.expectCount(visits.filter((v) => v.method === "座谈" && v.tier === "处级").length);
    await expectQuery(page, { method: "座谈", tier: "处级" });

    await page.reload();
    await table.expectCount(visits.filter((v) => v.method === "座谈" && v.tier === "处级").length);
    await table.table.getByTestId("clear-filters").click();
    await table.filter("unit", "经棚镇");
    await table.expectCount(visits.filter((v) => v.unit === "经棚镇").length);

    // Every chart drew bars.
    for (const id of ["chart-visits-month", "chart-visits-unit", "chart-visits-tier", "chart-visits-method"]) {
      await expect(page.getByTestId(id).locator(".recharts-bar-rectangle").first()).toBeVisible();
    }
  });

  test("a row opens its detail, and the open detail is part of the link", async ({ page }) => {
    await page.goto("/visits");
    const table = new TablePage(page, "visits-table");
    const id = await table.firstRowId();
    if (!id) throw new Error("no visit row");
    await table.rows().first().getByRole("button").first().click();
    const dialog = page.getByTestId("row-detail");
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(id);
    await expectQuery(page, { detail: id });
    await page.reload();
    await expect(page.getByTestId("row-detail")).toBeVisible();
    await page.getByTestId("row-detail").getByRole("button", { name: "关闭" }).click();
    await expect(page.getByTestId("row-detail")).toBeHidden();
    await expectQuery(page, { detail: null });
  });

  test.describe("as a viewer", () => {
    test.use({ storageState: storageStateOf("viewer") });

    test("a viewer sees the figures and charts, and no single visit", async ({ page }) => {
      const { figures } = doctor();
      await page.goto("/visits");
      await expect(page.getByTestId("visits-count-value")).toHaveText(String(figures.visits.count));
      await expect(page.getByTestId("visits-aggregates-only")).toBeVisible();
      await expect(page.getByTestId("visits-table")).toHaveCount(0);
      await expect(page.getByTestId("table-row")).toHaveCount(0);
      await expect(page.getByTestId("chart-visits-unit").locator(".recharts-bar-rectangle").first()).toBeVisible();
      // Nor do the rows travel to the browser hidden in the page's data.
      const html = await (await page.request.get("/visits")).text();
      const anyVisitId = (await servedDataset()).visits[0]?.id ?? "";
      expect(html).not.toContain(anyVisitId);
      await expectAccessible(page);
    });
  });

  test.describe("as a unit", () => {
    test.use({ storageState: storageStateOf("unit") });

    test("a unit reads the whole list, as the role table allows", async ({ page }) => {
      const { figures } = doctor();
      await page.goto("/visits");
      await new TablePage(page, "visits-table").expectCount(figures.visits.count);
    });
  });
});

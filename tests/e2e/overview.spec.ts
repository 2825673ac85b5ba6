import { expect, test } from "./support/fixtures";
import { execFileSync } from "node:child_process";
import { cellOf, editCellOnDisk, workbookFile } from "./support/workbook";

/** What the doctor CLI says of the same workbook: the page must agree with it. */
function doctor(): {
  year: number;
  figures: { visits: Record<string, number>; meetings: Record<string, number>; tasks: Record<string, number> };
  unknown: Record<string, number>;
} {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/doctor.ts", "--json", "--file", workbookFile], {
    env: { ...process.env, DUTYBOARD_TODAY: "2026-11-20" },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

test("the overview of a freshly seeded workbook shows the article's figures", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("card-visits-value")).toHaveText("584");
  await expect(page.getByTestId("card-suggestions-value")).toHaveText("337");
  await expect(page.getByTestId("card-solved-value")).toHaveText("185");
  await expect(page.getByTestId("meetings-专题常委会")).toContainText("3");
  await expect(page.getByTestId("meetings-领导小组工作例会")).toContainText("2");
  await expect(page.getByTestId("meetings-办公室协调推进会")).toContainText("2");

  const { figures } = doctor();
  await expect(page.getByTestId("card-tasks-value")).toHaveText(String(figures.tasks.total));
  await expect(page.getByTestId("card-overdue-value")).toHaveText(String(figures.tasks.overdue));
  await expect(page.getByTestId("card-lights-value")).toHaveText(`${figures.tasks.red} / ${figures.tasks.yellow} / ${figures.tasks.green}`);

  // Charts drew real bars, not an empty frame.
  for (const id of ["chart-tasks-by-key-task", "chart-visits-by-month", "chart-completion-by-lead-unit", "chart-ranking"]) {
    await expect(page.getByTestId(id).locator(".recharts-bar-rectangle").first()).toBeVisible();
  }
  await expect(page.getByTestId("freshness")).toContainText("数据读取于");
});

test("the summary API returns the doctor's year and figures", async ({ request }) => {
  const res = await request.get("/api/summary");
  expect(res.status()).toBe(200);
  const body = await res.json();
  const expected = doctor();
  // `unknown` (issue 12) sits beside `figures`, which keeps its keys.
  expect(body).toEqual({ year: expected.year, figures: expected.figures, unknown: expected.unknown });
  expect(Object.keys(body.unknown)).toEqual(expect.arrayContaining(["tasks.light", "visits.suggestions", "visits.solved", "scores.score", "noYear"]));
});

test("a visit whose 日期 is broken on disk shows on the data-health page with its address, and is counted in no year, said on the overview", async ({
  page,
}) => {
  await page.goto("/data-health");
  await expect(page.getByText("没有发现问题")).toBeVisible();

  const cell = await cellOf("走访", "日期", 1);
  const restore = await editCellOnDisk("走访", cell, "3月上旬");
  try {
    await page.reload();
    const problem = page.getByTestId("problem").filter({ hasText: cell });
    await expect(problem).toHaveCount(1);
    await expect(problem).toContainText("3月上旬");
    await expect(problem).toContainText("无法识别的日期");
    await expect(page.getByRole("heading", { name: /走访/ })).toBeVisible();

    await page.goto("/");
    await expect(page.getByTestId("card-visits-value")).toHaveText("583");
    await expect(page.getByTestId("no-year-note")).toHaveText(/另有 1 条记录的日期无法识别/u);
  } finally {
    await restore();
  }
  await page.goto("/");
  await expect(page.getByTestId("card-visits-value")).toHaveText("584");
});

/**
 * The overview with SHEETS_BACKEND=google: the real @googleapis/sheets client
 * against the Sheets API emulator on loopback (scripts/e2e-google-server.ts).
 * The tests share one spreadsheet and run in order; each puts back what it changed.
 */
import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { GOOGLE_E2E_DIR } from "./support/google-env";
import { cellBelowHeader, failNext, forceRefresh, googleDoctor, handEdit, revalidate, settingCell, sheetsRequests, workbookFigures } from "./support/google";

test.describe.configure({ mode: "serial" });

async function expectArticleFigures(page: Page) {
  await expect(page.getByTestId("card-visits-value")).toHaveText("584");
  await expect(page.getByTestId("card-suggestions-value")).toHaveText("337");
  await expect(page.getByTestId("card-solved-value")).toHaveText("185");
  await expect(page.getByTestId("meetings-专题常委会")).toContainText("3");
  await expect(page.getByTestId("meetings-领导小组工作例会")).toContainText("2");
  await expect(page.getByTestId("meetings-办公室协调推进会")).toContainText("2");
}

test("the overview read from Google Sheets shows the article's figures, as the doctor does", async ({ page }) => {
  await page.goto("/");
  await expectArticleFigures(page);

  const { figures } = await googleDoctor();
  await expect(page.getByTestId("card-tasks-value")).toHaveText(String(figures.tasks.total));
  await expect(page.getByTestId("card-overdue-value")).toHaveText(String(figures.tasks.overdue));
  await expect(page.getByTestId("card-lights-value")).toHaveText(`${figures.tasks.red} / ${figures.tasks.yellow} / ${figures.tasks.green}`);
  for (const id of ["chart-tasks-by-key-task", "chart-visits-by-month", "chart-completion-by-lead-unit", "chart-ranking"]) {
    await expect(page.getByTestId(id).locator(".recharts-bar-rectangle").first()).toBeVisible();
  }
  await expect(page.getByTestId("freshness")).toContainText("数据读取于");
  await expect(page.getByTestId("freshness")).toContainText("Google");
});

test("the summary API over Google equals the doctor's JSON, and the same sample in a workbook gives the same figures", async ({ page }) => {
  const res = await page.request.get("/api/summary");
  expect(res.status()).toBe(200);
  const google = await googleDoctor();
  expect(await res.json()).toEqual({ year: google.year, figures: google.figures, unknown: google.unknown });

  const workbook = await workbookFigures(path.join(GOOGLE_E2E_DIR, "same-sample.xlsx"));
  expect(google.year).toBe(workbook.year);
  expect(google.figures).toEqual(workbook.figures);
});

test("the revalidation webhook shows a hand edit at once, and refuses a caller without the secret", async ({ page, request }) => {
  const { cell, value } = await cellBelowHeader("走访", "意见建议数");
  await page.goto("/");
  await expect(page.getByTestId("card-suggestions-value")).toHaveText("337");

  await handEdit({ sheet: "走访", op: "set", cell, value: Number(value) + 50 });
  try {
    expect((await revalidate(request, null)).status()).toBe(401);
    expect((await revalidate(request, "not-the-secret-0123456789")).status()).toBe(401);

    const res = await revalidate(request);
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ ok: true, refreshed: true });

    // One load, no waiting for a cache window: the page and the API both have the edit.
    await page.reload();
    await expect(page.getByTestId("card-suggestions-value")).toHaveText("387", { timeout: 2_000 });
    const summary = (await (await page.request.get("/api/summary")).json()) as { figures: { visits: { suggestions: number } } };
    expect(summary.figures.visits.suggestions).toBe(387);
  } finally {
    // Read back by the next test's forced refresh.
    await handEdit({ sheet: "走访", op: "set", cell, value: Number(value) });
  }
});

test("429 and 503 from Google while reading: the last good figures stay under a stale banner, which goes once Google answers", async ({ page, request }) => {
  // After a failure the app waits up to one freshness window before asking again: shrink it to 设置's minimum, 5 s.
  const freshness = await settingCell("freshness.seconds");
  await handEdit({ sheet: "设置", op: "set", cell: freshness.cell, value: "5" });
  const banner = page.getByTestId("stale-banner");
  // /api/health reads through the same snapshot as the page, and answers 503 while it is stale.
  const health = async () => (await page.request.get("/api/health")).status();
  const batchGets = async () => (await sheetsRequests())["spreadsheets.values.batchGet"] ?? 0;
  try {
    await forceRefresh(request);
    await page.goto("/");
    await expectArticleFigures(page);
    await expect(banner).toHaveCount(0);

    const before = await batchGets();
    await failNext({ status: 429, count: 100_000, kind: "read" });
    // Reads are tried (and refused) as viewers keep coming.
    await expect
      .poll(
        async () => {
          await health();
          return batchGets();
        },
        { timeout: 20_000, intervals: [1_000] },
      )
      .toBeGreaterThan(before);

    await failNext({ status: 503, count: 100_000, kind: "read" });
    const at503 = await batchGets();
    await expect.poll(async () => (await health()) === 503 && (await batchGets()) > at503, { timeout: 30_000, intervals: [1_000] }).toBe(true);
    await page.reload();
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Google 表格暂时无法连接");
    await expectArticleFigures(page);

    await failNext(null);
    await expect.poll(health, { timeout: 30_000, intervals: [1_000] }).toBe(200);
    await page.reload();
    await expectArticleFigures(page);
    await expect(banner).toHaveCount(0);
  } finally {
    await failNext(null);
    await handEdit({ sheet: "设置", op: "set", cell: freshness.cell, value: String(freshness.value) });
    await forceRefresh(request);
  }
});

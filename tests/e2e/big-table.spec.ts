/**
 * Big tabs stay on the server (issue 18): a generated workbook with 20k visits and a
 * threshold of 5000 rows (TABLE_SERVER_ROWS), so /visits searches, filters, sorts and pages
 * on the server. Every count is computed here from the workbook's own rows, not by the app's
 * rules; the export holds every filtered row; a viewer's raw responses carry no visit row.
 */
import { expect, test, type Page } from "./support/fixtures";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD, SIGNED_OUT } from "./support/auth";
import { OWN_BASE as BASE, startOwnServer, stopOwnServer } from "./support/own-server";

const DIR = path.resolve(".tmp/e2e-big-table");
const SIZE = { visits: 20_000, tasks: 60 };
const PAGE = 100;

type Visit = { id: string; date: string; unit: string; method: string; evidence: string };

/** The year's visits as written into the workbook (tests/e2e/support/big-workbook.ts). */
let visits: Visit[] = [];

async function signIn(page: Page, login: string) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("账号", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

const count = (page: Page) => page.getByTestId("visits-table").getByTestId("row-count");

test.describe.configure({ mode: "serial" });
test.use({ storageState: SIGNED_OUT });

let server: Awaited<ReturnType<typeof startOwnServer>> | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const made = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/support/big-workbook.ts", DIR, String(SIZE.visits), String(SIZE.tasks)], {
    encoding: "utf8",
  });
  if (made.status !== 0) throw new Error(made.stderr);
  visits = (JSON.parse(await readFile(path.join(DIR, "visits.json"), "utf8")) as Visit[]).filter((v) => v.date.startsWith("2026"));
  server = await startOwnServer(DIR, { TABLE_SERVER_ROWS: "5000" });
});

test.afterAll(async () => {
  if (server) await stopOwnServer(server);
});

test("a 20k-visit year is filtered, searched, sorted and paged on the server; the page holds one page of rows", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  const first = await page.goto(`${BASE}/visits?year=2026`);
  const html = await first!.text();
  // One page went to the browser, not the year: the 150th visit of the default sort is not in the HTML.
  const byDateDesc = visits
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (a.v.date < b.v.date ? 1 : a.v.date > b.v.date ? -1 : a.i - b.i))
    .map((x) => x.v);
  expect(html).toContain(byDateDesc[0]!.id);
  expect(html).not.toMatch(new RegExp(`${byDateDesc[PAGE + 50]!.id}(?!\\d)`, "u"));
  await expect(count(page)).toHaveAttribute("data-count", String(visits.length));
  await expect(page.getByTestId("page-indicator")).toHaveAttribute("data-pages", String(Math.ceil(visits.length / PAGE)));

  // A filter: the URL changes and the server answers with the matching count.
  const method = "座谈";
  const byMethod = visits.filter((v) => v.method === method);
  await page.getByTestId("filter-method").selectOption(method);
  await expect(page).toHaveURL(/method=/u);
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  await expect(page.getByTestId("visits-table").getByTestId("table-row").first()).toContainText(method);

  // Typed search (debounced into the URL) on top of the filter.
  const word = "ZF-2026-0012";
  const searched = byMethod.filter((v) => v.id.includes(word) || v.evidence.includes(word));
  expect(searched.length).toBeGreaterThan(0);
  await page.getByTestId("table-search").fill(word.toLowerCase());
  await expect(page).toHaveURL(/q=zf-2026-0012/u);
  await expect(count(page)).toHaveAttribute("data-count", String(searched.length));
  await expect(page.getByTestId("table-search")).toBeFocused();

  // Clear the search; the next page: rows 101–200 of the filtered rows in the default order.
  await page.getByTestId("table-search").fill("");
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  await page.getByTestId("page-next").click();
  await expect(page).toHaveURL(/page=2/u);
  await expect(page.getByTestId("page-indicator")).toHaveAttribute("data-page", "2");
  const methodByDate = byDateDesc.filter((v) => v.method === method);
  await expect(page.getByTestId("page-note")).toContainText(`第 ${PAGE + 1}–${Math.min(2 * PAGE, byMethod.length)} 条`);
  await expect(page.getByTestId("visits-table").getByTestId("table-row").first()).toContainText(methodByDate[PAGE]!.date);

  // A shared link with a unit filter and ascending date sort lands on the same rows.
  const unit = visits[3]!.unit;
  const byUnit = visits.filter((v) => v.unit === unit);
  const oldest = byUnit.reduce((a, b) => (b.date < a.date ? b : a));
  await page.goto(`${BASE}/visits?year=2026&unit=${encodeURIComponent(unit)}&sort=date`);
  await expect(count(page)).toHaveAttribute("data-count", String(byUnit.length));
  await expect(page.getByTestId("visits-table").getByTestId("table-row").first()).toContainText(oldest.date);

  // The export holds every filtered row, in the page's order, not only the page.
  const csv = await page.request.get(`${BASE}/api/tables/visits?year=2026&method=${encodeURIComponent(method)}&format=csv&cols=id,date,method`);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text())
    .replace(/^\uFEFF/u, "")
    .trimEnd()
    .split("\r\n");
  expect(lines.length - 1).toBe(byMethod.length);
  expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(new Set(byMethod.map((v) => v.id)));
  const xlsx = await page.request.get(`${BASE}/api/tables/visits?year=2026&method=${encodeURIComponent(method)}&format=xlsx`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["x-row-count"]).toBe(String(byMethod.length));
});

test("a viewer of a big year gets the figures, and no visit row in the HTML, the RSC payload or an export", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "viewer");
  const res = await page.goto(`${BASE}/visits?year=2026`);
  await expect(page.getByTestId("visits-aggregates-only")).toBeVisible();
  await expect(page.getByTestId("visits-count")).toContainText(visits.length.toLocaleString("zh-CN"));
  const html = await res!.text();
  const rsc = await (await page.request.get(`${BASE}/visits?year=2026&method=${encodeURIComponent("座谈")}`, { headers: { RSC: "1" } })).text();
  for (const body of [html, rsc]) {
    expect(body).not.toMatch(/ZF-2026-\d{4}/u);
    expect(body).not.toContain(visits[0]!.evidence);
  }
  const csv = await page.request.get(`${BASE}/api/tables/visits?year=2026&format=csv`);
  expect(csv.status()).toBe(403);
  expect(await csv.text()).not.toMatch(/ZF-2026-/u);
});

test("a view change on a big table fetches only the table: rows and URL change with no page request, the figures stay, Back restores the view", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  await page.goto(`${BASE}/visits?year=2026`);
  await expect(count(page)).toHaveAttribute("data-count", String(visits.length));
  // The figures' DOM node: a re-render of the page by the server would replace it.
  await page.getByTestId("visits-count").evaluate((el) => {
    (window as unknown as { figures: Element }).figures = el;
  });
  const pageRequests: string[] = [];
  const tableRequests: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    // A document or RSC request for /visits itself. Prefetches are not: links on the page (other pages, and
    // /visits?period=… of the coverage list) are prefetched when they come into view, and replace nothing.
    const prefetch = r.headers()["next-router-prefetch"] !== undefined;
    if (url.pathname === "/visits" && !prefetch && (r.resourceType() === "document" || r.headers().rsc !== undefined || url.searchParams.has("_rsc")))
      pageRequests.push(r.url());
    if (url.pathname === "/api/tables/visits" && url.searchParams.get("format") === "page") tableRequests.push(r.url());
  });

  const method = "座谈";
  const byMethod = visits.filter((v) => v.method === method);
  await page.getByTestId("filter-method").selectOption(method);
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  await expect(page).toHaveURL(/method=/u);
  await page.getByTestId("page-next").click();
  await expect(page.getByTestId("page-indicator")).toHaveAttribute("data-page", "2");
  await expect(page).toHaveURL(/page=2/u);
  const word = "ZF-2026-0012";
  const searched = byMethod.filter((v) => v.id.includes(word) || v.evidence.includes(word));
  await page.getByTestId("table-search").fill(word.toLowerCase());
  await expect(count(page)).toHaveAttribute("data-count", String(searched.length));
  await expect(page).toHaveURL(/q=zf-2026-0012/u);
  expect(pageRequests).toEqual([]);
  expect(tableRequests.length).toBeGreaterThanOrEqual(3);
  expect(await page.getByTestId("visits-count").evaluate((el) => el === (window as unknown as { figures: Element }).figures)).toBe(true);

  // The export follows the view on screen and holds every row of it, not only the page.
  const href = await page.getByTestId("visits-table").getByTestId("export-csv").getAttribute("href");
  expect(href).toMatch(/method=/u);
  const csv = await page.request.get(`${BASE}${href}`);
  expect(
    (await csv.text())
      .replace(/^\uFEFF/u, "")
      .trimEnd()
      .split("\r\n").length - 1,
  ).toBe(searched.length);

  // Back: the filtered second page, then the filtered first page, then the whole year — rows and URL together.
  await page.goBack();
  await expect(page).not.toHaveURL(/q=/u);
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  await expect(page.getByTestId("page-indicator")).toHaveAttribute("data-page", "2");
  await expect(page.getByTestId("filter-method")).toHaveValue(method);
  await page.goBack();
  await expect(page.getByTestId("page-indicator")).toHaveAttribute("data-page", "1");
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  await page.goBack();
  await expect(page).not.toHaveURL(/method=/u);
  await expect(count(page)).toHaveAttribute("data-count", String(visits.length));
  await expect(page.getByTestId("filter-method")).toHaveValue("");
  // Forward again.
  await page.goForward();
  await expect(count(page)).toHaveAttribute("data-count", String(byMethod.length));
  expect(pageRequests).toEqual([]);
});

test("the table's JSON answers as the page does: a unit user gets its role's rows and nothing else, a viewer none, bad input a Chinese message", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signIn(page, "unit");
  const res = await page.request.get(`${BASE}/api/tables/visits?year=2026&format=page&method=${encodeURIComponent("座谈")}&page=2`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { rows: Record<string, unknown>[]; paging: { matched: number; total: number; page: number } };
  // SPEC roles: a unit reads the whole visits list (it edits only its own unit's visits).
  expect(body.paging.total).toBe(visits.length);
  expect(body.paging.matched).toBe(visits.filter((v) => v.method === "座谈").length);
  expect(body.paging.page).toBe(2);
  expect(body.rows.length).toBe(Math.min(PAGE, body.paging.matched - PAGE));
  const allowed = [
    "id",
    "date",
    "month",
    "cadre",
    "tier",
    "unit",
    "contactPoint",
    "method",
    "suggestions",
    "solved",
    "summary",
    "evidence",
    "evidenceLabel",
    "enteredBy",
    "bad",
  ];
  for (const row of body.rows) expect(Object.keys(row).filter((k) => !allowed.includes(k))).toEqual([]);

  const bad = await page.request.get(`${BASE}/api/tables/visits?year=2026&format=json`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).message).toMatch(/format 应为/u);

  await page.context().clearCookies();
  await signIn(page, "viewer");
  const refused = await page.request.get(`${BASE}/api/tables/visits?year=2026&format=page`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toMatch(/ZF-2026-/u);
});

/**
 * Issue 15: who has not gone yet. Every expectation is computed here from the workbook's
 * rows (exceljs, not the app's parser) and compared with what the pages show.
 */
import { expect, test } from "./support/fixtures";
import { apiAs, storageStateOf } from "./support/auth";
import { doctor, screenshot, TODAY } from "./support/pages";
import { shortOfRequirement } from "./support/coverage";
import { sheetRows } from "./support/sheet-rows";

test("未走访名单 lists exactly the active cadres the workbook says are short, for the quarter and the month", async ({ page }) => {
  const tabs = await sheetRows("干部", "走访", "设置");
  for (const period of ["quarter", "month"] as const) {
    const expected = shortOfRequirement(tabs, period);
    expect(expected.missing.length, "the seed leaves some cadres without visits").toBeGreaterThan(0);
    expect(expected.missing.length).toBeLessThan(expected.active);
    await page.goto(`/visits?period=${period}`);
    const list = page.getByTestId("missing-visits");
    await expect(list).toHaveAttribute("data-period", period);
    const shown = await list.getByTestId("missing-cadre").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-cadre-id") ?? ""));
    expect(shown.sort()).toEqual(expected.missing);
    // A cadre who never went says so, with the contact points to go to.
    const never = (tabs["干部"] ?? []).find(
      (c) => expected.missing.includes(c["干部编号"] ?? "") && !(tabs["走访"] ?? []).some((v) => v["干部编号"] === c["干部编号"]),
    );
    if (never) {
      const row = list.locator(`[data-cadre-id="${never["干部编号"]}"]`);
      await expect(row).toContainText("从未走访");
      await expect(row).toContainText((never["联系点"] ?? "").split("、")[0] ?? "");
    }
  }
  await screenshot(page, "roster-visits-missing");
});

test("coverage on /visits, the overview and the doctor are the same figure", async ({ page }) => {
  const tabs = await sheetRows("干部", "走访", "设置");
  const d = doctor() as unknown as { coverage: { month: { met: number; active: number }; quarter: { met: number; active: number } } };
  for (const period of ["quarter", "month"] as const) {
    const own = shortOfRequirement(tabs, period);
    expect(d.coverage[period]).toMatchObject({ active: own.active, met: own.active - own.missing.length });
  }
  for (const path of ["/visits", "/"]) {
    await page.goto(path);
    await expect(page.getByTestId("coverage-quarter-count")).toContainText(`${d.coverage.quarter.met} / ${d.coverage.quarter.active} 人达标`);
    await expect(page.getByTestId("coverage-month-count")).toContainText(`${d.coverage.month.met} / ${d.coverage.month.active} 人达标`);
  }
  const api = await apiAs("viewer");
  const summary = await (await api.get("/api/summary?year=2026")).json();
  expect(summary.figures.coverage.quarter).toMatchObject(d.coverage.quarter);
  // The meeting screen's data carries the same figure (shown on its visits slide).
  const screen = await (await api.get("/api/screen")).json();
  expect(screen.coverage.quarter).toMatchObject({ met: d.coverage.quarter.met, active: d.coverage.quarter.active });
  await api.dispose();
});

test("a viewer sees the coverage figure but no names, in the page and in its raw HTML", async () => {
  const api = await apiAs("viewer");
  const html = await (await api.get("/visits?period=quarter")).text();
  expect(html).toContain("人达标");
  expect(html).toContain("您的角色只能查看汇总数字，不能查看名单。");
  expect(html).not.toContain("data-cadre-id");
  // Viewers see no scores, so no 整改 list either — not on the overview, not in its HTML.
  const overview = await (await api.get("/")).text();
  expect(overview).not.toContain('data-testid="rectification"');
  await api.dispose();
});

test.describe("on a phone, as a unit user", () => {
  test.use({ storageState: storageStateOf("unit"), viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the visit form offers the roster's names and contact points, and still takes a new name", async ({ page }) => {
    const tabs = await sheetRows("干部", "走访");
    const own = (tabs["干部"] ?? []).filter((c) => c["所属单位"] === "经棚镇" && c["在岗"] !== "否");
    expect(own.length).toBeGreaterThan(0);
    await page.goto("/visits/new");
    const cadre = page.getByLabel("干部姓名");
    await expect(cadre).toHaveAttribute("list", "visit-cadre-picks");
    const offered = await page.locator("#visit-cadre-picks option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(offered.sort()).toEqual([...new Set(own.map((c) => c["姓名"] ?? ""))].sort());
    const points = await page.locator("#visit-point-picks option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    for (const p of own.flatMap((c) => (c["联系点"] ?? "").split("、")).filter(Boolean)) expect(points).toContain(p);
    // Another unit's cadres are not offered to a unit user.
    const other = (tabs["干部"] ?? []).find((c) => c["所属单位"] !== "经棚镇" && !own.some((o) => o["姓名"] === c["姓名"]));
    if (other) expect(offered).not.toContain(other["姓名"]);
    await cadre.fill("新来的干部");
    await expect(cadre).toHaveValue("新来的干部");
    const box = await cadre.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await screenshot(page, "roster-visit-form-phone");
  });
});

test("a meeting's 交办任务 states match the task table", async ({ page }) => {
  const tabs = await sheetRows("会议", "任务");
  const meeting = [...(tabs["会议"] ?? [])].sort(
    (a, b) => (b["交办任务"] ?? "").split(/[、，,；;\n]/u).length - (a["交办任务"] ?? "").split(/[、，,；;\n]/u).length,
  )[0];
  expect(meeting).toBeTruthy();
  const ids = (meeting?.["交办任务"] ?? "")
    .split(/[、，,；;\n]/u)
    .map((s) => s.trim())
    .filter(Boolean);
  expect(ids.length).toBeGreaterThan(0);
  const tasks = new Map((tabs["任务"] ?? []).map((t) => [t["任务编号"], t]));
  const stateOf = (id: string) => {
    const t = tasks.get(id);
    if (!t) return "missing";
    if (t["状态"] === "已取消") return "cancelled";
    if (t["状态"] === "已完成" || t["完成日期"]) return "done";
    return (t["完成时限"] ?? "") < TODAY ? "overdue" : "open";
  };
  await page.goto(`/meetings/${encodeURIComponent(meeting?.["会议编号"] ?? "")}`);
  const rows = page.getByTestId("meeting-task");
  await expect(rows).toHaveCount(ids.length);
  for (const id of ids) await expect(rows.and(page.locator(`[data-task-id="${id}"]`))).toHaveAttribute("data-state", stateOf(id));
  const done = ids.filter((id) => stateOf(id) === "done").length;
  const overdue = ids.filter((id) => stateOf(id) === "overdue").length;
  await expect(page.getByTestId("meeting-follow")).toHaveText(`交办 ${ids.length} 项 · 已完成 ${done} · 逾期 ${overdue}`);
  await page.goto("/meetings");
  await expect(page.getByTestId("meetings-table")).toContainText(`交办 ${ids.length} 项 · 已完成 ${done} · 逾期 ${overdue}`);
  await expect(page.getByTestId("meeting-requirements")).toContainText("应开 4");
  await screenshot(page, "roster-meetings");
});

test("the 整改 list on /scores matches the 考核 rows, overdue first by days past 整改时限", async ({ page }) => {
  const tabs = await sheetRows("考核");
  const open = (tabs["考核"] ?? []).filter((r) => (r["扣分事项"] ?? "") !== "" && r["整改状态"] !== "已整改");
  const days = (due: string) => Math.round((Date.parse(TODAY) - Date.parse(due)) / 86_400_000);
  const overdue = open.filter((r) => r["整改时限"] && days(r["整改时限"] ?? "") > 0).sort((a, b) => days(b["整改时限"] ?? "") - days(a["整改时限"] ?? ""));
  await page.goto("/scores");
  const list = page.getByTestId("rectifications");
  const shown = await list
    .getByTestId("rectification")
    .evaluateAll((rows) => rows.map((r) => ({ id: r.getAttribute("data-id"), overdue: Number(r.getAttribute("data-overdue")) })));
  expect(shown.map((r) => r.id).sort()).toEqual(open.map((r) => r["记录编号"]).sort());
  expect(shown.slice(0, overdue.length).map((r) => r.overdue)).toEqual(overdue.map((r) => days(r["整改时限"] ?? "")));
  await screenshot(page, "roster-rectifications");
});

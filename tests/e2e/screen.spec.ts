import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./support/fixtures";
import ExcelJS from "exceljs";
import { copyFile, mkdir, rename, writeFile } from "node:fs/promises";
import { makeScreenLink, SIGNED_OUT, storageStateOf } from "./support/auth";
import { cellOf, editCellOnDisk, workbookFile } from "./support/workbook";

/**
 * The meeting screen against the seeded workbook (today = 2026-11-20): it rotates by
 * itself, answers the keys, refreshes in place, survives the network dropping, shows
 * the change since the last meeting, prints one page per slide, and opens by link.
 */

/** Speeds the show up through its test hook; a URL cannot do this. */
async function pace(page: Page, p: { rotateMs?: number; pollMs?: number }) {
  await page.addInitScript((value) => {
    window.__DUTYBOARD_SCREEN__ = value;
  }, p);
}

const screen = (page: Page) => page.getByTestId("screen");

/** Opens the screen and waits until it has hydrated, so the keys are listened to. */
async function openScreen(page: Page, url = "/screen") {
  await page.goto(url);
  await expect(screen(page)).toHaveAttribute("data-ready", "true", { timeout: 20_000 });
}
const slideId = (page: Page) => screen(page).getAttribute("data-slide-id");

/** Appends a row to a tab of the served workbook as a person would, returning the undo. */
async function appendRowOnDisk(sheet: string, values: Record<string, ExcelJS.CellValue>): Promise<() => Promise<void>> {
  const backup = `${workbookFile}.before-screen-test`;
  await copyFile(workbookFile, backup);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const header = ws.getRow(1);
  const row = ws.getRow(ws.actualRowCount + 1);
  header.eachCell((cell, col) => {
    const v = values[String(cell.value)];
    if (v !== undefined) row.getCell(col).value = v;
  });
  row.commit();
  await wb.xlsx.writeFile(`${workbookFile}.tmp`);
  await rename(`${workbookFile}.tmp`, workbookFile);
  return () => rename(backup, workbookFile);
}

test.beforeAll(async ({ browser }) => {
  // The month's first view takes its snapshot; let that write finish before any test edits the file.
  const page = await browser.newPage({ storageState: storageStateOf("admin") });
  await openScreen(page);
  await expect
    .poll(
      async () => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(workbookFile);
        // The seed holds earlier months' snapshots: wait for today's own.
        const ids: string[] = [];
        wb.getWorksheet("会议快照")
          ?.getColumn(1)
          .eachCell((cell) => ids.push(String(cell.value)));
        return ids.some((id) => id.startsWith("KZ-20261120-"));
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.close();
});

test("the screen owns the display, rotates by itself and answers the keys", async ({ page }) => {
  await pace(page, { rotateMs: 1_500 });
  // The page's clock stands still from the start and moves only when the test moves it: on a
  // loaded machine (two workers beside other builds) real time let the show pass slide 1 unseen.
  await page.clock.install();
  await page.clock.pauseAt(new Date(Date.now() + 1_000));
  await openScreen(page);
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.getByTestId("slide-title")).toHaveText("核心指标");
  const count = Number(await screen(page).getAttribute("data-slide-count"));
  expect(count).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId("slide-indicator")).toHaveText(`1 / ${count}`);

  // By itself, once an interval has passed.
  await page.clock.runFor(1_500);
  await expect(screen(page)).toHaveAttribute("data-slide-id", "keyTasks");
  await expect(page.getByTestId("slide-indicator")).toHaveText(`2 / ${count}`);

  // P pauses: nothing moves for well over an interval.
  await page.keyboard.press("p");
  await expect(screen(page)).toHaveAttribute("data-paused", "true");
  const held = await slideId(page);
  await page.clock.fastForward(5_000);
  expect(await slideId(page)).toBe(held);
  await expect(page.getByText("已暂停")).toBeVisible();

  // → and space go forward, ← back, wrapping round at both ends.
  const index = async () => Number(await screen(page).getAttribute("data-slide-index"));
  const start = await index();
  await page.keyboard.press("ArrowRight");
  await expect.poll(index).toBe((start + 1) % count);
  await page.keyboard.press(" ");
  await expect.poll(index).toBe((start + 2) % count);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(index).toBe((start - 1 + count) % count);

  // P again resumes.
  await page.keyboard.press("P");
  await expect(screen(page)).toHaveAttribute("data-paused", "false");
  const resumedAt = await index();
  await page.clock.runFor(1_500);
  await expect.poll(index).not.toBe(resumedAt);

  // F toggles full screen.
  await page.keyboard.press("f");
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await page.keyboard.press("f");
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
});

test("a sheet edit on disk shows on the running screen within the freshness window, without a reload", async ({ page }) => {
  // Production pace: the 设置 tab's freshness.seconds (30 s by default) decides how soon.
  await openScreen(page);
  await page.keyboard.press("p");
  await expect(page.getByTestId("figure-visits-value")).toHaveText("584");
  const asOf = await page.getByTestId("as-of").locator("time").getAttribute("datetime");
  await page.evaluate(() => Object.assign(window, { __notReloaded: true }));

  const cell = await cellOf("走访", "日期", 1);
  const restore = await editCellOnDisk("走访", cell, "3月上旬");
  try {
    const started = Date.now();
    await expect(page.getByTestId("figure-visits-value")).toHaveText("583", { timeout: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await page.getByTestId("as-of").locator("time").getAttribute("datetime")).not.toBe(asOf);
    // Still the same slide, still paused: the figures changed in place.
    await expect(screen(page)).toHaveAttribute("data-slide-id", "headline");
    await expect(screen(page)).toHaveAttribute("data-paused", "true");
  } finally {
    await restore();
  }
});

test("offline, the screen keeps its figures behind a discreet marker and recovers by itself", async ({ page, context }) => {
  await pace(page, { pollMs: 1_000 });
  await openScreen(page);
  await page.keyboard.press("p");
  await expect(page.getByTestId("figure-visits-value")).toHaveText("584");
  await expect(page.getByTestId("offline-marker")).toHaveCount(0);
  await page.evaluate(() => Object.assign(window, { __notReloaded: true }));

  let failedPolls = 0;
  page.on("requestfailed", (request) => {
    if (new URL(request.url()).pathname === "/api/screen") failedPolls++;
  });
  await context.setOffline(true);
  await expect(page.getByTestId("offline-marker")).toBeVisible();
  await expect(page.getByTestId("offline-marker")).toContainText("离线");
  await mkdir(".tmp/screens", { recursive: true });
  await page.screenshot({ path: ".tmp/screens/offline.png" });
  await expect.poll(() => failedPolls, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("figure-visits-value")).toHaveText("584");
  await expect(page.getByTestId("slide-title")).toHaveText("核心指标");

  await context.setOffline(false);
  await expect(page.getByTestId("offline-marker")).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId("figure-visits-value")).toHaveText("584");
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
});

test("the headline figures show the change since the last meeting's snapshot", async ({ page }) => {
  await openScreen(page);
  await page.keyboard.press("p");
  // Today's own snapshot (taken at the month's first view) is never the baseline: the seed's 1 October one is.
  await expect(page.getByTestId("baseline")).toHaveText("与上次会议（2026年10月1日）相比");
  await expect(page.getByTestId("figure-visits-delta")).toHaveText(/^▲ \d+次$/u);

  const previous = {
    year: 2026,
    figures: {
      tasks: { done: 40, overdue: 8, red: 8, yellow: 4, donePercent: 60 },
      visits: { count: 570, suggestions: 337, solved: 180, solveRate: 0.5 },
      meetings: { 专题常委会: 3, 领导小组工作例会: 2, 办公室协调推进会: 1, 其他: 0 },
    },
  };
  const restore = await appendRowOnDisk("会议快照", { 快照编号: "KZ-20261101-1", 日期: new Date("2026-11-01T00:00:00Z"), 指标: JSON.stringify(previous) });
  try {
    await page.reload();
    await expect(screen(page)).toHaveAttribute("data-ready", "true", { timeout: 20_000 });
    await page.keyboard.press("p");
    await expect(page.getByTestId("baseline")).toHaveText("与上次会议（2026年11月1日）相比");
    await expect(page.getByTestId("figure-visits-delta")).toHaveText("▲ 14次");
    await expect(page.getByTestId("figure-visits-delta")).toHaveClass(/--s-good/u);
    await expect(page.getByTestId("figure-overdue-delta")).toHaveText("▼ 2项");
    await expect(page.getByTestId("figure-overdue-delta")).toHaveClass(/--s-good/u);
    await expect(page.getByTestId("figure-suggestions-delta")).toHaveText("＝ 持平");
    await expect(page.getByTestId("figure-solveRate-delta")).toHaveText("▲ 4.9 个百分点");
    await expect(page.getByTestId("figure-meetings-delta")).toHaveText("▲ 1次");
    await expect(page.getByTestId("figure-done-delta")).toHaveText("▲ 3项");
    await expect(page.getByTestId("figure-red-delta")).toHaveText("＝ 持平");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await mkdir(".tmp/screens", { recursive: true });
    await page.screenshot({ path: ".tmp/screens/1920x1080-headline-deltas.png" });
  } finally {
    await restore();
  }
});

test("an admin takes a meeting snapshot from the screen", async ({ page }) => {
  await openScreen(page);
  await page.keyboard.press("p");
  await page.mouse.move(400, 300);
  await page.mouse.move(420, 320);
  await page.getByRole("button", { name: "保存会议快照" }).click();
  // Two writes to the workbook (the snapshot, then its audit row): allow a busy machine its time.
  await expect(page.getByTestId("controls-note")).toContainText(/已保存快照 KZ-20261120-\d+（2026-11-20）/u, { timeout: 30_000 });
  await page.mouse.move(440, 340);
  await mkdir(".tmp/screens", { recursive: true });
  await page.screenshot({ path: ".tmp/screens/controls.png" });
});

test("the meeting pack PDF has one page per slide", async ({ page }) => {
  test.setTimeout(120_000);
  await openScreen(page);
  const slides = Number(await screen(page).getAttribute("data-slide-count"));

  await page.goto("/screen/print");
  await expect(page.getByTestId("print-slide")).toHaveCount(slides);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: ".tmp/screens/print-view.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  const res = await page.request.get("/api/screen/pack.pdf", { timeout: 60_000 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const body = await res.body();
  await mkdir(".tmp/screens", { recursive: true });
  await writeFile(".tmp/screens/meeting-pack.pdf", body);
  const pdf = body.toString("latin1");
  expect(pdf.startsWith("%PDF-")).toBe(true);
  expect(pdf.match(/\/Type\s*\/Page(?![a-z])/gu)?.length).toBe(slides);
  // A4 landscape: 842 × 595 points on every page.
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[([^\]]*)\]/gu)].map((m) =>
    m[1]!
      .trim()
      .split(/\s+/u)
      .map((n) => Math.round(Number(n))),
  );
  expect(boxes).toHaveLength(slides);
  for (const box of boxes) expect(box).toEqual([0, 0, 842, 595]);

  // The same data asked again is not rendered again.
  const again = await page.request.get("/api/screen/pack.pdf", { timeout: 60_000 });
  expect(again.status()).toBe(200);
  expect(again.headers()["x-meeting-pack"]).toBe("cached");
  expect((await again.body()).equals(body)).toBe(true);
});

test.describe("opened by a meeting-screen link", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a valid link shows the screen without sign-in and keeps polling with its token", async ({ page }) => {
    const { token } = await makeScreenLink({ days: 1 });
    await pace(page, { pollMs: 500 });
    const polls: number[] = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/api/screen") polls.push(r.status());
    });
    await openScreen(page, `/screen?token=${encodeURIComponent(token)}`);
    await expect(page.getByTestId("figure-visits-value")).toHaveText("584");
    await expect.poll(() => polls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(polls.every((s) => s === 200)).toBe(true);
    await expect(page.getByTestId("offline-marker")).toHaveCount(0);
    // A link is read-only: no snapshot button.
    await page.mouse.move(300, 300);
    await page.mouse.move(320, 320);
    await expect(page.getByRole("button", { name: "会议材料 PDF" })).toBeVisible();
    await expect(page.getByRole("button", { name: "保存会议快照" })).toHaveCount(0);
  });

  test("an expired link is refused, page and JSON alike", async ({ page, request }) => {
    const { token } = await makeScreenLink({ days: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    const res = await page.goto(`/screen?token=${encodeURIComponent(token)}`);
    expect(res?.status()).toBe(401);
    await expect(page.getByTestId("screen")).toHaveCount(0);
    const api = await request.get("/api/screen", { headers: { Authorization: `Bearer ${token}` } });
    expect(api.status()).toBe(401);
  });
});

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`every slide fits and reads well at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    await openScreen(page);
    await page.keyboard.press("p");
    const count = Number(await screen(page).getAttribute("data-slide-count"));
    await mkdir(".tmp/screens", { recursive: true });
    for (let i = 0; i < count; i++) {
      await expect(screen(page)).toHaveAttribute("data-slide-index", String(i));
      const id = await slideId(page);
      // The fade-in has finished.
      await page.locator(".screen-slide").evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      await page.screenshot({ path: `.tmp/screens/${viewport.width}x${viewport.height}-${i + 1}-${id}.png` });
      // Nothing spills out of the slide.
      const spill = await page.getByTestId("slide-body").evaluate((el) => ({ x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight }));
      expect.soft(spill, `slide ${id} overflows`).toEqual({ x: 0, y: 0 });
      const axe = await new AxeBuilder({ page }).include('[data-testid="screen"]').withTags(["wcag2a", "wcag2aa"]).analyze();
      expect
        .soft(
          axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
          `slide ${id}`,
        )
        .toEqual([]);
      await page.keyboard.press("ArrowRight");
    }
  });
}

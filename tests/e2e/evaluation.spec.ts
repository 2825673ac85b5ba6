/**
 * The evaluation system end to end (issue 17) on the served workbook:
 * 50 phones vote at once through their slips, each code once; a raced code
 * stores one ballot; forged and foreign posts are refused and write nothing;
 * the meeting screen counts, never shows results; closing writes 考核 and
 * moves the annual score; no tab links a ballot to a code. Then the
 * 目标责任状: a unit's letter lists exactly its tasks, in the PDF and the
 * .docx; the batch PDF has one letter per unit, the zip one .docx per unit;
 * a recorded signing counts on the overview. The workbook is put back after.
 */
import { expect, test, type Browser, type Page } from "./support/fixtures";
import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import { annualScores } from "../../lib/domain/scores";
import { codeHash } from "../../lib/domain/appraisal";
import { parseWorkbook } from "../../lib/schema/workbook";
import { readWorkbookFast } from "../../lib/sheets/xlsx-fast-reader";
import { E2E_BASE_URL, SIGNED_OUT } from "./support/auth";
import { workbookFile } from "./support/workbook";

const pristine = `${workbookFile}.before-evaluation-spec`;
const GRADES = ["好", "较好", "一般", "差"] as const;
const PHONES = 50;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: SIGNED_OUT };

async function dataset() {
  const tabs = await readWorkbookFast(workbookFile);
  return parseWorkbook({ source: "xlsx", tabs, readAt: new Date().toISOString() });
}

async function allText(): Promise<string> {
  const tabs = await readWorkbookFast(workbookFile);
  return tabs.map((t) => t.rows.map((r) => r.cells.map((c) => String(c ?? "")).join("\t")).join("\n")).join("\n");
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await copyFile(workbookFile, pristine);
});

test.afterAll(async () => {
  await rename(pristine, workbookFile);
});

/** Opens a session on /admin/appraisal and returns its ID. */
async function openSession(page: Page, title: string, ballots: number, units: string[]): Promise<string> {
  await page.goto("/admin/appraisal");
  const form = page.getByTestId("open-session");
  await form.getByLabel("名称").fill(title);
  await form.getByLabel("票数").fill(String(ballots));
  for (const unit of units) await form.getByLabel(unit, { exact: true }).check();
  await form.getByRole("button", { name: "开启并生成测评票" }).click();
  const message = form.getByTestId("appraisal-message");
  await expect(message).toContainText("已开启测评");
  return /测评 (CP[\w-]+)/u.exec((await message.textContent()) ?? "")![1]!;
}

async function phone(browser: Browser) {
  return browser.newContext({ ...PHONE, baseURL: E2E_BASE_URL });
}

/** Picks the grades on a ballot page. */
async function rate(page: Page, grades: Record<string, string>) {
  for (const [unit, g] of Object.entries(grades)) await page.getByLabel(`${unit} ${g}`, { exact: true }).check({ force: true });
}

test("50 phones vote at once through their slips; once per code; refusals write nothing; closing writes 考核; no tab links a ballot to a code", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const start = await dataset();
  const units = start.units.slice(2, 4).map((u) => u.name);
  const [a, b] = units as [string, string];
  const sessionId = await openSession(page, "年终述职评议", PHONES + 2, units);
  const other = await openSession(page, "另一场", 1, units);

  // The slip sheet: one slip per ballot; the first slip's QR is exactly the ballot link of the code printed under it.
  await page.goto(`/admin/appraisal/${sessionId}/slips`);
  await expect(page.getByTestId("slip")).toHaveCount(PHONES + 2);
  const codes = (await page.getByTestId("slip-code").allTextContents()).map((c) => c.trim());
  expect(new Set(codes).size).toBe(PHONES + 2);
  for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{32}$/u);
  const origin = new URL(page.url()).origin;
  const firstQr = await page.getByTestId("slip-qr").first().innerHTML();
  const link = (code: string) => `${origin}/ballot/${code}`;
  // The dark modules (the stroke path) are exactly those of the ballot link's QR code.
  const modules = (svg: string) => /<path stroke="#000000" d="([^"]+)"/u.exec(svg)?.[1];
  expect(modules(firstQr)).toBeTruthy();
  expect(modules(firstQr)).toBe(modules(await QRCode.toString(link(codes[0]!), { type: "svg", margin: 1, errorCorrectionLevel: "M" })));
  await page.goto(`/admin/appraisal/${other}/slips`);
  const foreignCode = (await page.getByTestId("slip-code").first().textContent())!.trim();

  // 50 phones, each its own browser context, open their slips and submit at once.
  const votes = Array.from({ length: PHONES }, (_, i) => ({ [a]: GRADES[i % 4]!, [b]: GRADES[(i * 3 + 1) % 4]! }));
  // The phones open their slips ten at a time (as people do on entering), then all submit at once.
  const phones = await Promise.all(Array.from({ length: PHONES }, () => phone(browser)));
  const pages: Page[] = [];
  for (let i = 0; i < PHONES; i += 10) {
    pages.push(
      ...(await Promise.all(
        phones.slice(i, i + 10).map(async (c, k) => {
          const p = await c.newPage();
          await p.goto(link(codes[i + k]!));
          await rate(p, votes[i + k]!);
          return p;
        }),
      )),
    );
  }
  const startedAt = Date.now();
  await Promise.all(pages.map((p) => p.getByRole("button", { name: /提交测评票/u }).click()));
  await Promise.all(pages.map((p) => expect(p.getByTestId("ballot-done")).toBeVisible({ timeout: 60_000 })));
  console.log(`50 ballots submitted at once, all stored in ${Date.now() - startedAt} ms`);
  expect((await dataset()).ballots.filter((x) => x.session === sessionId)).toHaveLength(PHONES);

  // A spent code: its page refuses it.
  await pages[0]!.goto(link(codes[0]!));
  await expect(pages[0]!.getByTestId("ballot-refused")).toContainText("已经投过票");
  await Promise.all(phones.slice(2).map((c) => c.close()));

  // Two phones with the same slip submit at once: one ballot.
  const [p1, p2] = [pages[0]!, pages[1]!];
  await Promise.all([p1.goto(link(codes[PHONES]!)), p2.goto(link(codes[PHONES]!))]);
  await rate(p1, { [a]: "好", [b]: "好" });
  await rate(p2, { [a]: "差", [b]: "差" });
  await Promise.all([p1.getByRole("button", { name: /提交测评票/u }).click(), p2.getByRole("button", { name: /提交测评票/u }).click()]);
  await expect(p1.getByTestId("ballot-done").or(p1.getByTestId("ballot-error"))).toBeVisible();
  await expect(p2.getByTestId("ballot-done").or(p2.getByTestId("ballot-error"))).toBeVisible();
  const done = [await p1.getByTestId("ballot-done").count(), await p2.getByTestId("ballot-done").count()];
  expect(done[0]! + done[1]!).toBe(1);
  await expect((done[0] ? p2 : p1).getByTestId("ballot-error")).toContainText("已经投过票");
  votes.push(done[0] ? { [a]: "好", [b]: "好" } : { [a]: "差", [b]: "差" });
  expect((await dataset()).ballots.filter((x) => x.session === sessionId)).toHaveLength(PHONES + 1);

  // Forged posts write nothing: a unit outside the session, a code of another session.
  const last = codes[PHONES + 1]!;
  const before = await allText();
  await p1.goto(link(last));
  await rate(p1, { [a]: "好", [b]: "好" });
  await p1.evaluate(() => {
    const extra = Object.assign(document.createElement("input"), { type: "hidden", name: "grade:旗委组织部", value: "差" });
    document.querySelector('[data-testid="ballot-form"]')!.append(extra);
  });
  await p1.getByRole("button", { name: /提交测评票/u }).click();
  await expect(p1.getByTestId("ballot-error")).toContainText("「旗委组织部」不在本场测评的参评单位中，本票未保存");
  await p1.goto(link(last));
  await rate(p1, { [a]: "好", [b]: "好" });
  await p1.evaluate((code) => {
    (document.querySelector('input[name="code"]') as HTMLInputElement).value = code;
  }, foreignCode);
  await p1.getByRole("button", { name: /提交测评票/u }).click();
  await expect(p1.getByTestId("ballot-error")).toContainText("不属于本场测评");
  expect(await allText()).toBe(before);

  // The meeting screen counts while open, and shows no result.
  await page.goto("/screen");
  await expect(page.getByTestId("ballots-received").filter({ hasText: "年终述职评议" })).toHaveText(`年终述职评议 已收回 ${PHONES + 1} / ${PHONES + 2} 票`);
  await expect(page.getByTestId("ballots-received").filter({ hasText: "另一场" })).toHaveText("另一场 已收回 0 / 1 票");
  await page.goto("/admin/appraisal");
  const section = page.locator(`[data-session="${sessionId}"]`);
  await expect(section.getByTestId("appraisal-received")).toHaveText(`已收回 ${PHONES + 1} / ${PHONES + 2} 票`);
  await expect(section.getByTestId("appraisal-results")).toHaveCount(0);

  // Closing: the tallies match the votes, one 述职评议 row per unit in 考核, and the annual score moves.
  await section.getByRole("button", { name: "结束测评" }).click();
  await expect(page.locator(`[data-session="${sessionId}"]`).getByTestId("appraisal-results")).toBeVisible();
  const after = await dataset();
  const appraisal = { 好: 100, 较好: 85, 一般: 70, 差: 50 } as const;
  for (const unit of units) {
    const counts = Object.fromEntries(GRADES.map((g) => [g, votes.filter((v) => v[unit] === g).length]));
    const expected = Math.round((GRADES.reduce((s, g) => s + counts[g]! * appraisal[g], 0) / votes.length) * 100) / 100;
    const row = after.scores.find((s) => s.unit === unit && s.deductions?.includes(sessionId));
    expect(row).toMatchObject({ method: "述职评议", score: expected, year: 2026 });
    expect(row?.deductions).toContain(`好 ${counts.好} 票、较好 ${counts.较好} 票、一般 ${counts.一般} 票、差 ${counts.差} 票，共 ${votes.length} 票`);
    await expect(page.locator(`[data-session="${sessionId}"]`).getByRole("row", { name: new RegExp(`^${unit}`, "u") })).toContainText(String(expected));
    const was = annualScores(start.scores, start.accountability, start.settings, 2026).find((s) => s.unit === unit);
    const now = annualScores(after.scores, after.accountability, after.settings, 2026).find((s) => s.unit === unit);
    const reports = after.scores.filter((s) => s.unit === unit && s.year === 2026 && s.method === "述职评议").map((s) => s.score!);
    expect(now?.means.述职评议).toBeCloseTo(reports.reduce((x, y) => x + y, 0) / reports.length, 1); // means are kept to 2 decimals
    expect(now?.total).not.toBe(was?.total);
  }

  // Closed: the last slip is refused.
  await p1.goto(link(last));
  await expect(p1.getByTestId("ballot-refused")).toContainText("本场测评已结束");

  // Every tab: no code anywhere, no hash outside 测评码, a ballot row has only 票号 · 测评编号 · 日期 · 评议 · 意见.
  const text = await allText();
  for (const code of codes) expect(text).not.toContain(code);
  const tabs = await readWorkbookFast(workbookFile);
  const ballotTab = tabs.find((t) => t.title === "测评票")!;
  expect(ballotTab.rows[0]?.cells).toEqual(["票号", "测评编号", "日期", "评议", "意见"]);
  const outside = tabs
    .filter((t) => t.title !== "测评码")
    .map((t) => t.rows.map((r) => r.cells.join("\t")).join("\n"))
    .join("\n");
  for (const code of codes) expect(outside).not.toContain(codeHash(code));
  await Promise.all(phones.slice(0, 2).map((c) => c.close()));
});

test("each unit's 目标责任状 lists exactly its tasks of the year, in the PDF and the .docx; the batch has one letter per unit; signing counts on the overview", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const data = await dataset();
  const unit = "经棚镇";
  const mine = data.tasks.filter((t) => t.due?.startsWith("2026") && t.status !== "已取消" && (t.leadUnit === unit || t.partnerUnits?.includes(unit)));
  const others = data.tasks.filter((t) => t.due?.startsWith("2026") && !mine.includes(t));
  expect(mine.length).toBeGreaterThan(0);
  const dir = await mkdtemp(path.join(os.tmpdir(), "s23-h6-letters-"));
  try {
    // The .docx, read back.
    const docx = await page.request.get(`/api/letters/docx?year=2026&unit=${encodeURIComponent(unit)}`);
    expect(docx.status()).toBe(200);
    await writeFile(path.join(dir, "letter.docx"), await docx.body());
    const xml = execFileSync("unzip", ["-p", path.join(dir, "letter.docx"), "word/document.xml"], { encoding: "utf8" });
    const words = xml.replace(/<[^>]+>/gu, "");
    expect(words).toContain("2026年度全面从严治党目标责任状");
    for (const t of mine) expect(words).toContain(t.id);
    for (const t of others) expect(words).not.toContain(`${t.id}${t.title}`);
    // The PDF.
    const pdf = await page.request.get(`/api/letters/pdf?year=2026&unit=${encodeURIComponent(unit)}`);
    expect(pdf.status()).toBe(200);
    await writeFile(path.join(dir, "letter.pdf"), await pdf.body());
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "letter.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain("2026年度全面从严治党目标责任状");
    expect(text).toContain(`乙方：${unit}`);
    for (const t of mine) expect(text).toContain(t.id);
    const ids = new Set(text.match(/[A-Z]+-?\d[\w-]*/gu) ?? []);
    for (const t of others) expect(ids.has(t.id)).toBe(false);
    // The print view lists exactly those tasks, once each.
    await page.goto(`/admin/letters/print?year=2026&unit=${encodeURIComponent(unit)}`);
    expect((await page.locator("tbody tr td:first-child").allTextContents()).sort()).toEqual(mine.map((t) => t.id).sort());
    // The batch: one letter per unit in the PDF, one .docx per unit in the zip.
    const all = await page.request.get("/api/letters/pdf?year=2026", { timeout: 180_000 });
    expect(all.status()).toBe(200);
    await writeFile(path.join(dir, "all.pdf"), await all.body());
    const allText = execFileSync("pdftotext", [path.join(dir, "all.pdf"), "-"], { encoding: "utf8" });
    expect(allText.split("2026年度全面从严治党目标责任状").length - 1).toBe(data.units.length);
    for (const u of data.units) expect(allText).toContain(`乙方：${u.name}`);
    const zip = await page.request.get("/api/letters/docx?year=2026");
    await writeFile(path.join(dir, "all.zip"), await zip.body());
    const listing = execFileSync("unzip", ["-Z1", path.join(dir, "all.zip")], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(listing).toHaveLength(data.units.length);
    expect(listing).toContain(`2026年度目标责任状-${unit}.docx`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Signing: recorded on the web, counted on the overview.
  await page.goto("/?year=2026");
  await expect(page.getByTestId("signing-count")).toHaveText(`已签订 0 / 应签 ${data.units.length}`);
  await page.goto("/admin/letters?year=2026");
  const row = page.getByTestId("letter-row").filter({ hasText: unit });
  await row.getByLabel("签订人").fill("王书记");
  await row.getByLabel("扫描件链接").fill("不是网址");
  await row.getByRole("button", { name: "登记签订" }).click();
  await expect(row.getByRole("alert")).toContainText("扫描件链接应为完整网址");
  await row.getByLabel("扫描件链接").fill("");
  await row.getByRole("button", { name: "登记签订" }).click();
  await expect(row.getByRole("status")).toContainText("已登记");
  await page.goto("/?year=2026");
  await expect(page.getByTestId("signing-count")).toHaveText(`已签订 1 / 应签 ${data.units.length}`);
  await expect(page.getByTestId("signing-unsigned")).not.toContainText(unit);
});

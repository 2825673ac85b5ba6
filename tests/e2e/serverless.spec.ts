/**
 * The Google-backed DutyBoard as a serverless platform runs it
 * (tests/e2e/support/serverless.ts): every instance's disk read-only but for
 * a private /tmp, no system Chromium or fonts, requests spread round-robin
 * over two instances that are restarted between steps, state shared through a
 * real redis-server, local accounts from ACCOUNTS_JSON. Its own project:
 * `npx playwright test --project=serverless` (after `next build`).
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD } from "../../lib/auth/demo-accounts";
import { parseWorkbook } from "../../lib/schema/workbook";
import { GoogleStore } from "../../lib/sheets/google-store";
import { SERVERLESS_DIR, ServerlessRun, vercelBuild } from "./support/serverless";

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

/** Two failures per login before delays (1 s, 2 s, 4 s …); the address limit is then 8. */
const LIMITS = { SIGN_IN_MAX_FAILURES: "2", SIGN_IN_WINDOW_SECONDS: "120" };
let run: ServerlessRun;
const measures: Record<string, number | number[]> = {};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  run = await ServerlessRun.start({ instances: 2, env: LIMITS });
  measures.coldStartMs = run.instances.map((i) => i!.coldStartMs);
});

test.afterAll(async () => {
  await writeFile(path.join(SERVERLESS_DIR, "measures.json"), `${JSON.stringify(measures, null, 2)}\n`).catch(() => undefined);
  await run?.stop();
});

const url = (p: string) => `${run.baseUrl}${p}`;

async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto(url(`/login?next=${encodeURIComponent("/")}`));
  await page.getByLabel("账号", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((u) => u.pathname !== "/login", { waitUntil: "commit" });
}

async function signedIn(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: run.baseUrl })).newPage();
  await signIn(page, login);
  return page;
}

/** The spreadsheet as the emulator holds it now. */
async function sheet() {
  const id = run.emulator.listSpreadsheets()[0]?.spreadsheetId;
  if (!id) throw new Error("the emulator holds no spreadsheet");
  return parseWorkbook(await new GoogleStore({ spreadsheetId: id, emulatorHost: run.emulator.host }).readAll());
}

/** One sign-in through next-auth's credentials callback; the error code, or null when signed in. */
async function attempt(api: APIRequestContext, login: string, password: string): Promise<string | null> {
  const { csrfToken } = (await (await api.get(url("/api/auth/csrf"))).json()) as { csrfToken: string };
  const res = await api.post(url("/api/auth/callback/credentials"), {
    form: { csrfToken, login, password, json: "true", callbackUrl: url("/") },
    maxRedirects: 0,
  });
  const { url: next } = (await res.json()) as { url: string };
  return new URL(next).searchParams.get("error");
}

test("signs in with ACCOUNTS_JSON and shows the overview from Google; two instances share one read per window", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page.getByTestId("user-role")).toHaveText("管理员");
  await expect(page.getByTestId("card-visits-value")).toHaveText("584");
  await expect(page.getByTestId("card-suggestions-value")).toHaveText("337");
  await expect(page.getByTestId("card-solved-value")).toHaveText("185");
  // Twenty more requests, spread over both instances, within the same freshness window (30 s).
  const before = run.served.length;
  const answers = await Promise.all(Array.from({ length: 20 }, () => page.request.get(url("/api/summary"))));
  for (const a of answers) expect(a.status()).toBe(200);
  expect((await answers[0]!.json()).figures.visits.count).toBe(584);
  expect(new Set(run.served.slice(before))).toEqual(new Set([0, 1]));
  // Both instances started cold and served pages and API calls: one spreadsheet read between them.
  measures.readsFirstWindow = run.reads();
  expect(run.reads()).toBe(1);
});

test("roles hold on every instance: a viewer is refused /admin, a unit officer sees their unit", async ({ browser }) => {
  await run.restartAll();
  const viewer = await signedIn(browser, "viewer");
  await expect(viewer.getByTestId("user-role")).toHaveText("查看");
  for (let i = 0; i < 2; i++) expect((await viewer.goto(url("/admin")))?.status()).toBe(403);
  const unit = await signedIn(browser, "unit");
  await expect(unit.getByTestId("user-role")).toHaveText("单位 · 经棚镇");
  await viewer.context().close();
  await unit.context().close();
});

test("a unit officer's write reaches the spreadsheet, with its audit row", async ({ browser }) => {
  const task = (await sheet()).tasks.find((t) => t.leadUnit === "经棚镇" && t.status === "进行中");
  if (!task) throw new Error("the seed has no open task led by 经棚镇");
  const page = await signedIn(browser, "unit");
  await page.goto(url(`/tasks/${encodeURIComponent(task.id)}/edit`));
  const form = page.getByTestId("task-progress-form");
  const progress = task.progress === 70 ? "71" : "70";
  await form.getByLabel("进度").fill(progress);
  await form.getByLabel("备注").fill("无服务器实例上的填报");
  await form.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");
  const after = await sheet();
  expect(after.tasks.find((t) => t.id === task.id)).toMatchObject({ progress: Number(progress), notes: "无服务器实例上的填报" });
  expect(after.audit.at(-1)).toMatchObject({ login: "unit", action: "更新任务进度", rowId: task.id });
  await page.context().close();
});

test("a meeting-screen link revoked on one instance is refused by every instance, restarted or not", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto(url("/admin"));
  await page.getByLabel("有效天数").fill("3");
  await page.getByLabel("备注").fill("无服务器会议室");
  await page.getByRole("button", { name: "生成链接" }).click();
  const link = await page.getByTestId("new-screen-link-url").inputValue();
  const token = new URL(link).searchParams.get("token") ?? "";
  const direct = (i: number, p: string) => `http://127.0.0.1:${run.instances[i]!.port}${p}`;
  const room = await browser.newContext();
  for (let i = 0; i < 2; i++) {
    const res = await room.request.get(direct(i, `/api/summary`), { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status(), `instance ${i} before revoking`).toBe(200);
  }
  const screen = await room.newPage();
  expect((await screen.goto(link))?.status()).toBe(200);
  await expect(screen.getByRole("region", { name: "会议大屏" })).toBeVisible();

  const row = page.getByTestId("screen-link").filter({ hasText: "无服务器会议室" });
  await row.getByRole("button", { name: "撤销" }).click();
  await expect(row.getByTestId("screen-link-status")).toHaveText("已撤销");
  // Each instance, as it runs, then after a restart.
  for (const when of ["running", "restarted"]) {
    if (when === "restarted") await run.restartAll();
    for (let i = 0; i < 2; i++) {
      const res = await room.request.get(direct(i, `/api/summary`), { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status(), `instance ${i} ${when}`).toBe(401);
      expect((await room.request.get(direct(i, `/screen?token=${encodeURIComponent(token)}`))).status(), `instance ${i} ${when}`).toBe(401);
    }
  }
  await room.close();
});

test("the meeting pack renders without a system browser: one page per slide, Chinese text as text", async ({ page }) => {
  test.setTimeout(180_000);
  await run.restartAll();
  await signIn(page, "admin");
  await page.goto(url("/screen/print"));
  const slides = await page.getByTestId("print-slide").count();
  expect(slides).toBeGreaterThan(3);
  const started = Date.now();
  const res = await page.request.get(url("/api/screen/pack.pdf"), { timeout: 120_000 });
  measures.packColdMs = Date.now() - started;
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const file = path.join(SERVERLESS_DIR, "meeting-pack.pdf");
  await writeFile(file, await res.body());
  expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(new RegExp(`Pages:\\s+${slides}\\n`, "u"));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain("走访");
  expect(text).toContain("584");
  // Asked again, whichever instance answers (rendered there, or that instance's copy of the same data).
  const again = Date.now();
  const second = await page.request.get(url("/api/screen/pack.pdf"), { timeout: 120_000 });
  measures.packAgainMs = Date.now() - again;
  measures.packAgainRendered = second.headers()["x-meeting-pack"] === "rendered" ? 1 : 0;
  expect(second.status()).toBe(200);
  expect(execFileSync("pdfinfo", ["-"], { input: await second.body(), encoding: "utf8" })).toMatch(new RegExp(`Pages:\\s+${slides}\\n`, "u"));
});

test("vercel build turns the same build into functions within the platform's 250 MB, the pack's with its Chromium", async () => {
  test.setTimeout(300_000);
  const started = Date.now();
  const functions = await vercelBuild();
  measures.vercelBuildMs = Date.now() - started;
  expect(functions.length).toBeGreaterThan(1);
  for (const f of functions) expect(f.bytes, f.name).toBeLessThan(250 * 1024 * 1024);
  const pack = functions.find((f) => f.name === "api/screen/pack.pdf.func");
  expect(pack, "a function for the meeting pack").toBeDefined();
  expect(pack!.files.some((f) => f.endsWith("@sparticuz/chromium/bin/chromium.br"))).toBe(true);
  // vercel.json: the pack runs a browser, so it gets more memory and time.
  expect(pack).toMatchObject({ memory: 2048, maxDuration: 60 });
  measures.functionsMB = functions.map((f) => Math.round(f.bytes / 1e5) / 10);
  measures.packFunctionMB = Math.round(pack!.bytes / 1e5) / 10;
});

test("the sign-in lockout counts across instances and survives their restart", async ({ playwright }) => {
  test.setTimeout(120_000);
  const api = await playwright.request.newContext();
  // Wrong passwords for one login, spread round-robin over both instances, each tried once the
  // previous wait is over, until the wait reaches 16 s: six failures (1 s, 2 s, 4 s, 8 s, 16 s after the 2nd … 6th).
  const before = run.served.length;
  let wait = 0;
  let tries = 0;
  while (wait < 16) {
    if (++tries > 20) throw new Error("the waits did not grow");
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    const error = await attempt(api, "leader", "wrong-password-123");
    expect(error).toMatch(/^(CredentialsSignin|SignInLocked:\d+)$/u);
    wait = error?.startsWith("SignInLocked:") ? Number(error.split(":")[1]) : 0;
  }
  expect(new Set(run.served.slice(before))).toEqual(new Set([0, 1]));
  // Even the right password waits, whichever instance it meets.
  for (let i = 0; i < 2; i++) expect(await attempt(api, "leader", DEMO_PASSWORD)).toMatch(/^SignInLocked:\d+$/u);
  const restart = Date.now();
  await run.restartAll();
  measures.restartBothMs = Date.now() - restart;
  expect(Date.now() - restart, "the restart took longer than the lockout lasts").toBeLessThan(14_000);
  // Cold instances know the failures: they live in Redis, not in an instance.
  expect(await attempt(api, "leader", DEMO_PASSWORD)).toMatch(/^SignInLocked:\d+$/u);
  await api.dispose();
});

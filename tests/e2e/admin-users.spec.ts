/** Issue 15: an admin runs users and settings in the browser; nobody else can. */
import { expect, test, type Browser, type Request } from "./support/fixtures";
import { apiAs, SIGNED_OUT, signInWithPassword } from "./support/auth";
import { screenshot } from "./support/pages";
import { sheetRows } from "./support/sheet-rows";

async function signedInAs(browser: Browser, login: string, password: string) {
  const context = await browser.newContext({ storageState: SIGNED_OUT, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInWithPassword(page, login, password);
  return { context, page };
}

test("an admin adds a user, who signs in with the password shown; reset gives a new one; disabled, the next page load is refused", async ({
  page,
  browser,
}) => {
  const login = `e2e-${Date.now()}@example.gov.cn`;
  await page.goto("/admin");
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("账号").fill(login);
  await form.getByLabel("姓名").fill("测试新人");
  await form.getByLabel("角色").selectOption("领导");
  await form.getByRole("button", { name: "新增用户" }).click();
  const password = (await form.getByTestId("shown-password").textContent())?.trim() ?? "";
  expect(password).toMatch(/^\S{16}$/u);
  await screenshot(page, "admin-user-added");

  // The 用户 row is in the workbook, and the password is not.
  const { 用户: users } = await sheetRows("用户");
  expect(users?.find((u) => u["账号"] === login)).toMatchObject({ 姓名: "测试新人", 角色: "领导", 启用: "是" });
  expect(JSON.stringify(users)).not.toContain(password);

  const first = await signedInAs(browser, login, password);
  await expect(first.page.getByRole("heading", { level: 1 })).toHaveText("总览");

  // Reset: the old password stops working, the new one works.
  await page.reload();
  const row = page.getByTestId("admin-user").and(page.locator(`[data-login="${login}"]`));
  await row.getByTestId("reset-password").click();
  const renewed = (await row.getByTestId("shown-password").textContent())?.trim() ?? "";
  expect(renewed).toMatch(/^\S{16}$/u);
  expect(renewed).not.toBe(password);
  const second = await signedInAs(browser, login, renewed);
  await expect(second.page.getByRole("heading", { level: 1 })).toHaveText("总览");

  // Disable: the session already open is refused on its next page load.
  await row.getByTestId("toggle-user").click();
  await expect(row.getByTestId("toggle-user-ok")).toContainText(`已停用 ${login}`);
  await first.page.goto("/tasks");
  await expect(first.page.getByText("未获授权", { exact: false }).first()).toBeVisible();
  await first.context.close();
  await second.context.close();

  // Each change is in 操作日志, as before → after in Chinese column names.
  await page.goto("/admin/audit");
  const entries = page.getByTestId("audit-entry").filter({ hasText: login });
  await expect(entries.filter({ hasText: "停用用户" }).getByTestId("audit-change")).toHaveText("启用：是 → 否");
  await expect(entries.filter({ hasText: "新增用户" }).first()).toContainText("角色：领导");
  await expect(entries.filter({ hasText: "重置密码" })).toHaveCount(1);
  await screenshot(page, "admin-audit");
});

test("a unit user needs a unit, and a weight must be a number: clear messages, nothing written", async ({ page }) => {
  const login = `e2e-unitless-${Date.now()}`;
  await page.goto("/admin");
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("账号").fill(login);
  await form.getByLabel("角色").selectOption("单位");
  await form.getByRole("button", { name: "新增用户" }).click();
  await expect(form.getByTestId("add-user-error")).toContainText("角色为“单位”的账号必须选择所属单位");
  const setting = page.getByTestId("setting-form").and(page.locator('[data-key="weight.拉练抽查"]'));
  await setting.getByRole("textbox").fill("二十");
  await setting.getByRole("button", { name: "保存" }).click();
  await expect(setting.getByTestId("setting-error")).toContainText("应为 0 到 100 之间的数字");
  const tabs = await sheetRows("用户", "设置");
  expect(tabs["用户"]?.some((u) => u["账号"] === login)).toBe(false);
  expect(tabs["设置"]?.find((s) => s["键"] === "weight.拉练抽查")?.["值"]).toBe("20");
  // Settings carry their 说明, the new keys too.
  await expect(page.getByTestId("admin-setting").and(page.locator('[data-key="visit.perQuarter.科级"]')).getByTestId("admin-setting-note")).toContainText(
    "每季度",
  );
  await expect(
    page.getByTestId("admin-setting").and(page.locator('[data-key="meeting.required.专题常委会"]')).getByTestId("admin-setting-note"),
  ).not.toBeEmpty();
  await screenshot(page, "admin-settings");
});

test("a non-admin posting the add-user action is refused and nothing is written", async ({ page }) => {
  const login = `e2e-forged-${Date.now()}`;
  await page.goto("/admin");
  let captured: Request | undefined;
  await page.route("**/admin", async (route) => {
    if (route.request().method() === "POST") {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("账号").fill(login);
  await form.getByLabel("角色").selectOption("管理员");
  await form.getByRole("button", { name: "新增用户" }).click();
  await expect.poll(() => captured).toBeTruthy();
  const original = captured as unknown as Request;
  const headers = await original.allHeaders();
  const forward = Object.fromEntries(
    Object.entries(headers).filter(([k]) => ["next-action", "content-type", "accept", "origin", "next-router-state-tree"].includes(k)),
  );
  const body = original.postDataBuffer() ?? Buffer.alloc(0);
  for (const who of ["leader", "unit", "viewer"] as const) {
    const api = await apiAs(who);
    const res = await api.post("/admin", { headers: forward, data: body, maxRedirects: 0 });
    const text = await res.text();
    expect(text, who).toContain("您的角色无权进行此操作。");
    expect(text, who).not.toContain("只显示这一次");
    await api.dispose();
  }
  const { 用户: users } = await sheetRows("用户");
  expect(users?.some((u) => u["账号"] === login)).toBe(false);
});

/** Sign-in through a real OpenID Connect issuer on loopback (oidc-provider), end to end in Chromium. */
import { expect, test } from "./support/fixtures";
import { E2E_OIDC_PORT } from "../../playwright.config";
import { SIGNED_OUT } from "./support/auth";

test.use({ storageState: SIGNED_OUT });

async function signInAtIssuer(page: import("@playwright/test").Page, login: string, next = "/") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: "使用统一身份认证登录" }).click();
  // The issuer's own sign-in page (oidc-provider's development interaction).
  await page.waitForURL((url) => url.port === String(E2E_OIDC_PORT));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.port !== String(E2E_OIDC_PORT) && url.pathname !== "/login" && !url.pathname.startsWith("/api/auth"));
}

test("a user in the 用户 tab signs in through the OpenID Connect issuer and gets the sheet's role", async ({ page }) => {
  await signInAtIssuer(page, "shuji@example.gov.cn", "/data-health");
  await expect(page).toHaveURL(/\/data-health$/u);
  await expect(page.getByRole("heading", { name: "数据体检" })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("领导");
  expect((await page.request.get("/admin", { maxRedirects: 0 })).status()).toBe(403);
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session.user.login).toBe("shuji@example.gov.cn");
});

test("someone the issuer knows but the 用户 tab does not is told so, with their login, and refused with 403", async ({ page }) => {
  await signInAtIssuer(page, "stranger@example.org");
  const res = await page.goto("/");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "未获授权" })).toBeVisible();
  await expect(page.getByText("请联系组织部管理员在「用户」表中添加您的账号")).toBeVisible();
  await expect(page.getByTestId("not-authorised-login")).toHaveText("stranger@example.org");

  const api = await page.request.get("/api/summary");
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({
    error: "not-authorised",
    message: "未获授权 — 请联系组织部管理员在「用户」表中添加您的账号",
    login: "stranger@example.org",
  });
});

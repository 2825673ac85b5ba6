import { expect, test } from "./support/fixtures";
import { apiAs, DEMO_PASSWORD, SIGNED_OUT, signInWithPassword } from "./support/auth";

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a page sends you to the Chinese sign-in page, which shows only the enabled methods and brings you back", async ({ page }) => {
    const res = await page.goto("/data-health?year=2026");
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login\?next=%2Fdata-health%3Fyear%3D2026$/u);
    await expect(page.getByRole("heading", { name: "登录党建责任落实看板" })).toBeVisible();
    await expect(page.getByLabel("账号", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "使用统一身份认证登录" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Google/u })).toHaveCount(0);

    await page.getByLabel("账号", { exact: true }).fill("leader");
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page).toHaveURL(/\/data-health\?year=2026$/u);
    await expect(page.getByRole("heading", { name: "数据体检" })).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText("领导");
  });

  test("the session cookie is HttpOnly and SameSite=Lax, and the session carries a login, never a role", async ({ page, context }) => {
    await signInWithPassword(page, "viewer");
    const session = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    const body = await (await page.request.get("/api/auth/session")).json();
    expect(body.user).toEqual({ login: "viewer" });
    expect(JSON.stringify(body)).not.toMatch(/role|查看|admin|email/u);
  });

  test("signing out ends the session", async ({ page }) => {
    await signInWithPassword(page, "viewer");
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/u);
    const res = await page.request.get("/", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect((await page.request.get("/api/summary")).status()).toBe(401);
  });

  test("a session cookie copied before sign-out is refused after it", async ({ page, context, playwright, baseURL }) => {
    await signInWithPassword(page, "viewer");
    const cookie = (await context.cookies())
      .filter((c) => c.name.startsWith("next-auth.session-token"))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    expect(cookie).not.toBe("");
    const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie } });
    expect((await replay.get("/api/summary")).status()).toBe(200);

    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/u);

    // The same cookie, sent again after sign-out: the server has revoked its session.
    expect((await replay.get("/api/summary")).status()).toBe(401);
    const home = await replay.get("/", { maxRedirects: 0 });
    expect(home.status()).toBe(307);
    expect(home.headers().location).toMatch(/\/login/u);
    expect(await (await replay.get("/api/auth/session")).json()).not.toHaveProperty("user.login");
    await replay.dispose();
  });

  test("failed sign-ins make the next attempt wait longer and longer, with a clear message, and the right password works once the wait is over", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const login = "viewer";
    await page.goto("/login");
    /** One attempt through the form; returns next-auth's error code (null on success). */
    const attempt = async (password: string): Promise<string | null> => {
      await page.getByLabel("账号", { exact: true }).fill(login);
      await page.getByLabel("密码", { exact: true }).fill(password);
      const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
      await page.getByRole("button", { name: "登录", exact: true }).click();
      const { url } = (await (await answered).json()) as { url: string };
      return new URL(url).searchParams.get("error");
    };
    const waitOf = (code: string | null) => Number(/^SignInLocked:(\d+)$/u.exec(code ?? "")?.[1] ?? NaN);
    expect(await attempt("wrong-password-1")).toBe("CredentialsSignin");
    await expect(page.getByTestId("sign-in-error")).toHaveText("账号或密码不正确。");
    for (let i = 2; i <= 4; i++) expect(await attempt(`wrong-password-${i}`)).toBe("CredentialsSignin");
    // From the 5th failure on, each makes the next attempt wait: 1 s, then 2 s, then 4 s.
    const waits = [waitOf(await attempt("wrong-password-5"))];
    await expect(page.getByTestId("sign-in-error")).toContainText("登录失败次数过多，已暂时锁定");
    for (let i = 6; i <= 7; i++) {
      await page.waitForTimeout(waits.at(-1)! * 1000 + 300);
      waits.push(waitOf(await attempt(`wrong-password-${i}`)));
    }
    expect(waits).toEqual([1, 2, 4]);
    // While waiting even the right password is refused, and the page says for how long.
    const refusedAt = Date.now();
    expect(await attempt(DEMO_PASSWORD)).toMatch(/^SignInLocked:\d+$/u);
    await expect(page).toHaveURL(/\/login/u);
    await expect(page.getByTestId("sign-in-error")).toContainText(/请 \d+ 秒后再试/u);

    // A few seconds, not a 15-minute lock: then the right password works.
    await page.waitForTimeout(Math.max(0, refusedAt + 4_500 - Date.now()));
    await page.getByLabel("账号", { exact: true }).fill(login);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByTestId("user-role")).toHaveText("查看");
  });
});

test("the API answers 401 to the signed-out, with a message", async () => {
  const api = await apiAs("signed-out");
  const res = await api.get("/api/summary");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: "unauthorized", message: "请先登录" });
  await api.dispose();
});

/** /admin: users as the 用户 tab has them, the settings in effect; its actions refuse anyone but an admin. */
import { expect, test, type Request } from "./support/fixtures";
import { readFile } from "node:fs/promises";
import { apiAs, E2E_SCREEN_LINKS_FILE, makeScreenLink } from "./support/auth";

test("lists the 用户 tab with who has a local account, never a hash, and the settings in effect", async ({ page }) => {
  expect((await page.goto("/admin"))?.status()).toBe(200);
  const user = (login: string) => page.getByTestId("admin-user").and(page.locator(`[data-login="${login}"]`));
  await expect(user("admin")).toContainText("管理员");
  await expect(user("unit")).toContainText("经棚镇");
  await expect(user("unit").getByTestId("admin-user-local")).toHaveText("是");
  await expect(user("zuzhibu@example.gov.cn").getByTestId("admin-user-local")).toHaveText("否");
  await expect(user("tuchengzi@example.gov.cn")).toContainText("否");
  await expect(page.getByTestId("admin-settings")).toContainText("weight.拉练抽查");
  await expect(page.getByTestId("admin-sign-in-methods")).toContainText("OpenID Connect（统一身份认证）：已启用");
  await expect(page.getByTestId("admin-sign-in-methods")).toContainText("Google：未配置");
  const html = await page.content();
  expect(html).not.toContain("scrypt$");
  expect(html).not.toContain(await readFile(E2E_SCREEN_LINKS_FILE.replace(/screen-links\.json$/u, ".secret"), "utf8").then((s) => s.trim()));
});

test("a forged revoke-link action from a non-admin is refused and writes nothing; the same request from an admin works", async ({ page }) => {
  const { link } = await makeScreenLink({ days: 1, note: "forged-post target" });
  await page.goto("/admin");
  // Capture the real action request an admin's browser would send, and stop it there.
  let captured: Request | undefined;
  await page.route("**/admin", async (route) => {
    if (route.request().method() === "POST") {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  const row = page.getByTestId("screen-link").and(page.locator(`[data-link-id="${link.id}"]`));
  await row.getByRole("button", { name: "撤销" }).click();
  await expect.poll(() => captured).toBeTruthy();
  const original = captured as unknown as Request;
  const headers = await original.allHeaders();
  const body = original.postDataBuffer() ?? Buffer.alloc(0);
  const forward = Object.fromEntries(
    Object.entries(headers).filter(([k]) => k === "next-action" || k === "content-type" || k === "accept" || k === "origin" || k === "next-router-state-tree"),
  );

  const statusOf = async () => JSON.parse(await readFile(E2E_SCREEN_LINKS_FILE, "utf8")).links.find((l: { id: string }) => l.id === link.id);

  for (const who of ["unit", "leader", "viewer", "signed-out"] as const) {
    const api = await apiAs(who);
    const res = await api.post("/admin", { headers: forward, data: body, maxRedirects: 0 });
    if (who === "signed-out") expect(res.status()).toBe(307);
    else expect(await res.text()).toContain("您的角色无权进行此操作。");
    expect((await statusOf()).revokedAt, who).toBeUndefined();
    await api.dispose();
  }

  const admin = await apiAs("admin");
  const res = await admin.post("/admin", { headers: forward, data: body, maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("链接已撤销。");
  expect((await statusOf()).revokedAt).toBeTruthy();
  await admin.dispose();
});

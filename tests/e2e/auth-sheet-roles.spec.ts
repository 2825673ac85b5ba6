/** Roles come from the 用户 tab on every request: an edit on disk counts at once, with no new sign-in. */
import { expect, test } from "./support/fixtures";
import { storageStateOf } from "./support/auth";
import { cellWhere, editCellsOnDisk } from "./support/auth-workbook";

test.describe("as viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("a role raised in the sheet takes effect at the next request, and lowered again likewise", async ({ page }) => {
    expect((await page.goto("/admin"))?.status()).toBe(403);
    const role = await cellWhere("用户", "账号", "viewer", "角色");
    const restore = await editCellsOnDisk("用户", { [role]: "管理员" });
    try {
      expect((await page.goto("/admin"))?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "管理", exact: true })).toBeVisible();
      await expect(page.getByTestId("user-role")).toHaveText("管理员");
    } finally {
      await restore();
    }
    expect((await page.goto("/admin"))?.status()).toBe(403);
    await expect(page.getByTestId("user-role")).toHaveText("查看");
  });
});

test.describe("as unit", () => {
  test.use({ storageState: storageStateOf("unit") });

  test("a user disabled in the sheet is locked out at once, pages and API, and let back in when re-enabled", async ({ page }) => {
    expect((await page.goto("/"))?.status()).toBe(200);
    const active = await cellWhere("用户", "账号", "unit", "启用");
    const restore = await editCellsOnDisk("用户", { [active]: "否" });
    try {
      expect((await page.goto("/"))?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "未获授权" })).toBeVisible();
      await expect(page.getByTestId("not-authorised-login")).toHaveText("unit");
      expect((await page.goto("/data-health"))?.status()).toBe(403);
      const api = await page.request.get("/api/summary");
      expect(api.status()).toBe(403);
      expect((await api.json()).message).toBe("未获授权 — 请联系组织部管理员在「用户」表中添加您的账号");
    } finally {
      await restore();
    }
    expect((await page.goto("/"))?.status()).toBe(200);
  });
});

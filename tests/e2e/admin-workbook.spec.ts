/**
 * The workbook file on /admin (issue 11): an office lock left behind by a
 * crash is shown with its holder and age and cleared by an admin who confirms,
 * a fresh one is shown but cannot be cleared; a backup is restored after a
 * confirmation, the replaced workbook kept as a backup; and a server whose
 * workbook cannot be read at all gets it back from /admin. The served
 * workbook and data/.backups are put back afterwards for the other specs.
 */
import { expect, test, type Page } from "./support/fixtures";
import ExcelJS from "exceljs";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { readWorkbookFast } from "../../lib/sheets/xlsx-fast-reader";
import { DEMO_PASSWORD, SIGNED_OUT } from "./support/auth";
import { OWN_BASE, startOwnServer, stopOwnServer } from "./support/own-server";
import { workbookFile } from "./support/workbook";

const dir = path.dirname(workbookFile);
const backups = path.join(dir, ".backups");
const officeLock = path.join(dir, `.~lock.${path.basename(workbookFile)}#`);
const pristine = `${workbookFile}.before-admin-workbook-spec`;
let backupsBefore: string[] = [];

async function backupNames(): Promise<string[]> {
  return readdir(backups).catch(() => []);
}

async function lastAuditRow(file: string): Promise<string> {
  const audit = (await readWorkbookFast(file)).find((t) => t.title === "操作日志");
  return (audit?.rows.at(-1)?.cells ?? []).map((c) => String(c ?? "")).join("|");
}

async function writeOfficeLock(holder: string, ageMs: number) {
  await writeFile(officeLock, `,${holder},office-pc,07.12.2026 09:00,file:///home/${holder}/.config/libreoffice/4;`);
  const at = new Date(Date.now() - ageMs);
  await utimes(officeLock, at, at);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await copyFile(workbookFile, pristine);
  backupsBefore = await backupNames();
});

test.afterAll(async () => {
  await rm(officeLock, { force: true });
  await rename(pristine, workbookFile);
  // The backups this spec made (its own and the copies kept by the restore) go; the others stay.
  for (const name of await backupNames()) if (!backupsBefore.includes(name)) await rm(path.join(backups, name), { force: true });
});

test("an office lock left over from a crash is shown with holder and age, and cleared by an admin after confirming", async ({ page }) => {
  // A fresh lock: shown, but not clearable.
  await writeOfficeLock("zhangsan", 20 * 60_000);
  await page.goto("/admin");
  const lock = page.getByTestId("office-lock");
  await expect(lock.getByTestId("office-lock-holder")).toHaveText("zhangsan");
  await expect(lock.getByTestId("office-lock-age")).toHaveText(/^(19|20) 分钟$/u);
  await expect(lock.getByTestId("office-lock-fresh")).toContainText("不足 3 小时");
  await expect(lock.getByTestId("clear-office-lock")).toHaveCount(0);

  // Left over from a crash four hours ago.
  await writeOfficeLock("wangfang", 4 * 3_600_000 + 5 * 60_000);
  await page.reload();
  await expect(lock.getByTestId("office-lock-holder")).toHaveText("wangfang");
  await expect(lock.getByTestId("office-lock-name")).toHaveText(path.basename(officeLock));
  await expect(lock.getByTestId("office-lock-age")).toHaveText(/^4 小时 [45] 分钟$/u);
  await expect(lock.getByTestId("office-lock-stale")).toContainText("很可能是办公软件崩溃");

  // Without the confirmation: refused, kept.
  await lock.getByRole("button", { name: "清除锁文件" }).click();
  await expect(page.getByTestId("clear-office-lock-outcome")).toContainText("请先勾选「确认没有人正在用办公软件编辑该表格」");
  expect(existsSync(officeLock)).toBe(true);

  await lock.getByLabel("确认没有人正在用办公软件编辑该表格").check();
  await lock.getByRole("button", { name: "清除锁文件" }).click();
  await expect(page.getByTestId("office-lock-none")).toBeVisible();
  expect(existsSync(officeLock)).toBe(false);
  const audit = await lastAuditRow(workbookFile);
  expect(audit).toContain("清除办公软件锁文件");
  expect(audit).toContain("wangfang");
});

test("a lock replaced after the page showed it is not cleared", async ({ page }) => {
  await writeOfficeLock("wangfang", 5 * 3_600_000);
  await page.goto("/admin");
  const lock = page.getByTestId("office-lock");
  await expect(lock.getByTestId("office-lock-stale")).toBeVisible();
  // Someone opens the workbook again: a new lock file of the same name.
  await writeOfficeLock("lisi", 0);
  await lock.getByLabel("确认没有人正在用办公软件编辑该表格").check();
  await lock.getByRole("button", { name: "清除锁文件" }).click();
  await expect(page.getByTestId("clear-office-lock-outcome")).toContainText("锁文件在您打开本页后变了");
  expect(existsSync(officeLock)).toBe(true);
  await rm(officeLock, { force: true });
});

test("a backup is restored after confirming, and the replaced workbook is kept as a backup", async ({ page }) => {
  // A backup that differs from the workbook in one setting shown on /admin.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  let rotate = 0;
  wb.getWorksheet("设置")!.eachRow((row) => {
    if (row.getCell(1).value === "screen.rotateSeconds") {
      rotate = Number(row.getCell(2).value) + 7;
      row.getCell(2).value = rotate;
    }
  });
  expect(rotate).toBeGreaterThan(7);
  await mkdir(backups, { recursive: true });
  const name = `dutyboard.${new Date().toISOString().replace(/[:.]/gu, "-")}.admin-spec.xlsx`;
  await wb.xlsx.writeFile(path.join(backups, name));

  await page.goto("/admin");
  // Settings are edited in place on /admin: the value is the input's.
  const settingValue = page.getByTestId("setting-form").and(page.locator('[data-key="screen.rotateSeconds"]')).getByRole("textbox");
  await expect(settingValue).not.toHaveValue(String(rotate));
  const row = page.getByTestId("backup").and(page.locator(`[data-name="${name}"]`));
  await expect(row).toContainText(/\d+(\.\d)? KB/u);
  await row.getByRole("radio").check();
  const form = page.getByTestId("restore-backup");
  await form.getByRole("button", { name: "恢复所选备份" }).click();
  await expect(page.getByTestId("restore-backup-outcome")).toContainText("请先勾选");
  // A refused request keeps the choice.
  await expect(row.getByRole("radio")).toBeChecked();
  await form.getByLabel("确认没有人正在用办公软件编辑该表格，并用所选备份替换当前工作簿").check();
  await form.getByRole("button", { name: "恢复所选备份" }).click();
  await expect(page.getByTestId("restore-backup-outcome")).toContainText(`已用备份「${name}」恢复工作簿`);
  const kept = (await backupNames()).find((n) => n.endsWith(".before-restore.xlsx") && !backupsBefore.includes(n));
  expect(kept).toBeDefined();
  await expect(page.getByTestId("restore-backup-outcome")).toContainText(kept!);

  await page.reload();
  await expect(settingValue).toHaveValue(String(rotate));
  await expect(page.getByTestId("backup").and(page.locator(`[data-name="${kept}"]`))).toBeVisible();
  const audit = await lastAuditRow(workbookFile);
  expect(audit).toContain("恢复备份");
  expect(audit).toContain(name);
});

async function signIn(page: Page, login: string) {
  await page.goto(`${OWN_BASE}/login`);
  await page.getByLabel("账号", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "登录", exact: true }).click();
  expect((await answered).ok()).toBe(true);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

test.describe("a workbook that cannot be read", () => {
  test.use({ storageState: SIGNED_OUT });

  test("an ADMIN_LOGINS admin restores the backup on /admin and every page comes back", async ({ page, request }) => {
    test.setTimeout(120_000);
    const own = path.resolve(".tmp/e2e-admin-restore");
    await rm(own, { recursive: true, force: true });
    await mkdir(path.join(own, ".backups"), { recursive: true });
    const file = path.join(own, "dutyboard.xlsx");
    const backup = "dutyboard.2026-11-19T08-00-00-000Z.xlsx";
    await copyFile(pristine, path.join(own, ".backups", backup));
    await writeFile(file, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(4096, 7)]));
    const server = await startOwnServer(own, { ADMIN_LOGINS: "admin" });
    try {
      expect((await request.get(`${OWN_BASE}/`, { maxRedirects: 0 })).status()).toBe(503);
      await signIn(page, "admin");
      expect((await page.goto(`${OWN_BASE}/admin`))?.status()).toBe(200);
      await expect(page.getByTestId("workbook-fault")).toContainText("/admin");
      const form = page.getByTestId("restore-backup");
      await form
        .getByTestId("backup")
        .and(page.locator(`[data-name="${backup}"]`))
        .getByRole("radio")
        .check();
      await form.getByLabel("确认没有人正在用办公软件编辑该表格，并用所选备份替换当前工作簿").check();
      await form.getByRole("button", { name: "恢复所选备份" }).click();
      // The page comes back whole: no fault, the users of the restored 用户 tab, the broken file kept as a backup.
      await expect(page.getByTestId("workbook-fault")).toHaveCount(0);
      await expect(page.getByTestId("admin-users")).toBeVisible();
      await expect(page.getByTestId("backup").filter({ hasText: "before-restore" })).toHaveCount(1);
      expect((await page.goto(`${OWN_BASE}/tasks`))?.status()).toBe(200);
      expect((await request.get(`${OWN_BASE}/api/health`)).status()).toBe(200);
      // The unreadable file is kept, as it was, for checking.
      const kept = (await readdir(path.join(own, ".backups"))).find((n) => n.endsWith(".before-restore.xlsx"));
      expect(kept).toBeDefined();
    } finally {
      await stopOwnServer(server);
      await rm(own, { recursive: true, force: true });
    }
  });
});

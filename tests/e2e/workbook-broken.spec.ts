/**
 * A server started on a workbook it cannot use answers every page with a
 * Chinese 503 page naming the cause and the latest backup, /api/health says
 * which fault (a code, no path, no raw error), and an admin named in
 * ADMIN_LOGINS still reaches 数据体检 and /admin, which show the same cause.
 * Each kind of breakage gets its own `next start` on a port of its own.
 */
import { expect, test, type Page } from "./support/fixtures";
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD, SIGNED_OUT } from "./support/auth";
import { OWN_BASE as BASE, startOwnServer, stopOwnServer } from "./support/own-server";
import { workbookFile } from "./support/workbook";

const ROOT = path.resolve(".tmp/e2e-broken");
const BACKUP = "dutyboard.2026-11-19T08-00-00-000Z.xlsx";

type Kind = { name: string; code: string; title: string; make: (file: string) => Promise<void> };

async function editWorkbook(file: string, change: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  change(wb);
  await wb.xlsx.writeFile(file);
}

const KINDS: Kind[] = [
  {
    name: "an unreadable zip",
    code: "workbook-unreadable",
    title: "数据工作簿无法打开",
    make: (file) => writeFile(file, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(4096, 7)])),
  },
  {
    name: "a renamed 用户 tab",
    code: "tab-missing",
    title: "数据工作簿缺少工作表「用户」",
    make: (file) =>
      editWorkbook(file, (wb) => {
        wb.getWorksheet("用户")!.name = "用户（旧）";
      }),
  },
  {
    name: "a missing 用户 tab",
    code: "tab-missing",
    title: "数据工作簿缺少工作表「用户」",
    make: (file) =>
      editWorkbook(file, (wb) => {
        wb.removeWorksheet(wb.getWorksheet("用户")!.id);
      }),
  },
  {
    name: "a missing sharedStrings part",
    code: "part-missing",
    title: "数据工作簿缺少必要部分",
    make: async (file) => {
      const script = [
        "import sys, zipfile",
        "src, dst = sys.argv[1], sys.argv[2]",
        "with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:",
        "    names = zin.namelist()",
        "    assert 'xl/sharedStrings.xml' in names, names",
        "    for n in names:",
        "        if n != 'xl/sharedStrings.xml': zout.writestr(n, zin.read(n))",
      ].join("\n");
      const run = spawnSync("python3", ["-c", script, file, `${file}.cut`], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(run.stderr);
      await rm(file);
      await copyFile(`${file}.cut`, file);
      await rm(`${file}.cut`);
    },
  },
];

async function signIn(page: Page, login: string) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("账号", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "登录", exact: true }).click();
  expect((await answered).ok()).toBe(true);
  // Signed in, next-auth sends the browser on to "/": let that navigation finish first.
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: SIGNED_OUT });

for (const kind of KINDS) {
  test(`a server on ${kind.name}: a Chinese 503 page, health says ${kind.code}, admins still reach 数据体检`, async ({ page, request }) => {
    test.setTimeout(120_000);
    const dir = path.join(ROOT, `${kind.code}-${KINDS.indexOf(kind)}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.join(dir, ".backups"), { recursive: true });
    const file = path.join(dir, "dutyboard.xlsx");
    await copyFile(workbookFile, file);
    await copyFile(workbookFile, path.join(dir, ".backups", BACKUP));
    await kind.make(file);
    const server = await startOwnServer(dir, { ADMIN_LOGINS: "admin" });
    try {
      // Signed out: the page itself, not the sign-in redirect or a 500.
      const home = await request.get(`${BASE}/`, { maxRedirects: 0 });
      expect(home.status()).toBe(503);
      expect(home.headers()["content-type"]).toContain("text/html");
      const html = await home.text();
      expect(html).toContain(kind.title);
      expect(html).toContain("怎么办");
      expect(html).toContain(`data/.backups/${BACKUP}`);
      expect(html).not.toContain(ROOT);

      const health = await request.get(`${BASE}/api/health`);
      expect(health.status()).toBe(503);
      const body = (await health.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ ok: false, code: kind.code });
      const text = JSON.stringify(body);
      expect(text).not.toContain("/");
      expect(text).not.toMatch(/Error|ENOENT|zip|\.tmp/u);

      // A leader is told the same; they cannot reach 数据体检 either.
      await signIn(page, "leader");
      expect((await page.goto(`${BASE}/data-health`))?.status()).toBe(503);
      await expect(page.getByTestId("workbook-unavailable")).toContainText(kind.title);

      // The admin of ADMIN_LOGINS reaches 数据体检 and /admin, which name the cause.
      await page.context().clearCookies();
      await signIn(page, "admin");
      const dataHealth = await page.goto(`${BASE}/data-health`);
      expect(dataHealth?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "数据体检" })).toBeVisible();
      await expect(page.getByTestId("workbook-fault")).toHaveAttribute("data-code", kind.code);
      await expect(page.getByTestId("workbook-fault")).toContainText(BACKUP);
      const admin = await page.goto(`${BASE}/admin`);
      expect(admin?.status()).toBe(200);
      await expect(page.getByTestId("workbook-fault")).toContainText(kind.title);
      // Other pages answer 503 to the admin too, with the same words.
      expect((await page.goto(`${BASE}/tasks`))?.status()).toBe(503);
    } finally {
      await stopOwnServer(server);
    }
  });
}

/**
 * Times are the wall clock of the deployment's zone, whatever the server's own TZ: with
 * the server under TZ=UTC and TZ=America/New_York, on the workbook and on Google Sheets
 * (the emulator), a form save shows the same wall-clock time on the task page, in the
 * spreadsheet cell as read back (exceljs / the Sheets API), and in 操作日志 — time and
 * before/after alike; and a seeded time reads the same on the page as in its cell.
 *
 * Each case starts its own `next start` (tests/e2e/support/tz-server.ts) on ports
 * E2E_TZ_PORT..+3 (default 4750) so that the suite's servers are untouched.
 */
import { expect, test, type Browser } from "./support/fixtures";
import ExcelJS from "exceljs";
import { localTimeText, wallClockIn } from "../../lib/clock";
import { generateSampleData } from "../../seeds/generate";
import { DEMO_PASSWORD } from "./support/auth";
import { startTzServer, TZ_TODAY, type TzServer } from "./support/tz-server";

test.describe.configure({ mode: "serial" });

const BASE_PORT = Number(process.env.E2E_TZ_PORT ?? 4750);
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

const CASES = [
  { name: "workbook, server TZ=UTC", backend: "xlsx", tz: "UTC", zone: "Asia/Shanghai", port: BASE_PORT },
  { name: "workbook, server TZ=America/New_York", backend: "xlsx", tz: "America/New_York", zone: "Asia/Shanghai", port: BASE_PORT + 1 },
  // On Google the spreadsheet's own zone decides, not 设置 nor the server.
  {
    name: "Google, server TZ=UTC, spreadsheet in Asia/Shanghai",
    backend: "google",
    tz: "UTC",
    zone: "Asia/Shanghai",
    port: BASE_PORT + 2,
    emulatorPort: BASE_PORT + 4,
  },
  {
    name: "Google, server TZ=America/New_York, spreadsheet in Asia/Tokyo",
    backend: "google",
    tz: "America/New_York",
    zone: "Asia/Tokyo",
    port: BASE_PORT + 3,
    emulatorPort: BASE_PORT + 5,
  },
] as const;

/** A task the sample has open, with a seeded 更新时间. */
const sampleTask = (() => {
  const tasks = generateSampleData({ year: 2026, today: TZ_TODAY }).find((t) => t.spec.key === "tasks")!.rows;
  const row = tasks.find((r) => r.status === "进行中" && typeof r.updatedAt === "object" && r.updatedAt !== null && "dateTime" in r.updatedAt)!;
  return { id: String(row.id), progress: Number(row.progress ?? 0), updatedAt: (row.updatedAt as { dateTime: string }).dateTime };
})();

/** The 任务 row's 更新时间 cell, as the wall clock "YYYY-MM-DD HH:mm" its reader shows. */
async function updatedAtCell(server: TzServer, id: string): Promise<string> {
  if (server.file) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(server.file);
    const ws = wb.getWorksheet("任务")!;
    let header = 0;
    const col: Record<string, number> = {};
    for (let r = 1; r <= 10 && !header; r++) {
      ws.getRow(r).eachCell((cell, c) => void (col[String(cell.value ?? "").trim()] = c));
      if (col["任务编号"] && col["更新时间"]) header = r;
    }
    for (let r = header + 1; r <= ws.rowCount; r++) {
      if (String(ws.getCell(r, col["任务编号"]!).value) !== id) continue;
      const value = ws.getCell(r, col["更新时间"]!).value;
      // A date-time cell: exceljs gives the wall clock in the Date's UTC fields.
      expect(value).toBeInstanceOf(Date);
      return (value as Date).toISOString().slice(0, 16).replace("T", " ");
    }
    throw new Error(`no task ${id} in the workbook`);
  }
  const sheet = server.emulator!.dumpSpreadsheet(server.spreadsheetId!).sheets.find((s) => s.title === "任务")!;
  const rows = sheet.rows as unknown[][];
  const headerRow = rows.findIndex((r) => r.includes("任务编号") && r.includes("更新时间"));
  const [idCol, atCol] = [rows[headerRow]!.indexOf("任务编号"), rows[headerRow]!.indexOf("更新时间")];
  const row = rows.find((r) => r[idCol] === id);
  if (!row) throw new Error(`no task ${id} in the spreadsheet`);
  const serial = row[atCol];
  // A date-time value (a serial number in the spreadsheet's zone), not text.
  expect(typeof serial).toBe("number");
  return new Date(SERIAL_EPOCH_MS + Math.round((serial as number) * 86_400) * 1000).toISOString().slice(0, 16).replace("T", " ");
}

async function signedInPage(browser: Browser, baseURL: string) {
  // Signed out: the suite's cookies for 127.0.0.1 would reach this server too (cookies ignore the port).
  const context = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai", storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("账号", { exact: true }).fill("admin");
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login", { waitUntil: "commit" });
  return { context, page };
}

/** Every wall-clock minute "YYYY-MM-DD HH:mm" of `zone` between two instants. */
function minutesBetween(from: Date, to: Date, zone: string): string[] {
  const out = new Set<string>();
  for (let t = Math.floor(from.getTime() / 60_000) * 60_000; t <= to.getTime(); t += 60_000) out.add(localTimeText(wallClockIn(zone, new Date(t)), zone));
  return [...out];
}

for (const c of CASES) {
  test(`${c.name}: a save shows one wall-clock time on the page, in the cell and in 操作日志`, async ({ browser }) => {
    test.setTimeout(240_000);
    const server = await startTzServer({
      backend: c.backend,
      tz: c.tz,
      port: c.port,
      dir: `.tmp/e2e-times/${c.port}`,
      ...("emulatorPort" in c && { emulatorPort: c.emulatorPort, spreadsheetTimeZone: c.zone }),
    });
    const { context, page } = await signedInPage(browser, server.baseUrl);
    try {
      const fact = page.locator("dt", { hasText: /^更新时间$/u }).locator("xpath=following-sibling::dd[1]");

      // The seed's time, as typed into the sheet, is what the page shows.
      await page.goto(`/tasks/${encodeURIComponent(sampleTask.id)}`);
      const seeded = localTimeText(sampleTask.updatedAt, c.zone);
      await expect(fact).toHaveText(seeded);
      expect(await updatedAtCell(server, sampleTask.id)).toBe(seeded);

      await page.goto(`/tasks/${encodeURIComponent(sampleTask.id)}/edit`);
      const form = page.getByTestId("task-progress-form");
      await form.getByLabel("进度").fill(String(sampleTask.progress === 64 ? 65 : 64));
      const before = new Date();
      await form.getByRole("button", { name: "保存", exact: true }).click();
      await expect(page.getByTestId("form-saved")).toContainText("已保存任务进度");
      const after = new Date();
      const expected = minutesBetween(before, after, c.zone);

      await page.goto(`/tasks/${encodeURIComponent(sampleTask.id)}`);
      const shown = (await fact.textContent())?.trim() ?? "";
      expect(expected, `the task page shows ${shown}; the wall clock in ${c.zone} was ${expected.join(" … ")}`).toContain(shown);
      expect(await updatedAtCell(server, sampleTask.id)).toBe(shown);

      await page.goto("/admin/audit");
      const entry = page.getByTestId("audit-entry").first();
      await expect(entry).toContainText(sampleTask.id);
      await expect(entry.locator("td").first()).toHaveText(shown);
      // The change names the times the same way: the seeded one → the saved one.
      await expect(entry.locator("td").nth(5)).toContainText(`更新时间：${seeded} → ${shown}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
}

/**
 * /admin/reminders and 催办 in a browser (issue 16): channels shown masked
 * (the secret and webhook key nowhere in the HTML or RSC payload), a test
 * message reaching a loopback robot, the next run's preview, 催办 on a task
 * page recorded and counted; a unit user gets neither the page nor the
 * button. The served workbook and the channels file are put back afterwards.
 */
import { expect, test } from "./support/fixtures";
import { copyFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { unitReminders } from "../../lib/domain/reminders";
import { isOpen } from "../../lib/domain/tasks";
import { unitsTab } from "../../lib/schema/tabs";
import { parseWorkbook } from "../../lib/schema/workbook";
import { XlsxStore } from "../../lib/sheets/xlsx-store";
import { RobotServers } from "../support/reminder-robots";
import { apiAs, storageStateOf } from "./support/auth";
import { workerInstance } from "./support/instances";
import { workbookFile } from "./support/workbook";

/** Beside this worker's accounts file (instances.ts). */
const channelsFile = path.join(workerInstance().dir, "reminder-channels.json");
const pristine = `${workbookFile}.before-reminders-spec`;
const SECRET = "SECe2e-dingtalk-signing-secret";
const WEBHOOK_KEY = "e2e-wecom-webhook-key-0042";
let robots: RobotServers;
let taskId = "";
/** A unit with something to be told today; its group is 单位群. */
let unitName = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  robots = await new RobotServers().start();
  robots.setSecret("e2e-org", SECRET);
  await writeFile(
    channelsFile,
    JSON.stringify({
      version: 1,
      channels: {
        单位群: { type: "wecom", url: robots.wecomUrl(WEBHOOK_KEY) },
        组织部钉钉: { type: "dingtalk", url: robots.dingtalkUrl("e2e-org"), secret: SECRET },
      },
      digest: ["组织部钉钉"],
    }),
    { mode: 0o600 },
  );
  await copyFile(workbookFile, pristine);
  const store = new XlsxStore(workbookFile, { backups: 0 });
  const dataset = parseWorkbook(await store.readAll());
  unitName = unitReminders(dataset.tasks, dataset.settings, "2026-11-20")[0]!.unit;
  const unit = dataset.units.find((u) => u.name === unitName)!;
  expect((await store.updateById(unitsTab, unit.id, { channels: "单位群" })).ok).toBe(true);
  taskId = dataset.tasks.find((t) => t.leadUnit === unitName && isOpen(t))!.id;
});

test.afterAll(async () => {
  await robots.stop();
  await rm(channelsFile, { force: true });
  await rename(pristine, workbookFile);
});

test("an admin sees the channels masked, sends a test message and previews the next run", async ({ page }) => {
  await page.goto("/admin/reminders");
  await expect(page.getByRole("heading", { name: "提醒与催办", level: 1 })).toBeVisible();
  const rows = page.getByTestId("reminder-channel");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "组织部钉钉" })).toContainText("已加签");
  await expect(rows.filter({ hasText: "单位群" })).toContainText("key=••••0042");

  // Neither the browser's HTML nor the raw response (RSC payload included) holds a secret or a key.
  for (const body of [
    await page.content(),
    await (await (await apiAs("admin")).get("/admin/reminders")).text(),
    await (await (await apiAs("admin")).get("/admin/reminders", { headers: { RSC: "1" } })).text(),
  ]) {
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain(WEBHOOK_KEY);
  }

  await rows.filter({ hasText: "单位群" }).getByRole("button", { name: "发送测试消息" }).click();
  await expect(page.getByRole("status").filter({ hasText: "测试消息已发送到「单位群」" })).toBeVisible();
  expect(robots.to(WEBHOOK_KEY).at(-1)!.text).toContain("测试消息");

  const preview = page.getByTestId("reminder-preview-item");
  const own = preview.filter({ hasText: `${unitName} → 单位群` });
  await expect(own).toBeVisible();
  await expect(preview.filter({ hasText: "全旗 → 组织部钉钉" })).toBeVisible();
  await own.locator("summary").click();
  await expect(own.locator("pre").first()).toContainText(`${unitName}：党建任务提醒`);
  // Units whose notices have nowhere to go are named.
  await expect(page.getByTestId("reminder-problems")).toContainText("未填写通知渠道");
});

test("an admin presses 催办: the lead unit's group gets it, the page counts it, the run list shows it", async ({ page }) => {
  await page.goto(`/tasks/${encodeURIComponent(taskId)}`);
  await expect(page.getByTestId("urge-history")).toHaveText("尚未催办");
  await page.getByRole("button", { name: "催办" }).click();
  await expect(page.getByTestId("urge-result")).toHaveText("已催办：已发送到 单位群");
  await expect(page.getByTestId("urge-history")).toHaveText(/^已催办 1 次，最近一次 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/u);
  const urged = robots.to(WEBHOOK_KEY).filter((m) => m.text.startsWith(`# 催办：${unitName}`));
  expect(urged).toHaveLength(1);
  expect(urged[0]!.text).toContain(`/tasks/${encodeURIComponent(taskId)}`);

  await page.goto("/admin/reminders");
  await expect(page.getByTestId("reminder-run").filter({ hasText: "催办" }).first()).toContainText(taskId);
});

test("the cron route answers 401 to a caller without the bearer, signed in or not", async () => {
  for (const role of ["signed-out", "admin"] as const) {
    const api = await apiAs(role);
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer not-the-secret-0123456789" }]) {
      const res = await api.get("/api/cron/remind", { headers });
      expect(res.status(), `${role} ${JSON.stringify(headers)}`).toBe(401);
    }
  }
  expect(robots.messages.filter((m) => m.text.includes("党建任务提醒"))).toEqual([]);
});

test.describe("as a unit user", () => {
  test.use({ storageState: storageStateOf("unit") });

  test("has no reminders page and no 催办 button, only the count", async ({ page }) => {
    const response = await page.goto("/admin/reminders");
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain(WEBHOOK_KEY);
    await page.goto(`/tasks/${encodeURIComponent(taskId)}`);
    await expect(page.getByTestId("urge-history")).toContainText("已催办 1 次");
    await expect(page.getByRole("button", { name: "催办" })).toHaveCount(0);
  });
});

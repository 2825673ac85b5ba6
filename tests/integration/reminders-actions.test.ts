/**
 * 催办 and the /admin/reminders actions, called as the browser calls them:
 * only the session, Next's request scope and cache are replaced (as in
 * actions-callers.test.ts); roles come from the real 用户 tab, notices go to a
 * loopback robot and a real SMTP server, and land in 提醒记录 and 操作日志.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { auditTab, remindersTab, unitsTab, usersTab } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import type { XlsxStore } from "@/lib/sheets/xlsx-store";
import { MailSink, RobotServers } from "../support/reminder-robots";
import { rowsOf, seededWorkbook, TODAY } from "./writes-support";

const state = vi.hoisted(() => ({ login: null as string | null, store: null as XlsxStore | null }));

vi.mock("next-auth", () => ({ getServerSession: async () => (state.login ? { user: { login: state.login, name: state.login } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:4551" }),
  cookies: async () => ({ set: () => {}, get: () => undefined }),
}));
vi.mock("next/cache", () => ({ updateTag: () => {}, revalidateTag: () => {}, revalidatePath: () => {}, unstable_cache: (f: unknown) => f }));
vi.mock("@/lib/sheets", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/sheets")>()), getStore: async () => state.store }));
vi.mock("@/lib/data/dataset", async () => {
  const { wallClockIn } = await import("@/lib/clock");
  return {
    SHEET_TAG: "sheet",
    loadDataset: async () => parseWorkbook(await state.store!.readAll()),
    refreshDataset: async () => true,
    invalidateDataset: async () => {},
    today: () => TODAY,
    timeZoneOf: () => "Asia/Shanghai",
    nowInZoneOf: (_d: unknown, now = new Date()) => ({ dateTime: wallClockIn("Asia/Shanghai", now) }),
    deploymentTimeZone: async () => "Asia/Shanghai",
    lastKnownTimeZone: () => "Asia/Shanghai",
  };
});

let dir: string;
let robots: RobotServers;
let mail: MailSink;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "remind-actions-"));
  robots = await new RobotServers().start();
  mail = await new MailSink().start();
  Object.assign(process.env, {
    ACCOUNTS_FILE: path.join(dir, "accounts.json"),
    NEXTAUTH_SECRET: "remind-actions-test-secret-0123456789",
    ADMIN_LOGINS: "",
    SMTP_URL: mail.url,
    MAIL_FROM: "dutyboard@example.gov.cn",
    NEXTAUTH_URL: "https://dutyboard.example.gov.cn",
  });
  delete process.env.REMINDER_CHANNELS_JSON;
  resetEnvForTests();
  state.store = (await seededWorkbook(dir, "actions.xlsx")).store;
});

afterAll(async () => {
  process.env = saved;
  resetEnvForTests();
  await robots.stop();
  await mail.stop();
  await rm(dir, { recursive: true, force: true });
});

const { urgeAction } = await import("@/app/(board)/tasks/[id]/urge-action");
const { saveChannelAction, removeChannelAction, testChannelAction } = await import("@/app/(board)/admin/reminders/actions");
const { reminderAdminView, urgeHistory } = await import("@/lib/data/reminders");
const { channelsFile } = await import("@/lib/reminders/channels");

function post(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

async function dataset() {
  return parseWorkbook(await state.store!.readAll());
}

describe("催办 and the channel actions", () => {
  it("refuse everyone but an admin, and send or write nothing", async () => {
    const task = (await dataset()).tasks.find((t) => t.status === "进行中")!;
    const before = await state.store!.version();
    for (const login of [null, "viewer", "unit", "leader"]) {
      state.login = login;
      for (const result of [
        await urgeAction(null, post({ taskId: task.id })),
        await saveChannelAction(null, post({ name: "越权", type: "wecom", url: robots.wecomUrl("x") })),
        await removeChannelAction(null, post({ name: "越权" })),
        await testChannelAction(null, post({ name: "越权" })),
      ]) {
        expect(result, String(login)).toMatchObject({ ok: false });
        expect(result!.message).toMatch(/登录已失效|无权|未获授权/u);
      }
      expect(await reminderAdminView(login ? { kind: "user", login, role: login === "unit" ? "unit" : "viewer" } : { kind: "screen", linkId: "x" })).toBeNull();
    }
    expect(await state.store!.version()).toBe(before);
    await expect(stat(channelsFile())).rejects.toThrow();
    expect(robots.messages).toEqual([]);
  });

  it("let an admin add a signed channel (kept 0600, the secret masked), test it, and 催办 a task to the lead unit's group and the 责任人's mailbox", async () => {
    state.login = "admin";
    // Bad input: a specific Chinese message, nothing saved.
    expect(await saveChannelAction(null, post({ name: "经棚镇群", type: "dingtalk", url: "oapi.dingtalk.com/robot" }))).toMatchObject({
      ok: false,
      field: "url",
      message: expect.stringMatching(/Webhook 地址应为/u),
    });
    expect(await saveChannelAction(null, post({ name: "组织部邮箱", type: "email", to: "不是邮箱" }))).toMatchObject({ ok: false, field: "to" });

    robots.setSecret("jp-token", "SECjingpeng-secret");
    expect(
      await saveChannelAction(null, post({ name: "经棚镇群", type: "dingtalk", url: robots.dingtalkUrl("jp-token"), secret: "SECjingpeng-secret" })),
    ).toMatchObject({ ok: true });
    expect((await stat(channelsFile())).mode & 0o777).toBe(0o600);
    expect(await readFile(channelsFile(), "utf8")).toContain("SECjingpeng-secret");
    const view = await reminderAdminView({ kind: "user", login: "admin", role: "admin" });
    expect(JSON.stringify(view)).not.toContain("SECjingpeng-secret");
    expect(JSON.stringify(view)).not.toContain("jp-token");
    expect(view!.channels).toEqual([expect.objectContaining({ name: "经棚镇群", signed: true, target: expect.stringContaining("access_token=••••oken") })]);

    expect(await testChannelAction(null, post({ name: "经棚镇群" }))).toMatchObject({ ok: true });
    expect(robots.to("jp-token").at(-1)!.text).toMatch(/测试消息/u);

    const d = await dataset();
    const task = d.tasks.find((t) => t.status === "进行中" && t.owner)!;
    const unit = d.units.find((u) => u.name === task.leadUnit)!;
    expect((await state.store!.updateById(unitsTab, unit.id, { channels: "经棚镇群" })).ok).toBe(true);
    expect((await state.store!.append(usersTab, [{ login: "owner@jingpeng.example.gov.cn", name: task.owner!, role: "单位", unit: task.leadUnit }])).ok).toBe(
      true,
    );

    for (let i = 1; i <= 2; i++) {
      const result = await urgeAction(null, post({ taskId: task.id }));
      expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^已催办：已发送到 经棚镇群、邮件 owner@jingpeng/u) });
      expect(urgeHistory((await dataset()).reminders.rows, task.id).count).toBe(i);
    }
    const urged = robots.to("jp-token").filter((m) => m.title?.startsWith("催办"));
    expect(urged).toHaveLength(2);
    expect(urged[0]!.text).toContain(`https://dutyboard.example.gov.cn/tasks/${encodeURIComponent(task.id)}`);
    const mails = mail.mails.filter((m) => m.to.includes("owner@jingpeng.example.gov.cn"));
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toBe(`催办：${task.leadUnit}`);
    expect(mails[0]!.text).toContain(task.title);

    const ledger = (await rowsOf(state.store!, remindersTab)).map((r) => r.cells).filter((r) => r.kind === "催办");
    expect(ledger).toHaveLength(4);
    expect(ledger.every((r) => r.taskId === task.id && String(r.result).startsWith("已发送"))).toBe(true);
    const audit = (await rowsOf(state.store!, auditTab)).map((r) => r.cells).filter((r) => r.action === "催办");
    expect(audit.map((r) => [r.login, r.rowId])).toEqual([
      ["admin", task.id],
      ["admin", task.id],
    ]);

    // A failing group: recorded as failed, said so, the mail still goes.
    robots.fail("jp-token", "errcode");
    const partly = await urgeAction(null, post({ taskId: task.id }));
    expect(partly).toMatchObject({ ok: false, message: expect.stringMatching(/^部分发送成功.*失败：经棚镇群（errcode 93000/u) });
    robots.fail("jp-token", undefined);

    expect(await removeChannelAction(null, post({ name: "经棚镇群" }))).toMatchObject({ ok: true });
    const orphan = await urgeAction(null, post({ taskId: d.tasks.find((t) => t.status === "进行中" && t.leadUnit !== task.leadUnit)!.id }));
    expect(orphan).toMatchObject({ ok: false, message: expect.stringMatching(/没有通知渠道/u) });
  });
});

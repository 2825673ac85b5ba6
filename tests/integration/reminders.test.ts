/**
 * Reminder runs against a real workbook and the real stores, with loopback
 * robots that check each platform's format and signature and a real SMTP
 * server: each unit gets exactly its list, once; concurrent and repeated runs
 * send nothing twice; a failing channel is recorded and retried next run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { daysBetween } from "@/lib/domain/dates";
import { isOpen, isOverdue } from "@/lib/domain/tasks";
import type { ChannelsConfig } from "@/lib/reminders/channels";
import { runReminders, type RunDeps } from "@/lib/reminders/run";
import { sendMessage } from "@/lib/reminders/send";
import { remindersTab, unitsTab } from "@/lib/schema/tabs";
import { parseWorkbook, type Dataset } from "@/lib/schema/workbook";
import type { TabContent } from "@/lib/sheets/store";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { MailSink, RobotServers } from "../support/reminder-robots";
import { rowsOf, sampleData, TODAY } from "./writes-support";

let dir: string;
let robots: RobotServers;
let mail: MailSink;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-remind-"));
  robots = await new RobotServers().start();
  mail = await new MailSink().start();
});

afterAll(async () => {
  await robots.stop();
  await mail.stop();
  await rm(dir, { recursive: true, force: true });
});

const PLATFORMS = ["wecom", "dingtalk", "feishu", "email"] as const;

/** Every unit its own channel, the four kinds in turn; the digest to a signed DingTalk robot and a mailbox. */
function channelsFor(units: string[], tag: string): { config: ChannelsConfig; channelOf: Map<string, string> } {
  const config: ChannelsConfig = { version: 1, channels: {}, digest: [`${tag}-组织部钉钉`, `${tag}-组织部邮箱`] };
  const channelOf = new Map<string, string>();
  units.forEach((unit, i) => {
    const kind = PLATFORMS[i % PLATFORMS.length]!;
    const name = `${tag}-${unit}`;
    const token = `${tag}-t${i}`;
    channelOf.set(unit, name);
    if (kind === "wecom") config.channels[name] = { type: "wecom", url: robots.wecomUrl(token) };
    if (kind === "dingtalk") {
      robots.setSecret(token, `SEC${tag}${i}secret`);
      config.channels[name] = { type: "dingtalk", url: robots.dingtalkUrl(token), secret: `SEC${tag}${i}secret` };
    }
    if (kind === "feishu") {
      robots.setSecret(token, `fs-${tag}-${i}`);
      config.channels[name] = { type: "feishu", url: robots.feishuUrl(token), secret: `fs-${tag}-${i}` };
    }
    if (kind === "email") config.channels[name] = { type: "email", to: [`unit${i}@${tag}.example.gov.cn`] };
  });
  robots.setSecret(`${tag}-org`, `SEC${tag}org`);
  config.channels[`${tag}-组织部钉钉`] = { type: "dingtalk", url: robots.dingtalkUrl(`${tag}-org`), secret: `SEC${tag}org` };
  config.channels[`${tag}-组织部邮箱`] = { type: "email", to: [`zzb@${tag}.example.gov.cn`] };
  return { config, channelOf };
}

/** A seeded workbook whose 单位 tab names each unit's channel. */
async function workbook(tag: string): Promise<{ store: XlsxStore; file: string; dataset: Dataset; config: ChannelsConfig; channelOf: Map<string, string> }> {
  const data = sampleData();
  const units = data.find((t) => t.spec.key === "units")!.rows.map((r) => String(r.name));
  const { config, channelOf } = channelsFor(units, tag);
  const tabs: TabContent[] = data.map((t) =>
    t.spec === unitsTab ? { ...t, rows: t.rows.map((r) => ({ ...r, channels: channelOf.get(String(r.name)) ?? "" })) } : t,
  );
  const file = path.join(dir, `${tag}.xlsx`);
  const store = new XlsxStore(file, { backups: 0 });
  await store.create(tabs);
  return { store, file, dataset: parseWorkbook(await store.readAll()), config, channelOf };
}

/** What a lead unit should hear today, worked out here from the rows. */
function expectedIds(dataset: Dataset, unit: string): string[] {
  const s = dataset.settings;
  return dataset.tasks
    .filter((t) => t.leadUnit === unit && isOpen(t))
    .filter((t) => {
      if (isOverdue(t, TODAY)) return true;
      const left = daysBetween(TODAY, t.due);
      const touched = t.updatedAt?.slice(0, 10) ?? t.start ?? `${t.due.slice(0, 4)}-01-01`;
      return s.remindDaysBefore.includes(left) || daysBetween(touched, TODAY) >= s.remindStaleDays;
    })
    .map((t) => t.id)
    .sort();
}

/** Task IDs linked in some texts (links are absolute, to /tasks/ID). */
function linkedIds(texts: string[]): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/https:\/\/dutyboard\.example\.gov\.cn\/tasks\/([^\s)]+)/gu)) ids.add(decodeURIComponent(m[1]!));
  return [...ids].sort();
}

function textsFor(channelName: string, config: ChannelsConfig): string[] {
  const channel = config.channels[channelName]!;
  if (channel.type === "email") return mail.mails.filter((m) => m.to.includes(channel.to[0]!)).map((m) => m.text);
  const token =
    channel.type === "feishu" ? channel.url.split("/").at(-1)! : new URL(channel.url).searchParams.get(channel.type === "wecom" ? "key" : "access_token")!;
  return robots.to(token).map((m) => m.text);
}

function deps(store: XlsxStore, config: ChannelsConfig, extra: Partial<RunDeps> = {}): RunDeps {
  return {
    store,
    channels: config,
    baseUrl: "https://dutyboard.example.gov.cn/",
    today: TODAY,
    mailer: { smtpUrl: mail.url, from: "dutyboard@example.gov.cn" },
    ledgerWaitMs: 2_000,
    timeoutMs: 2_000,
    ...extra,
  };
}

beforeEach(() => {
  robots.refusals.length = 0;
});

describe("a reminder run", () => {
  it("sends each lead unit exactly its list, the digest to the organisation department, and nothing on a second run the same day", async () => {
    const { store, dataset, config, channelOf } = await workbook("a");
    const report = await runReminders(deps(store, config));
    expect(report.failed).toEqual([]);
    expect(robots.refusals).toEqual([]);

    const leading = [...new Set(dataset.tasks.map((t) => t.leadUnit))];
    let unitsTold = 0;
    for (const unit of leading) {
      const channel = channelOf.get(unit);
      if (!channel) continue;
      const expected = expectedIds(dataset, unit);
      expect(linkedIds(textsFor(channel, config)), unit).toEqual(expected);
      if (expected.length > 0) unitsTold++;
    }
    expect(unitsTold).toBeGreaterThan(3);
    // Nothing to a unit with nothing to say.
    const quiet = [...channelOf.keys()].filter((u) => expectedIds(dataset, u).length === 0);
    for (const unit of quiet) expect(textsFor(channelOf.get(unit)!, config), unit).toEqual([]);
    expect(report.sent.length).toBe(unitsTold + 2);

    // The digest: every overdue task in the county, by unit, in Chinese, signed DingTalk markdown.
    const overdue = dataset.tasks
      .filter((t) => isOverdue(t, TODAY))
      .map((t) => t.id)
      .sort();
    expect(overdue.length).toBeGreaterThan(0);
    const digest = robots.to("a-org");
    expect(linkedIds(digest.map((m) => m.text))).toEqual(overdue);
    expect(digest[0]!.title).toMatch(/^全旗党建任务督办汇总/u);
    expect(digest.every((m) => Buffer.byteLength(m.text) <= 18_000)).toBe(true);
    const zzb = mail.mails.filter((m) => m.to.includes("zzb@a.example.gov.cn"));
    expect(zzb.length).toBe(1);
    expect(zzb[0]!.subject).toMatch(/全旗党建任务督办汇总/u);
    expect(linkedIds([zzb[0]!.text])).toEqual(overdue);

    // Every notice in 提醒记录, each kind with its task IDs.
    const ledger = (await rowsOf(store, remindersTab)).map((r) => r.cells);
    const sentRows = ledger.filter((r) => String(r.result).startsWith("已发送"));
    expect(new Set(sentRows.map((r) => `${r.channel}|${r.unit}`)).size).toBe(report.sent.length);
    expect(sentRows.some((r) => r.kind === "已逾期") && sentRows.some((r) => r.kind === "汇总")).toBe(true);

    const count = robots.messages.length + mail.mails.length;
    const again = await runReminders(deps(store, config));
    expect(again.sent).toEqual([]);
    expect(again.skipped).toBe(report.planned);
    expect(robots.messages.length + mail.mails.length).toBe(count);
  });

  it("two runs at once, as two instances on the same workbook, send each notice once", async () => {
    const { file, config } = await workbook("b");
    const [one, two] = await Promise.all([
      runReminders(deps(new XlsxStore(file, { backups: 0 }), config)),
      runReminders(deps(new XlsxStore(file, { backups: 0 }), config)),
    ]);
    expect(one.sent.length + two.sent.length).toBe(one.planned);
    expect(one.failed.length + two.failed.length).toBe(0);
    const counts = new Map<string, number>();
    for (const m of robots.messages.filter((m) => m.token.startsWith("b-"))) counts.set(m.token, (counts.get(m.token) ?? 0) + 1);
    const outcomes = [...one.sent, ...two.sent];
    for (const o of outcomes.filter((o) => o.channelType !== "email")) {
      const channel = config.channels[o.channelName]!;
      const token =
        channel.type === "feishu"
          ? channel.url.split("/").at(-1)!
          : new URL("url" in channel ? channel.url : "http://x").searchParams.get(channel.type === "wecom" ? "key" : "access_token")!;
      expect(counts.get(token), o.channelName).toBe(o.messages);
    }
    const mails = mail.mails.filter((m) => m.to.some((t) => t.endsWith("@b.example.gov.cn")));
    expect(mails.length).toBe(outcomes.filter((o) => o.channelType === "email").length);
  });

  it("records a failing channel as failed, sends the others, and retries it on the next run", async () => {
    const { store, config, dataset, channelOf } = await workbook("c");
    const told = [...channelOf.keys()].filter((u) => expectedIds(dataset, u).length > 0);
    expect(told.length).toBeGreaterThanOrEqual(3);
    // Three units' channels (named in the sheet) pointed at a failing robot of each kind.
    const [wecomUnit, feishuUnit, mailUnit] = told as [string, string, string];
    config.channels[channelOf.get(wecomUnit)!] = { type: "wecom", url: robots.wecomUrl("c-fail-w") };
    config.channels[channelOf.get(feishuUnit)!] = { type: "feishu", url: robots.feishuUrl("c-fail-f") };
    config.channels[channelOf.get(mailUnit)!] = { type: "email", to: ["refuse@c.example.gov.cn"] };
    robots.fail("c-fail-w", "http-500");
    robots.fail("c-fail-f", "hang");
    mail.refuse("refuse@c.example.gov.cn");
    const tokenOf = (unit: string) => (unit === wecomUnit ? "c-fail-w" : "c-fail-f");

    const first = await runReminders(deps(store, config));
    expect(first.failed.map((f) => f.unit).sort()).toEqual([wecomUnit, feishuUnit, mailUnit].sort());
    expect(first.failed.find((f) => f.unit === wecomUnit)!.error).toMatch(/HTTP 500/u);
    expect(first.failed.find((f) => f.unit === feishuUnit)!.error).toMatch(/超时/u);
    expect(first.failed.find((f) => f.unit === mailUnit)!.error).toMatch(/550/u);
    expect(first.sent.length).toBe(first.planned - 3);
    const ledger = (await rowsOf(store, remindersTab)).map((r) => r.cells);
    expect(ledger.filter((r) => r.unit === wecomUnit && String(r.result).startsWith("失败")).length).toBeGreaterThan(0);

    robots.fail(tokenOf(wecomUnit), undefined);
    robots.fail(tokenOf(feishuUnit), undefined);
    const before = robots.messages.length;
    const second = await runReminders(deps(store, config));
    expect(second.sent.map((s) => s.unit).sort()).toEqual([wecomUnit, feishuUnit].sort());
    expect(second.failed.map((f) => f.unit)).toEqual([mailUnit]);
    expect(robots.messages.length - before).toBe(second.sent.reduce((n, s) => n + s.messages, 0));
    expect(linkedIds(textsFor(channelOf.get(wecomUnit)!, config))).toEqual(expectedIds(dataset, wecomUnit));
  });
});

describe("the robots", () => {
  it("refuse a wrong DingTalk or Feishu signature, and answer the rate-limit errcode past 20 a minute", async () => {
    robots.setSecret("sig-d", "SECright");
    robots.setSecret("sig-f", "right");
    const wrongD = await sendMessage({ type: "dingtalk", url: robots.dingtalkUrl("sig-d"), secret: "SECwrong" }, "标题", "内容");
    const wrongF = await sendMessage({ type: "feishu", url: robots.feishuUrl("sig-f"), secret: "wrong" }, "标题", "内容");
    expect(wrongD).toMatchObject({ ok: false, error: expect.stringMatching(/310000/u) });
    expect(wrongF).toMatchObject({ ok: false, error: expect.stringMatching(/19021/u) });
    expect(await sendMessage({ type: "feishu", url: robots.feishuUrl("sig-f"), secret: "right" }, "标题", "内容")).toEqual({ ok: true });

    for (const channel of [
      { type: "wecom" as const, url: robots.wecomUrl("burst-w") },
      { type: "dingtalk" as const, url: robots.dingtalkUrl("burst-d") },
    ]) {
      const results = [];
      for (let i = 0; i < 21; i++) results.push(await sendMessage(channel, "标题", `第 ${i + 1} 条`));
      expect(results.slice(0, 20).every((r) => r.ok)).toBe(true);
      expect(results[20]).toMatchObject({ ok: false, rateLimited: true, error: expect.stringMatching(channel.type === "wecom" ? /45009/u : /130101/u) });
    }
  });
});

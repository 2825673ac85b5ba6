/**
 * One reminder run at county scale: 200 units (each its own robot or
 * mailbox: WeCom, DingTalk with 加签, Feishu with a signature, e-mail), 10,000
 * tasks, the robots answering after 200 ms. Prints the run's time, peak
 * memory, messages per channel type, and the time of a second run the same
 * day (which must send nothing).
 *
 *   npx tsx bench/reminders.ts [--units 200] [--tasks 10000] [--latency 200]
 */
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runReminders } from "../lib/reminders/run";
import type { ChannelsConfig } from "../lib/reminders/channels";
import { TABS, tasksTab, unitsTab, usersTab, settingsTab } from "../lib/schema/tabs";
import type { RowInput, TabContent } from "../lib/sheets/store";
import { XlsxStore } from "../lib/sheets/xlsx-store";
import { MailSink, RobotServers } from "../tests/support/reminder-robots";

const { values } = parseArgs({
  options: { units: { type: "string", default: "200" }, tasks: { type: "string", default: "10000" }, latency: { type: "string", default: "200" } },
});
const UNITS = Number(values.units);
const TASKS = Number(values.tasks);
const LATENCY = Number(values.latency);
const TODAY = "2026-11-20";

function day(offset: number): string {
  return new Date(Date.UTC(2026, 10, 20 + offset)).toISOString().slice(0, 10);
}

async function main() {
  const dir = path.resolve(".tmp/bench/reminders");
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const robots = await new RobotServers({ latencyMs: LATENCY }).start();
  const mail = await new MailSink().start();
  const kinds = ["wecom", "dingtalk", "feishu", "email"] as const;
  const config: ChannelsConfig = { version: 1, channels: {}, digest: ["组织部钉钉", "组织部邮箱"] };
  const units: RowInput[] = [];
  for (let i = 0; i < UNITS; i++) {
    const name = `单位${String(i + 1).padStart(3, "0")}`;
    const channel = `${name}群`;
    const kind = kinds[i % kinds.length]!;
    if (kind === "wecom") config.channels[channel] = { type: "wecom", url: robots.wecomUrl(`w${i}`) };
    if (kind === "dingtalk") {
      robots.setSecret(`d${i}`, `SECd${i}`);
      config.channels[channel] = { type: "dingtalk", url: robots.dingtalkUrl(`d${i}`), secret: `SECd${i}` };
    }
    if (kind === "feishu") {
      robots.setSecret(`f${i}`, `f${i}`);
      config.channels[channel] = { type: "feishu", url: robots.feishuUrl(`f${i}`), secret: `f${i}` };
    }
    if (kind === "email") config.channels[channel] = { type: "email", to: [`u${i}@bench.example.gov.cn`] };
    units.push({ id: `DW${i + 1}`, name, kind: "镇", channels: channel });
  }
  robots.setSecret("org", "SECorg");
  config.channels.组织部钉钉 = { type: "dingtalk", url: robots.dingtalkUrl("org"), secret: "SECorg" };
  config.channels.组织部邮箱 = { type: "email", to: ["zzb@bench.example.gov.cn"] };

  // Due dates from 120 days ago to 240 days ahead: about a third overdue, some at 7/3/1 days, some idle.
  const tasks: RowInput[] = [];
  for (let i = 0; i < TASKS; i++) {
    const due = day(((i * 37) % 360) - 120);
    tasks.push({
      id: `RW-${String(i + 1).padStart(5, "0")}`,
      keyTask: "引领从严治党",
      title: `第${i + 1}项：推进基层党组织标准化规范化建设`,
      leadUnit: `单位${String((i % UNITS) + 1).padStart(3, "0")}`,
      start: { date: "2026-01-01" },
      due: { date: due },
      progress: (i * 13) % 100,
      status: "进行中",
      updatedAt: { dateTime: `${day(-((i * 7) % 60))}T09:00:00` },
    });
  }
  const tabs: TabContent[] = TABS.map((spec) => ({
    spec,
    rows:
      spec === unitsTab
        ? units
        : spec === tasksTab
          ? tasks
          : spec === usersTab
            ? [{ login: "admin", role: "管理员" }]
            : spec === settingsTab
              ? [{ key: "year", value: "2026" }]
              : [],
  }));
  const file = path.join(dir, "reminders.xlsx");
  const store = new XlsxStore(file, { backups: 0 });
  await store.create(tabs);

  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const deps = {
    store,
    channels: config,
    baseUrl: "https://dutyboard.example.gov.cn",
    today: TODAY,
    mailer: { smtpUrl: mail.url, from: "bench@example.gov.cn" },
  };
  const started = performance.now();
  const report = await runReminders(deps);
  const ms = performance.now() - started;
  sample();
  const read0 = performance.now();
  const { parseWorkbook } = await import("../lib/schema/workbook");
  const raw = await new XlsxStore(file, { backups: 0 }).readAll();
  const read1 = performance.now();
  parseWorkbook(raw);
  const readMs = read1 - read0;
  const parseMs = performance.now() - read1;
  const again0 = performance.now();
  const again = await runReminders(deps);
  const againMs = performance.now() - again0;
  clearInterval(timer);

  const byType: Record<string, number> = {};
  for (const m of robots.messages) byType[m.platform] = (byType[m.platform] ?? 0) + 1;
  byType.email = mail.mails.length;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(`units ${UNITS}, tasks ${TASKS}, robot latency ${LATENCY} ms`);
  console.log(
    `first run: ${(ms / 1000).toFixed(1)} s; notices planned ${report.planned}, sent ${report.sent.length}, failed ${report.failed.length}; peak RSS ${mb(peakRss)} MB, peak heap ${mb(peakHeap)} MB`,
  );
  console.log(
    `messages received: ${Object.entries(byType)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")} (run's own count: ${Object.entries(report.messagesByType)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")})`,
  );
  console.log(`largest split: ${Math.max(...[...new Set(robots.messages.map((m) => m.token))].map((t) => robots.to(t).length))} messages to one robot`);
  for (const f of [...report.failed, ...again.failed]) console.log(`failed: ${f.channelName} → ${f.unit}: ${f.error}`);
  console.log(`second run the same day: ${(againMs / 1000).toFixed(1)} s; sent ${again.sent.length}, skipped ${again.skipped}`);
  console.log(
    `for comparison, one fresh read of the workbook: ${(readMs / 1000).toFixed(1)} s, parsing it: ${(parseMs / 1000).toFixed(1)} s; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(`robot refusals (format/signature): ${robots.refusals.length}`);
  await robots.stop();
  await mail.stop();
  if (report.failed.length > 0 || again.sent.length > 0 || robots.refusals.length > 0) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * A reminder run as this deployment is configured: its spreadsheet, its
 * channels, SMTP_URL/MAIL_FROM, and the shared Redis when REDIS_URL is set.
 * Used by `npm run remind` and GET /api/cron/remind.
 */
import { env } from "../env";
import { getStore } from "../sheets";
import { sharedRedis } from "../state/redis";
import { loadChannels } from "./channels";
import { runReminders, type RunReport } from "./run";
import type { Mailer } from "./send";

export function configuredMailer(): Mailer | undefined {
  const e = env();
  return e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : undefined;
}

/** The site's address for links in messages: NEXTAUTH_URL, else what the caller knows (the cron request's origin). */
export function siteBaseUrl(fallback?: string): string {
  return env().NEXTAUTH_URL ?? fallback ?? "http://localhost:3000";
}

export async function runConfiguredReminders(fallbackBaseUrl?: string): Promise<RunReport> {
  const redis = sharedRedis();
  const mailer = configuredMailer();
  return runReminders({
    store: await getStore(),
    channels: await loadChannels(),
    baseUrl: siteBaseUrl(fallbackBaseUrl),
    ...(mailer && { mailer }),
    ...(redis && { redis }),
  });
}

/** The run in a few lines of Chinese, failures first. */
export function describeRun(report: RunReport): string {
  const lines = [
    `提醒运行 ${report.runId}（${report.day}）：计划 ${report.planned} 条通知，发送 ${report.sent.length}，失败 ${report.failed.length}，今日已发送或正由其他实例发送 ${report.skipped}`,
    ...report.failed.map((f) => `  失败：${f.channelName} → ${f.unit}：${f.error ?? ""}（下次运行重试）`),
    ...report.problems.map((p) => `  注意：${p}`),
    ...(report.unrecorded ? [`  提醒记录未写入：${report.unrecorded}`] : []),
    `  消息数：${
      Object.entries(report.messagesByType)
        .map(([k, n]) => `${k} ${n}`)
        .join("，") || "0"
    }`,
  ];
  return lines.join("\n");
}

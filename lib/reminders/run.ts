/**
 * One reminder run: what each lead unit and the organisation department are
 * told today, sent once.
 *
 * Exactly once. 提醒记录 is the ledger, keyed by (day, channel, unit). Before
 * sending, a run claims its notices:
 * - with a shared Redis (REDIS_URL): `SET key runId NX` per notice, so of two
 *   instances only one gets each key; a failed send deletes its key again;
 * - otherwise under the store's own write path (both backends): the run
 *   appends one 「发送中 #run」 row per notice in a single append (the workbook's
 *   file lock and Google's append order both put concurrent appends one after
 *   the other), reads the tab back, and sends only the notices whose first live
 *   claim of the day is its own.
 * After sending, each notice gets 「已发送 #run」 or 「失败 #run：why」; a failure
 * releases the claim so the next run retries it. A run that dies between claim
 * and result leaves 「发送中」, which blocks that notice for the rest of the day:
 * a notice missed is visible on /admin/reminders, a notice sent twice is not undone.
 *
 * Rate limits: one robot takes 20 messages a minute (WeCom, DingTalk). A run
 * with more for one robot waits (RatePacer) rather than deferring: its claims
 * are held, and the next scheduled run is a day away.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { todayIn, wallClockIn } from "../clock";
import { countyDigest, digestKinds, renderDigest, renderUnitReminder, unitReminderKinds, unitReminders, type RenderedMessage } from "../domain/reminders";
import { env } from "../env";
import type { IsoDate } from "../schema/columns";
import { parseTab } from "../schema/parse-tab";
import { remindersTab, type ReminderKind, type ReminderRecord } from "../schema/tabs";
import { findRawTab, parseWorkbook, type Dataset } from "../schema/workbook";
import type { RawWorkbook } from "../schema/cells";
import type { RowInput, SheetStore } from "../sheets";
import { dialectOf, type Channel, type ChannelsConfig } from "./channels";
import { RATE_PER_MINUTE, RatePacer, sendMessage, type Mailer } from "./send";

/** The organisation department's digest is recorded under this 单位. */
export const DIGEST_UNIT = "全旗";

export interface PlannedNotice {
  channelName: string;
  channel: Channel;
  unit: string;
  kinds: { kind: ReminderKind; taskIds: string[] }[];
  message: RenderedMessage;
}

export interface RunPlan {
  notices: PlannedNotice[];
  /** What keeps a unit's notice from going anywhere: no 通知渠道, or a channel not configured (Chinese, for the log and the report). */
  problems: string[];
  /** The same as codes and parameters, for the admin page (lib/i18n `notices` words them). */
  issues: ReminderIssue[];
}

/** A problem of the plan by code: a unit without 通知渠道, a unit's or the digest's channel not configured. */
export type ReminderIssue = {
  code: "reminders.no-channel" | "reminders.unknown-channel" | "reminders.unknown-digest";
  params: Readonly<Record<string, string>>;
};

export function timeZoneOfDataset(dataset: Pick<Dataset, "source" | "timeZone" | "settings">): string {
  return (dataset.source === "google" ? dataset.timeZone : undefined) ?? dataset.settings.timeZone ?? env().APP_TIME_ZONE;
}

export function taskUrl(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/u, "");
  return (taskId: string) => `${base}/tasks/${encodeURIComponent(taskId)}`;
}

/** Everything a run would send today, before the ledger is asked. */
export function planRun(dataset: Dataset, channels: ChannelsConfig, today: IsoDate, baseUrl: string): RunPlan {
  const url = taskUrl(baseUrl);
  const notices: PlannedNotice[] = [];
  const problems: string[] = [];
  const issues: ReminderIssue[] = [];
  const unitsByName = new Map(dataset.units.map((u) => [u.name, u]));
  for (const r of unitReminders(dataset.tasks, dataset.settings, today)) {
    const names = unitsByName.get(r.unit)?.channels ?? [];
    if (names.length === 0) {
      problems.push(`「${r.unit}」有需要提醒的任务，但单位表中未填写通知渠道`);
      issues.push({ code: "reminders.no-channel", params: { unit: r.unit } });
    }
    for (const name of names) {
      const channel = channels.channels[name];
      if (!channel) {
        problems.push(`「${r.unit}」的通知渠道「${name}」尚未在通知渠道中配置`);
        issues.push({ code: "reminders.unknown-channel", params: { unit: r.unit, name } });
        continue;
      }
      notices.push({ channelName: name, channel, unit: r.unit, kinds: unitReminderKinds(r), message: renderUnitReminder(r, dialectOf(channel), url, today) });
    }
  }
  const digest = countyDigest(dataset.tasks, dataset.units, dataset.scores, today);
  if (digest) {
    for (const name of channels.digest) {
      const channel = channels.channels[name];
      if (!channel) {
        problems.push(`汇总渠道「${name}」尚未配置`);
        issues.push({ code: "reminders.unknown-digest", params: { name } });
        continue;
      }
      notices.push({
        channelName: name,
        channel,
        unit: DIGEST_UNIT,
        kinds: digestKinds(digest),
        message: renderDigest(digest, dialectOf(channel), url, today),
      });
    }
  }
  return { notices, problems, issues };
}

// ---------------------------------------------------------------------------
// The ledger.

const STATUS = /^(发送中|已发送|失败) #(\S+?)(?:：|$)/u;

export function ledgerOf(raw: RawWorkbook): { rows: ReminderRecord[]; usable: boolean } {
  const parsed = parseTab(remindersTab, findRawTab(raw, remindersTab));
  return { rows: parsed.rows, usable: parsed.usable };
}

export const keyOf = (channel: string, unit: string) => `${channel}\u0000${unit}`;

type Claim = { state: "sent" | "claimed"; owner: string };

/** Each (channel, unit)'s state today, walking the ledger in row order. 催办 is by hand and never blocks a run. */
export function claimsOn(rows: readonly ReminderRecord[], day: IsoDate): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  for (const row of rows) {
    if (row.at.slice(0, 10) !== day || row.kind === "催办") continue;
    const m = STATUS.exec(row.result ?? "");
    if (!m) continue;
    const [, status, owner = ""] = m;
    const key = keyOf(row.channel, row.unit ?? "");
    const current = claims.get(key);
    if (status === "已发送") claims.set(key, { state: "sent", owner });
    else if (status === "发送中" && !current) claims.set(key, { state: "claimed", owner });
    else if (status === "失败" && current?.state === "claimed" && current.owner === owner) claims.delete(key);
  }
  return claims;
}

export interface NoticeOutcome {
  channelName: string;
  channelType: Channel["type"];
  unit: string;
  messages: number;
  ok: boolean;
  error?: string;
}

export interface RunReport {
  runId: string;
  day: IsoDate;
  today: IsoDate;
  planned: number;
  /** Already sent (or being sent by another run) today. */
  skipped: number;
  sent: NoticeOutcome[];
  failed: NoticeOutcome[];
  problems: string[];
  /** Messages sent per channel type. */
  messagesByType: Record<string, number>;
  /** The ledger rows could not be written (the workbook held open too long): said here and in the server log. */
  unrecorded?: string;
}

export interface RunDeps {
  store: SheetStore;
  channels: ChannelsConfig;
  baseUrl: string;
  now?: () => Date;
  /** The data's today (DUTYBOARD_TODAY in demos and tests); the ledger's day is the real one. */
  today?: IsoDate;
  mailer?: Mailer;
  redis?: Redis;
  /** Robots' limit per minute by channel type (tests lower it). */
  ratePerMinute?: Partial<Record<Channel["type"], number>>;
  /** Channels sent to at once; messages to one channel always go one after the other. */
  concurrency?: number;
  timeoutMs?: number;
  /** How long ledger rows wait for a workbook an office app holds open. */
  ledgerWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function newRunId(): string {
  return randomBytes(6).toString("hex");
}

function ledgerRows(at: string, notice: PlannedNotice, result: string): RowInput[] {
  return notice.kinds.map((k) => ({
    at: { dateTime: at },
    channel: notice.channelName,
    unit: notice.unit,
    taskId: k.taskIds.join(", "),
    kind: k.kind,
    result,
  }));
}

/** Appends ledger rows, waiting out a workbook held open by an office app for a while. */
export async function appendLedger(store: SheetStore, rows: RowInput[], waitMs = 20_000): Promise<string | undefined> {
  if (rows.length === 0) return undefined;
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const result = await store.append(remindersTab, rows).catch((e: unknown) => ({ ok: false as const, reason: "failed" as const, detail: String(e) }));
    if (result.ok) return undefined;
    if (result.reason === "missing-tab")
      return `表格中没有「${remindersTab.title}」工作表，无法记录提醒：请在表格中添加该工作表（表头：时间、渠道、单位、任务编号、类型、结果）`;
    if (result.reason === "missing-header") return `「${remindersTab.title}」工作表的表头不完整：${result.detail ?? ""}`;
    if (Date.now() > deadline) return `「${remindersTab.title}」未能写入（${result.reason} ${result.detail ?? ""}）`;
    await sleep(Math.min(2_000, 200 * 2 ** attempt));
  }
}

async function inBatches<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** One run: plan, claim, send, record. Never throws for a channel's failure. */
export async function runReminders(deps: RunDeps): Promise<RunReport> {
  const now = deps.now ?? (() => new Date());
  const runId = newRunId();
  const raw = await deps.store.readAll();
  const dataset = parseWorkbook(raw);
  const tz = timeZoneOfDataset(dataset);
  const day = todayIn(tz, now());
  const today = deps.today ?? env().DUTYBOARD_TODAY ?? day;
  const plan = planRun(dataset, deps.channels, today, deps.baseUrl);
  const report: RunReport = {
    runId,
    day,
    today,
    planned: plan.notices.length,
    skipped: 0,
    sent: [],
    failed: [],
    problems: [...plan.problems],
    messagesByType: {},
  };

  const ledger = dataset.reminders;
  if (!ledger.usable) {
    report.problems.unshift(`表格中没有可用的「${remindersTab.title}」工作表，本次未发送任何提醒（无法保证不重复发送）`);
    report.skipped = plan.notices.length;
    return report;
  }
  const before = claimsOn(ledger.rows, day);
  const open = plan.notices.filter((n) => !before.has(keyOf(n.channelName, n.unit)));
  report.skipped = plan.notices.length - open.length;

  // Claim.
  let mine: PlannedNotice[] = [];
  const redis = deps.redis;
  const redisKeyOf = (n: PlannedNotice) => ["dutyboard", "remind", day, n.channelName, n.unit].join(":");
  if (redis) {
    for (const n of open) {
      if ((await redis.set(redisKeyOf(n), runId, "EX", 2 * 86_400, "NX")) === "OK") mine.push(n);
    }
  } else if (open.length > 0) {
    const at = wallClockIn(tz, now());
    const failed = await appendLedger(
      deps.store,
      open.flatMap((n) => ledgerRows(at, n, `发送中 #${runId}`)),
      deps.ledgerWaitMs,
    );
    if (failed) {
      report.problems.unshift(`${failed}；本次未发送`);
      report.skipped = plan.notices.length;
      return report;
    }
    const after = claimsOn(ledgerOf(await deps.store.readAll()).rows, day);
    mine = open.filter((n) => {
      const c = after.get(keyOf(n.channelName, n.unit));
      return c?.state === "claimed" && c.owner === runId;
    });
  }
  report.skipped += open.length - mine.length;

  // Send: channels in parallel, one channel's messages in order and paced.
  const byChannel = new Map<string, PlannedNotice[]>();
  for (const n of mine) byChannel.set(n.channelName, [...(byChannel.get(n.channelName) ?? []), n]);
  const results: { notice: PlannedNotice; outcome: NoticeOutcome }[] = [];
  await inBatches([...byChannel.values()], deps.concurrency ?? 8, async (notices) => {
    const first = notices[0];
    if (!first) return;
    // A second and a half more than the platform's minute: the robot counts on arrival, and the
    // first request of a run (a new connection) arrives later after its send than the 21st does.
    const pacer = new RatePacer(deps.ratePerMinute?.[first.channel.type] ?? RATE_PER_MINUTE[first.channel.type], 61_500);
    for (const notice of notices) {
      let error: string | undefined;
      let messages = 0;
      for (const part of notice.message.parts) {
        await pacer.take();
        const r = await sendMessage(notice.channel, notice.message.title, part, {
          ...(deps.mailer && { mailer: deps.mailer }),
          ...(deps.timeoutMs && { timeoutMs: deps.timeoutMs }),
        });
        if (!r.ok) {
          error = r.error;
          break;
        }
        messages++;
      }
      const outcome: NoticeOutcome = {
        channelName: notice.channelName,
        channelType: notice.channel.type,
        unit: notice.unit,
        messages,
        ok: !error,
        ...(error && { error }),
      };
      report.messagesByType[notice.channel.type] = (report.messagesByType[notice.channel.type] ?? 0) + messages;
      results.push({ notice, outcome });
    }
  });

  // Record.
  const at = wallClockIn(tz, now());
  const rows = results.flatMap(({ notice, outcome }) => ledgerRows(at, notice, outcome.ok ? `已发送 #${runId}` : `失败 #${runId}：${outcome.error ?? ""}`));
  for (const { notice, outcome } of results) {
    (outcome.ok ? report.sent : report.failed).push(outcome);
    if (!outcome.ok && redis) {
      if ((await redis.get(redisKeyOf(notice))) === runId) await redis.del(redisKeyOf(notice));
    }
  }
  const unrecorded = await appendLedger(deps.store, rows, deps.ledgerWaitMs);
  if (unrecorded) {
    report.unrecorded = unrecorded;
    console.error(`提醒记录未能写入（${unrecorded}）：`, JSON.stringify(rows));
  }
  report.failed.sort((a, b) => a.channelName.localeCompare(b.channelName));
  return report;
}

/** What the next run would send: the plan less what today's ledger already holds. */
export function previewRun(dataset: Dataset, channels: ChannelsConfig, today: IsoDate, baseUrl: string, day: IsoDate): RunPlan & { alreadySent: number } {
  const plan = planRun(dataset, channels, today, baseUrl);
  const claims = claimsOn(dataset.reminders.rows, day);
  const notices = plan.notices.filter((n) => !claims.has(keyOf(n.channelName, n.unit)));
  return { notices, problems: plan.problems, issues: plan.issues, alreadySent: plan.notices.length - notices.length };
}

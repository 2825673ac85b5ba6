import "server-only";
/**
 * The reminders' data layer for pages and actions: only an admin gets
 * anything here (checked next to the data, whatever the page checked).
 * Channel secrets never leave this module: pages get MaskedChannel.
 */
import { randomBytes } from "node:crypto";
import { todayIn, wallClockIn } from "../clock";
import { can, type Viewer } from "../auth/roles";
import {
  dialectOf,
  channelsSource,
  ChannelsError,
  type ChannelsErrorCode,
  loadChannels,
  maskChannel,
  updateChannels,
  type Channel,
  type ChannelsConfig,
  type MaskedChannel,
} from "../reminders/channels";
import { configuredMailer, siteBaseUrl } from "../reminders/configured";
import { appendLedger, previewRun, type PlannedNotice, type ReminderIssue, taskUrl } from "../reminders/run";
import { sendMail, sendMessage } from "../reminders/send";
import { renderUrge } from "../domain/reminders";
import { isOpen } from "../domain/tasks";
import { tasksTab, type ReminderRecord } from "../schema/tabs";
import { getStore } from "../sheets";
import { invalidateDataset, loadDataset, timeZoneOf, today } from "./dataset";
import { recordAudit } from "./writes";
import type { Notice } from "../i18n";

function isAdmin(viewer: Viewer): viewer is Extract<Viewer, { kind: "user" }> {
  return viewer.kind === "user" && can(viewer, "admin");
}

export interface ReminderAdminView {
  source: "env" | "file";
  /** Why the channels cannot be read: a notice code and its parameters (lib/i18n words them). */
  channelsError?: { code: ChannelsErrorCode; params: Readonly<Record<string, string | number>> };
  channels: MaskedChannel[];
  ledgerUsable: boolean;
  today: string;
  alreadySent: number;
  preview: { unit: string; channelName: string; typeLabel: string; title: string; parts: string[] }[];
  /** What keeps a notice from going anywhere, by code (lib/i18n `notices` words them). */
  problems: ReminderIssue[];
  runs: ReminderRecord[];
}

/** Everything /admin/reminders shows, or null for anyone but an admin. */
export async function reminderAdminView(viewer: Viewer, baseUrl?: string): Promise<ReminderAdminView | null> {
  if (!isAdmin(viewer)) return null;
  const source = channelsSource();
  let config: ChannelsConfig = { version: 1, channels: {}, digest: [] };
  let channelsError: ReminderAdminView["channelsError"];
  try {
    config = await loadChannels();
  } catch (e) {
    if (!(e instanceof ChannelsError)) throw e;
    channelsError = { code: e.code, params: e.params };
  }
  const dataset = await loadDataset();
  const day = todayIn(timeZoneOf(dataset));
  const plan = previewRun(dataset, config, today(), siteBaseUrl(baseUrl), day);
  const masked = Object.entries(config.channels).map(([name, c]) => maskChannel(name, c, config));
  const typeLabel = (n: PlannedNotice) => masked.find((m) => m.name === n.channelName)?.typeLabel ?? n.channel.type;
  const finished = dataset.reminders.rows.filter((r) => !(r.result ?? "").startsWith("发送中"));
  const failed = (r: ReminderRecord) => (r.result ?? "").startsWith("失败");
  const runs = [...finished]
    .reverse()
    .slice(0, 200)
    .sort((a, b) => Number(failed(b)) - Number(failed(a)) || b.at.localeCompare(a.at))
    .slice(0, 60);
  return {
    source: source.kind,
    ...(channelsError && { channelsError }),
    channels: masked,
    ledgerUsable: dataset.reminders.usable,
    today: today(),
    alreadySent: plan.alreadySent,
    preview: plan.notices.map((n) => ({ unit: n.unit, channelName: n.channelName, typeLabel: typeLabel(n), title: n.message.title, parts: n.message.parts })),
    problems: plan.issues,
    runs,
  };
}

export type ReminderActionResult = { ok: boolean; message: string };

export async function sendTestMessage(
  viewer: Viewer,
  name: string,
  words: {
    title: string;
    body: (name: string, at: string) => string;
    sent: (n: string) => string;
    failed: (n: string, why: Notice) => string;
    unknown: string;
    adminOnly: string;
  },
): Promise<ReminderActionResult> {
  if (!isAdmin(viewer)) return { ok: false, message: words.adminOnly };
  const config = await loadChannels();
  const channel = config.channels[name];
  if (!channel) return { ok: false, message: words.unknown };
  const dataset = await loadDataset();
  const at = wallClockIn(timeZoneOf(dataset)).replace("T", " ");
  const mailer = configuredMailer();
  const result = await sendMessage(channel, words.title, words.body(name, at), { ...(mailer && { mailer }) });
  return result.ok ? { ok: true, message: words.sent(name) } : { ok: false, message: words.failed(name, result.notice) };
}

export async function saveChannel(viewer: Viewer, name: string, channel: Channel, digest: boolean): Promise<void> {
  if (!isAdmin(viewer)) throw new ChannelsError("只有管理员可以修改通知渠道。", "channels.admin-only");
  await updateChannels((config) => {
    const previous = config.channels[name];
    // A secret left blank keeps the one already stored (the form never shows it).
    if (
      previous &&
      previous.type === channel.type &&
      "secret" in previous &&
      previous.secret &&
      (channel.type === "dingtalk" || channel.type === "feishu") &&
      !channel.secret
    ) {
      channel.secret = previous.secret;
    }
    config.channels[name] = channel;
    config.digest = config.digest.filter((d) => d !== name).concat(digest ? [name] : []);
  });
}

export async function removeChannel(viewer: Viewer, name: string): Promise<boolean> {
  if (!isAdmin(viewer)) throw new ChannelsError("只有管理员可以修改通知渠道。", "channels.admin-only");
  let existed = false;
  await updateChannels((config) => {
    existed = name in config.channels;
    delete config.channels[name];
    config.digest = config.digest.filter((d) => d !== name);
  });
  return existed;
}

/** How often a task was urged, and when last, from 提醒记录. */
export function urgeHistory(rows: readonly ReminderRecord[], taskId: string): { count: number; last?: string } {
  const sent = rows.filter((r) => r.kind === "催办" && r.taskId === taskId && (r.result ?? "").startsWith("已发送"));
  // One 催办 writes a row per target, all with its run's number (「已发送 #…」): two within the same second are still two.
  const urges = new Set(sent.map((r) => /#(\S+)/u.exec(r.result ?? "")?.[1] ?? r.at));
  const last = sent
    .map((r) => r.at)
    .sort()
    .at(-1);
  return { count: urges.size, ...(last && { last: last.replace("T", " ").slice(0, 16) }) };
}

export type UrgeOutcome =
  | { ok: true; sentTo: string[]; failed: { target: string; error: string; notice: Notice }[] }
  | { ok: false; reason: "forbidden" | "not-found" | "not-open" | "no-target" | "no-ledger"; unit?: string };

/**
 * 催办 by hand: the lead unit's channels and the 责任人's e-mail (where the
 * 用户 tab knows one) get the notice now; each send is recorded in 提醒记录
 * and the press in 操作日志.
 */
export async function urgeTask(viewer: Viewer, taskId: string, baseUrl?: string): Promise<UrgeOutcome> {
  if (!isAdmin(viewer)) return { ok: false, reason: "forbidden" };
  const dataset = await loadDataset();
  const task = dataset.tasks.find((t) => t.id === taskId);
  if (!task) return { ok: false, reason: "not-found" };
  if (!isOpen(task)) return { ok: false, reason: "not-open" };
  if (!dataset.reminders.usable) return { ok: false, reason: "no-ledger" };
  const config = await loadChannels();
  const unit = dataset.units.find((u) => u.name === task.leadUnit);
  const channels = (unit?.channels ?? []).flatMap((name) => (config.channels[name] ? [[name, config.channels[name]] as const] : []));
  const ownerMails = task.owner
    ? dataset.users.filter((u) => u.name === task.owner && u.active !== false && /^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(u.login)).map((u) => u.login)
    : [];
  const mailer = configuredMailer();
  if (channels.length === 0 && (ownerMails.length === 0 || !mailer)) return { ok: false, reason: "no-target", unit: task.leadUnit };

  const tz = timeZoneOf(dataset);
  const day = today();
  const link = taskUrl(siteBaseUrl(baseUrl))(task.id);
  const runId = randomBytes(6).toString("hex");
  const outcomes: { target: string; error?: string; notice?: Notice }[] = [];
  for (const [name, channel] of channels) {
    const message = renderUrge(task, dialectOf(channel), link, day);
    let failure: { error: string; notice: Notice } | undefined;
    for (const part of message.parts) {
      const r = await sendMessage(channel, message.title, part, { ...(mailer && { mailer }) });
      if (!r.ok) {
        failure = { error: r.error, notice: r.notice };
        break;
      }
    }
    outcomes.push({ target: name, ...failure });
  }
  if (mailer && ownerMails.length > 0) {
    const message = renderUrge(task, "email", link, day);
    const r = await sendMail(mailer, ownerMails, message.title, message.parts.join("\n\n"));
    outcomes.push({ target: `邮件 ${ownerMails.join(", ")}`, ...(!r.ok && { error: r.error, notice: r.notice }) });
  }
  const at = { dateTime: wallClockIn(tz) };
  const store = await getStore();
  await appendLedger(
    store,
    outcomes.map((o) => ({
      at,
      channel: o.target,
      unit: task.leadUnit,
      taskId: task.id,
      kind: "催办",
      result: o.error ? `失败 #${runId}：${o.error}` : `已发送 #${runId}`,
    })),
  );
  await recordAudit({ login: viewer.login }, [
    {
      action: "催办",
      spec: tasksTab,
      rowId: task.id,
      before: null,
      after: {
        发送到: outcomes
          .filter((o) => !o.error)
          .map((o) => o.target)
          .join("、"),
        失败: outcomes
          .filter((o) => o.error)
          .map((o) => `${o.target}：${o.error}`)
          .join("；"),
      },
    },
  ]);
  await invalidateDataset();
  return {
    ok: true,
    sentTo: outcomes.filter((o) => !o.error).map((o) => o.target),
    failed: outcomes.flatMap((o) => (o.error && o.notice ? [{ target: o.target, error: o.error, notice: o.notice }] : [])),
  };
}

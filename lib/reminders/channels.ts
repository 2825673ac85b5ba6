/**
 * Reminder channels: where each unit's notices go. Webhook URLs (their key or
 * access token) and signing secrets are credentials, so they live server-side
 * only: in a file beside the accounts file (owner-only, 0600), or on hosts
 * without a writable disk in REMINDER_CHANNELS_JSON (then read-only). The
 * 单位 tab's 通知渠道 names channels; nothing secret is ever in the sheet or
 * sent to a browser (see maskChannel).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Dialect } from "../domain/reminders";
import { env } from "../env";
import { withFileLock } from "../sheets";

const webhook = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//u.test(u), "must start with http:// or https://");

const channelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("wecom"), url: webhook }),
  z.object({ type: z.literal("dingtalk"), url: webhook, secret: z.string().min(1).optional() }),
  z.object({ type: z.literal("feishu"), url: webhook, secret: z.string().min(1).optional() }),
  z.object({ type: z.literal("email"), to: z.array(z.string().email()).min(1) }),
]);

export type Channel = z.infer<typeof channelSchema>;
export type ChannelType = Channel["type"];

const configSchema = z.object({
  version: z.literal(1).default(1),
  channels: z.record(z.string().min(1).max(60), channelSchema).default({}),
  /** Channels that get the county-wide digest (the organisation department's). */
  digest: z.array(z.string()).default([]),
});

export type ChannelsConfig = z.infer<typeof configSchema>;

export const EMPTY_CHANNELS: ChannelsConfig = { version: 1, channels: {}, digest: [] };

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  wecom: "企业微信群机器人",
  dingtalk: "钉钉自定义机器人",
  feishu: "飞书自定义机器人",
  email: "电子邮件",
};

export function dialectOf(channel: Channel): Dialect {
  return channel.type;
}

/** Why the channels cannot be read or changed: a code and its parameters, worded by lib/i18n (`notices`); the message is for the log. */
export type ChannelsErrorCode = "channels.bad-json" | "channels.bad-format" | "channels.env-only" | "channels.admin-only";

export class ChannelsError extends Error {
  constructor(
    message: string,
    readonly code: ChannelsErrorCode,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = "ChannelsError";
  }
}

/** Parses the JSON of the channels file or variable; a bad one is said precisely. */
export function parseChannels(text: string, source: string, file?: string): ChannelsConfig {
  const where = { source: file ?? source, file: file ? 1 : 0 };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChannelsError(`${source} 不是有效的 JSON`, "channels.bad-json", where);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const url = first?.path.at(-1) === "url" ? 1 : 0;
    throw new ChannelsError(`${source} 格式不正确：${first ? `${first.path.join(".")} ${first.message}` : ""}`, "channels.bad-format", {
      ...where,
      path: first?.path.join(".") ?? "",
      url,
    });
  }
  return parsed.data;
}

/** The channels file: beside the accounts file. */
export function channelsFile(): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ env().ACCOUNTS_FILE)), "reminder-channels.json");
}

export type ChannelsSource = { kind: "env"; readOnly: true } | { kind: "file"; file: string; readOnly: false };

export function channelsSource(): ChannelsSource {
  return env().REMINDER_CHANNELS_JSON ? { kind: "env", readOnly: true } : { kind: "file", file: channelsFile(), readOnly: false };
}

export async function loadChannels(file?: string): Promise<ChannelsConfig> {
  const json = file ? undefined : env().REMINDER_CHANNELS_JSON;
  if (json) return parseChannels(json, "REMINDER_CHANNELS_JSON");
  const target = file ?? channelsFile();
  try {
    return parseChannels(await readFile(target, "utf8"), `通知渠道文件 ${target}`, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return structuredClone(EMPTY_CHANNELS);
    throw e;
  }
}

/** Changes the channels file under its lock, written owner-only. */
export async function updateChannels(change: (config: ChannelsConfig) => void, target?: string): Promise<ChannelsConfig> {
  if (!target && env().REMINDER_CHANNELS_JSON)
    throw new ChannelsError("通知渠道由环境变量 REMINDER_CHANNELS_JSON 提供，只能在部署平台修改", "channels.env-only");
  const file = target ?? channelsFile();
  await mkdir(path.dirname(file), { recursive: true });
  let result = EMPTY_CHANNELS;
  await withFileLock(file, async () => {
    const config = await loadChannels(file);
    change(config);
    const checked = configSchema.parse(config);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
    result = checked;
  });
  return result;
}

/** What a browser may see of a channel: its kind and where it points, never a key, token or secret. */
export interface MaskedChannel {
  name: string;
  type: ChannelType;
  typeLabel: string;
  /** Host and path, the query's key/token shown as its last 4 characters. */
  target: string;
  signed: boolean;
  digest: boolean;
}

function maskSecret(value: string): string {
  return value.length <= 4 ? "••••" : `••••${value.slice(-4)}`;
}

export function maskChannel(name: string, channel: Channel, config: ChannelsConfig): MaskedChannel {
  const base = { name, type: channel.type, typeLabel: CHANNEL_TYPE_LABELS[channel.type], digest: config.digest.includes(name) };
  if (channel.type === "email") return { ...base, target: channel.to.join(", "), signed: false };
  const url = new URL(channel.url);
  // Feishu's token is the last path segment; WeCom's and DingTalk's are query values.
  const segments = url.pathname.split("/");
  const last = segments.at(-1) ?? "";
  if (channel.type === "feishu" && last) segments[segments.length - 1] = maskSecret(last);
  const query = [...url.searchParams.entries()].map(([k, v]) => `${k}=${maskSecret(v)}`).join("&");
  return {
    ...base,
    target: `${url.protocol}//${url.host}${segments.join("/")}${query ? `?${query}` : ""}`,
    signed: "secret" in channel && Boolean(channel.secret),
  };
}

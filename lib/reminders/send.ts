/**
 * Sending one message to one channel, as each platform documents it:
 * - WeCom group robot: POST {msgtype:"markdown", markdown:{content}} to the webhook;
 * - DingTalk custom robot: the same with {title, text}; with 加签, the URL gets
 *   timestamp (ms) and sign = base64(HMAC-SHA256(key=secret, timestamp+"\n"+secret)), URL-encoded;
 * - Feishu custom bot: an interactive card with a markdown element; with 签名校验, the body
 *   gets timestamp (s) and sign = base64(HMAC-SHA256(key=timestamp+"\n"+secret, "")).
 * - e-mail through nodemailer (SMTP_URL, MAIL_FROM).
 * Every failure comes back as a value (never thrown), so one channel cannot stop the others.
 */
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import { type Notice, noticeText } from "../i18n";
import { zh } from "../i18n/zh";
import type { Channel } from "./channels";

/** A failure: `notice` for the page (worded in the viewer's language), `error` its Chinese words for 提醒记录 and the log. */
export type SendResult = { ok: true } | { ok: false; notice: Notice; error: string; rateLimited?: boolean };

function failed(notice: Notice, rateLimited = false): SendResult {
  return { ok: false, notice, error: noticeText(zh, notice), ...(rateLimited && { rateLimited }) };
}

export interface Mailer {
  smtpUrl: string;
  from: string;
}

export interface SendOptions {
  timeoutMs?: number;
  mailer?: Mailer;
  now?: () => number;
}

/** Rate-limit answers: WeCom 45009, DingTalk 130101, Feishu 11232. */
const RATE_LIMIT_CODES = new Set([45009, 130101, 11232]);

export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return timeout
      ? failed({ code: "send.timeout", params: { seconds: Math.round(timeoutMs / 1000) } })
      : failed({ code: "send.unreachable", params: { detail: e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e) } });
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) return failed({ code: "send.http", params: { status: response.status, body: text.slice(0, 200) } });
  let json: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return failed({ code: "send.not-json", params: { body: text.slice(0, 200) } });
  }
  const code = json.errcode ?? json.code ?? json.StatusCode ?? 0;
  if (code === 0) return { ok: true };
  return failed({ code: "send.refused", params: { errcode: code, body: json.errmsg ?? json.msg ?? "" } }, RATE_LIMIT_CODES.has(code));
}

/** Sends one message (already within the channel's size limit). */
export async function sendMessage(channel: Channel, title: string, text: string, opts: SendOptions = {}): Promise<SendResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  switch (channel.type) {
    case "wecom":
      return postJson(channel.url, { msgtype: "markdown", markdown: { content: text } }, timeoutMs);
    case "dingtalk": {
      let url = channel.url;
      if (channel.secret) {
        const timestamp = String(now());
        const signed = new URL(url);
        signed.searchParams.set("timestamp", timestamp);
        signed.searchParams.set("sign", dingtalkSign(timestamp, channel.secret));
        url = signed.toString();
      }
      return postJson(url, { msgtype: "markdown", markdown: { title, text } }, timeoutMs);
    }
    case "feishu": {
      const timestamp = String(Math.floor(now() / 1000));
      const signature = channel.secret ? { timestamp, sign: feishuSign(timestamp, channel.secret) } : {};
      const card = {
        config: { wide_screen_mode: true },
        header: { title: { tag: "plain_text", content: title } },
        elements: [{ tag: "markdown", content: text }],
      };
      return postJson(channel.url, { ...signature, msg_type: "interactive", card }, timeoutMs);
    }
    case "email": {
      if (!opts.mailer) return failed({ code: "send.no-mailer" });
      return sendMail(opts.mailer, channel.to, title, text, timeoutMs);
    }
  }
}

const transports = new Map<string, nodemailer.Transporter>();

export async function sendMail(mailer: Mailer, to: string[], subject: string, text: string, timeoutMs = 10_000): Promise<SendResult> {
  let transport = transports.get(mailer.smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(mailer.smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transports.set(mailer.smtpUrl, transport);
  }
  try {
    await transport.sendMail({ from: mailer.from, to, subject, text });
    return { ok: true };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; message?: string };
    return err.responseCode
      ? failed({ code: "send.smtp", params: { status: err.responseCode, body: err.response ?? "" } })
      : failed({ code: "send.mail-failed", params: { detail: err.message ?? String(e) } });
  }
}

/**
 * At most `limit` messages per window to one robot (20 a minute for WeCom and
 * DingTalk): the next message waits until the oldest in the window has aged out.
 */
export class RatePacer {
  private sent: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before the next message may go. */
  delay(): number {
    const now = this.clock();
    this.sent = this.sent.filter((t) => now - t < this.windowMs);
    const oldest = this.sent[0];
    return this.sent.length < this.limit || oldest === undefined ? 0 : oldest + this.windowMs - now;
  }

  async take(): Promise<void> {
    for (let wait = this.delay(); wait > 0; wait = this.delay()) await new Promise((r) => setTimeout(r, wait));
    this.sent.push(this.clock());
  }
}

/** Messages a minute each platform accepts from one robot: WeCom and DingTalk 20, Feishu 100. */
export const RATE_PER_MINUTE: Record<Channel["type"], number> = { wecom: 20, dingtalk: 20, feishu: 100, email: 60 };

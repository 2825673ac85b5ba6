/**
 * Loopback stand-ins for the three group robots and an SMTP server, checking
 * what the platforms document: the message format and size, DingTalk's 加签
 * and Feishu's 签名校验 (HMAC-SHA256 of timestamp + "\n" + secret, base64, the
 * timestamp within an hour), errcode 0 on success and each platform's
 * rate-limit errcode past its per-minute limit (WeCom 45009 and DingTalk
 * 130101 past 20, Feishu 11232 past 100). Nothing here is the app's code.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Platform = "wecom" | "dingtalk" | "feishu";

export interface RobotMessage {
  platform: Platform;
  token: string;
  title?: string;
  text: string;
  at: number;
}

export type FailMode = "http-500" | "errcode" | "hang";

export interface RobotOptions {
  /** Added before each answer (the benchmark's 200 ms). */
  latencyMs?: number;
  perMinute?: Partial<Record<Platform, number>>;
}

const LIMITS: Record<Platform, number> = { wecom: 20, dingtalk: 20, feishu: 100 };

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export class RobotServers {
  readonly messages: RobotMessage[] = [];
  /** Requests refused, with the reason (bad signature, bad format). */
  readonly refusals: { platform: Platform; token: string; reason: string }[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly failing = new Map<string, FailMode>();
  private readonly windows = new Map<string, number[]>();
  private server?: Server;
  base = "";

  constructor(private readonly options: RobotOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, json }) => {
          res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** The signing secret a DingTalk or Feishu robot was given. */
  setSecret(token: string, secret: string) {
    this.secrets.set(token, secret);
  }

  fail(token: string, mode: FailMode | undefined) {
    if (mode) this.failing.set(token, mode);
    else this.failing.delete(token);
  }

  wecomUrl(key: string) {
    return `${this.base}/cgi-bin/webhook/send?key=${key}`;
  }

  dingtalkUrl(token: string) {
    return `${this.base}/robot/send?access_token=${token}`;
  }

  feishuUrl(token: string) {
    return `${this.base}/open-apis/bot/v2/hook/${token}`;
  }

  to(token: string): RobotMessage[] {
    return this.messages.filter((m) => m.token === token);
  }

  private overLimit(platform: Platform, token: string): boolean {
    const now = Date.now();
    const list = (this.windows.get(token) ?? []).filter((t) => now - t < 60_000);
    list.push(now);
    this.windows.set(token, list);
    return list.length > (this.options.perMinute?.[platform] ?? LIMITS[platform]);
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; json: unknown }> {
    const url = new URL(req.url ?? "/", "http://x");
    const text = await bodyOf(req);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    let platform: Platform;
    let token: string;
    if (url.pathname === "/cgi-bin/webhook/send") [platform, token] = ["wecom", url.searchParams.get("key") ?? ""];
    else if (url.pathname === "/robot/send") [platform, token] = ["dingtalk", url.searchParams.get("access_token") ?? ""];
    else if (url.pathname.startsWith("/open-apis/bot/v2/hook/")) [platform, token] = ["feishu", url.pathname.split("/").at(-1) ?? ""];
    else return { status: 404, json: {} };
    const refuse = (reason: string, json: unknown) => {
      this.refusals.push({ platform, token, reason });
      return { status: 200, json };
    };
    const mode = this.failing.get(token);
    if (mode === "http-500") return { status: 500, json: { error: "internal" } };
    if (mode === "hang") await new Promise((r) => setTimeout(r, 30_000));
    if (mode === "errcode")
      return platform === "feishu"
        ? { status: 200, json: { code: 9499, msg: "Bad Request" } }
        : { status: 200, json: { errcode: 93000, errmsg: "invalid webhook url" } };
    if (req.method !== "POST" || !/^application\/json/u.test(req.headers["content-type"] ?? ""))
      return refuse("not a JSON POST", { errcode: 40008, errmsg: "invalid message type" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return refuse("body is not JSON", { errcode: 40035, errmsg: "invalid parameter" });
    }

    if (platform === "wecom") {
      const md = body.markdown as { content?: unknown } | undefined;
      if (body.msgtype !== "markdown" || typeof md?.content !== "string")
        return refuse("not a markdown message", { errcode: 40008, errmsg: "invalid message type" });
      if (Buffer.byteLength(md.content) > 4096) return refuse("content over 4096 bytes", { errcode: 40058, errmsg: "markdown.content exceed max length 4096" });
      if (this.overLimit(platform, token)) return { status: 200, json: { errcode: 45009, errmsg: "api freq out of limit" } };
      this.messages.push({ platform, token, text: md.content, at: Date.now() });
      return { status: 200, json: { errcode: 0, errmsg: "ok" } };
    }

    if (platform === "dingtalk") {
      const secret = this.secrets.get(token);
      if (secret) {
        const timestamp = url.searchParams.get("timestamp") ?? "";
        const sign = url.searchParams.get("sign") ?? "";
        const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
        if (!/^\d{13}$/u.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 3_600_000 || !equal(sign, expected)) {
          return refuse("sign not match", { errcode: 310000, errmsg: "sign not match" });
        }
      }
      const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (body.msgtype !== "markdown" || typeof md?.title !== "string" || typeof md.text !== "string")
        return refuse("not a markdown message", { errcode: 40035, errmsg: "缺少参数 markdown" });
      if (Buffer.byteLength(text) > 20_000) return refuse("body over 20000 bytes", { errcode: 460101, errmsg: "message too long" });
      if (this.overLimit(platform, token)) return { status: 200, json: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" } };
      this.messages.push({ platform, token, title: md.title, text: md.text, at: Date.now() });
      return { status: 200, json: { errcode: 0, errmsg: "ok" } };
    }

    const secret = this.secrets.get(token);
    if (secret) {
      const timestamp = String(body.timestamp ?? "");
      const expected = createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
      if (!/^\d{10}$/u.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600 || !equal(String(body.sign ?? ""), expected)) {
        return refuse("sign match fail", { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" });
      }
    }
    const card = body.card as { header?: { title?: { content?: unknown } }; elements?: { tag?: unknown; content?: unknown }[] } | undefined;
    const element = card?.elements?.find((e) => e.tag === "markdown");
    if (body.msg_type !== "interactive" || typeof element?.content !== "string")
      return refuse("not an interactive card with markdown", { code: 9499, msg: "Bad Request" });
    if (Buffer.byteLength(text) > 20 * 1024) return refuse("body over 20 KB", { code: 9499, msg: "request body too large" });
    if (this.overLimit(platform, token)) return { status: 200, json: { code: 11232, msg: "frequency limited" } };
    const title = card?.header?.title?.content;
    this.messages.push({ platform, token, ...(typeof title === "string" && { title }), text: element.content, at: Date.now() });
    return { status: 200, json: { code: 0, data: {}, msg: "success" } };
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on loopback; each message parsed back with mailparser. */
export class MailSink {
  readonly mails: ReceivedMail[] = [];
  private readonly refused = new Set<string>();
  private server?: SMTPServer;
  port = 0;

  refuse(address: string) {
    this.refused.add(address.toLowerCase());
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address.toLowerCase())) return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
            this.mails.push({ from: mail.from?.value[0]?.address ?? "", to, subject: mail.subject ?? "", text: mail.text ?? "" });
            callback();
          },
          (e: Error) => callback(e),
        );
      },
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop() {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

import { z } from "zod";

/**
 * Every environment variable the app reads, validated once. Nothing else reads
 * process.env: a bad value fails at start-up with its name, not mid-request.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHEETS_BACKEND: z.enum(["xlsx", "google"]).default("xlsx"),
    DATA_FILE: z.string().min(1).default("data/dutyboard.xlsx"),
    DATA_BACKUPS: z.coerce.number().int().min(0).max(1000).default(10),
    GOOGLE_SHEETS_ID: z.string().min(1).optional(),
    GOOGLE_SERVICE_ACCOUNT_JSON: z.string().min(1).optional(),
    GOOGLE_APPLICATION_CREDENTIALS: z.string().min(1).optional(),
    SHEETS_EMULATOR_HOST: z
      .string()
      .regex(/^[\w.-]+:\d+$/u, "SHEETS_EMULATOR_HOST 应为 host:port")
      .optional(),
    /** The time zone "today" is counted in, and app-written times are shown in. */
    APP_TIME_ZONE: z.string().default("Asia/Shanghai"),
    ADMIN_LOGINS: z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET 至少需要 32 个字符（例如 `openssl rand -base64 32` 的输出）").optional(),
    NEXTAUTH_URL: z.string().url().optional(),
    ACCOUNTS_FILE: z.string().default("data/accounts.json"),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** The OpenID Connect button's label on the sign-in page. */
    OIDC_NAME: z.string().min(1).default("统一身份认证"),
    /** Signs meeting-screen links; derived from NEXTAUTH_SECRET when unset. */
    SCREEN_LINK_SECRET: z.string().min(32).optional(),
    /** Failed sign-ins allowed per login and per client address within the window. */
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    REVALIDATE_SECRET: z.string().min(16).optional(),
    /** Proxies (comma-separated IPs) whose X-Forwarded-For is believed; without them the socket address counts. */
    TRUSTED_PROXIES: z.string().optional(),
    /** The Chromium that renders the meeting pack PDF (Debian's package by default). */
    CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
    /** Pretends today is this date: demos and tests of a fixed year. */
    DUTYBOARD_TODAY: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/u)
      .optional(),
    /** Set by `npm run demo` (and the end-to-end server) for its own server: the sign-in page may name the demo logins. */
    DUTYBOARD_DEMO: z.enum(["1"]).optional(),
    /** Shared state of several instances (snapshot, sign-in counters, screen links, once-only work); one instance works without it. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/u, "REDIS_URL 应以 redis:// 或 rediss:// 开头")
      .optional(),
    /** Local accounts as JSON (the same as the accounts file), for hosts without a writable disk. */
    ACCOUNTS_JSON: z.string().min(2).optional(),
    /** Reminder channels as JSON (the same as the channels file), for hosts without a writable disk. */
    REMINDER_CHANNELS_JSON: z.string().min(2).optional(),
    /** Outgoing mail for reminders, e.g. smtp://user:pass@mail.example.gov.cn:587. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/u, "SMTP_URL 应以 smtp:// 或 smtps:// 开头")
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
    /** The bearer that scheduled runs (Vercel Cron, a crontab) send to /api/cron/*. */
    CRON_SECRET: z.string().min(16, "CRON_SECRET 至少需要 16 个字符").optional(),
    /** Set by Vercel on its functions: the disk is read-only but for /tmp (see lib/state/serverless.ts). */
    VERCEL: z.string().optional(),
    /** 1: behave as on a serverless host (write nothing but /tmp), wherever this runs. */
    DUTYBOARD_READONLY: z.enum(["1"]).optional(),
    /** A CJK font (a file path or https URL) the serverless Chromium loads for the meeting pack, which ships no Chinese font. */
    PACK_FONT: z.string().min(1).optional(),
    /** Rows of a tab in the year above which /visits and /tasks filter, sort, search and page on the server (issue 18). */
    TABLE_SERVER_ROWS: z.coerce.number().int().min(0).max(100_000_000).default(3000),
    /** How such a table answers a view change: `json` fetches only its page; `navigate` re-renders the whole page on the server (the earlier path, kept for bench/big-table.ts). */
    TABLE_VIEW_FETCH: z.enum(["json", "navigate"]).default("json"),
  })
  .superRefine((env, ctx) => {
    if (env.SHEETS_BACKEND === "google" && !env.GOOGLE_SHEETS_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_SHEETS_ID"],
        message: "SHEETS_BACKEND=google 时必须设置 GOOGLE_SHEETS_ID",
        params: { en: "must be set when SHEETS_BACKEND=google" },
      });
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_CLIENT_SECRET"],
        message: "Google 登录需要同时设置 GOOGLE_CLIENT_ID 和 GOOGLE_CLIENT_SECRET",
        params: { en: "Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET" },
      });
    }
    if (env.OIDC_ISSUER && !(env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_CLIENT_ID"],
        message: "设置了 OIDC_ISSUER 时必须同时设置 OIDC_CLIENT_ID 和 OIDC_CLIENT_SECRET",
        params: { en: "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too" },
      });
    }
  });

export type Env = z.infer<typeof schema>;

type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * A variable set to "" (common in hosting dashboards and `.env` files) counts
 * as unset, so its default applies. Every read of the environment goes
 * through here.
 */
export function envValue(name: string, source: EnvSource = process.env): string | undefined {
  const value = source[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** The environment without its empty variables. */
export function nonEmptyEnv(source: EnvSource = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(source)) {
    const value = envValue(name, source);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** What a variable expects, in both languages, for the start-up report. */
const EXPECTS: Partial<Record<string, { zh: string; en: string }>> = {
  NODE_ENV: { zh: "development、production 或 test", en: "development, production or test" },
  SHEETS_BACKEND: { zh: "xlsx 或 google", en: "xlsx or google" },
  DATA_BACKUPS: { zh: "0 到 1000 之间的整数", en: "a whole number from 0 to 1000" },
  SHEETS_EMULATOR_HOST: { zh: "host:port，例如 127.0.0.1:8555", en: "host:port, e.g. 127.0.0.1:8555" },
  NEXTAUTH_SECRET: {
    zh: "至少 32 个字符（例如 `openssl rand -base64 32` 的输出）",
    en: "at least 32 characters (e.g. the output of `openssl rand -base64 32`)",
  },
  NEXTAUTH_URL: { zh: "完整网址，例如 https://dutyboard.example.gov.cn", en: "a full URL, e.g. https://dutyboard.example.gov.cn" },
  OIDC_ISSUER: { zh: "完整网址（/.well-known/openid-configuration 之前的部分）", en: "a full URL (the part before /.well-known/openid-configuration)" },
  SCREEN_LINK_SECRET: { zh: "至少 32 个字符", en: "at least 32 characters" },
  SIGN_IN_MAX_FAILURES: { zh: "1 到 100 之间的整数", en: "a whole number from 1 to 100" },
  SIGN_IN_WINDOW_SECONDS: { zh: "1 到 86400 之间的整数（秒）", en: "a whole number of seconds from 1 to 86400" },
  REVALIDATE_SECRET: { zh: "至少 16 个字符", en: "at least 16 characters" },
  DUTYBOARD_DEMO: { zh: "1（或不设置）", en: "1 (or unset)" },
  REDIS_URL: { zh: "redis://host:port 形式的网址", en: "a URL like redis://host:port" },
  SMTP_URL: { zh: "smtp:// 或 smtps:// 开头的网址", en: "a URL starting with smtp:// or smtps://" },
  CRON_SECRET: { zh: "至少 16 个字符", en: "at least 16 characters" },
  DUTYBOARD_READONLY: { zh: "1（或不设置）", en: "1 (or unset)" },
  DUTYBOARD_TODAY: { zh: "YYYY-MM-DD 格式的日期，例如 2026-11-20", en: "a date as YYYY-MM-DD, e.g. 2026-11-20" },
  TABLE_SERVER_ROWS: { zh: "0 或正整数（行数）", en: "a whole number of rows, 0 or more" },
  TABLE_VIEW_FETCH: { zh: "json 或 navigate", en: "json or navigate" },
};

/** Values not repeated in the report: they are secrets. */
const SECRET = /SECRET|JSON|PASSWORD/u;

/** One problem with the environment, named and explained in Chinese and English. */
export interface EnvProblem {
  variable: string;
  zh: string;
  en: string;
}

export class EnvError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(formatEnvProblems(problems));
    this.name = "EnvError";
  }
}

export function formatEnvProblems(problems: readonly EnvProblem[]): string {
  const lines = problems.flatMap((p) => [`  ${p.variable}: ${p.zh}`, `  ${p.variable}: ${p.en}`]);
  return `环境变量无效，看板未启动 / Invalid environment, DutyBoard did not start:\n${lines.join("\n")}`;
}

function parseEnv(source: EnvSource): { ok: true; env: Env } | { ok: false; problems: EnvProblem[] } {
  const values = nonEmptyEnv(source);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, env: parsed.data };
  const problems = parsed.error.issues.map((issue): EnvProblem => {
    const variable = String(issue.path[0] ?? "?");
    const value = values[variable];
    const shown = value === undefined || SECRET.test(variable) ? "" : `「${value}」`;
    const shownEn = value === undefined || SECRET.test(variable) ? "" : ` ${JSON.stringify(value)}`;
    const expects = EXPECTS[variable];
    if (issue.code === "custom") {
      const en = (issue.params as { en?: unknown } | undefined)?.en;
      return { variable, zh: issue.message, en: typeof en === "string" ? en : issue.message };
    }
    // zod's own message is English; a variable added without an EXPECTS entry still gets named.
    if (!expects) return { variable, zh: `取值${shown}无效：${issue.message}`, en: `the value${shownEn} is invalid: ${issue.message}` };
    return { variable, zh: `取值${shown}无效，应为 ${expects.zh}`, en: `the value${shownEn} is invalid; expected ${expects.en}` };
  });
  return { ok: false, problems };
}

/** The environment's problems, without throwing (the start-up check itself is env() in instrumentation.ts). */
export function envProblems(source: EnvSource = process.env): EnvProblem[] {
  const result = parseEnv(source);
  return result.ok ? [] : result.problems;
}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new EnvError(result.problems);
  cached = result.env;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvForTests() {
  cached = undefined;
}

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
  })
  .superRefine((env, ctx) => {
    if (env.SHEETS_BACKEND === "google" && !env.GOOGLE_SHEETS_ID) {
      ctx.addIssue({ code: "custom", path: ["GOOGLE_SHEETS_ID"], message: "SHEETS_BACKEND=google 时必须设置 GOOGLE_SHEETS_ID" });
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["GOOGLE_CLIENT_SECRET"], message: "Google 登录需要同时设置 GOOGLE_CLIENT_ID 和 GOOGLE_CLIENT_SECRET" });
    }
    if (env.OIDC_ISSUER && !(env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["OIDC_CLIENT_ID"], message: "设置了 OIDC_ISSUER 时必须同时设置 OIDC_CLIENT_ID 和 OIDC_CLIENT_SECRET" });
    }
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`环境变量无效：\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvForTests() {
  cached = undefined;
}

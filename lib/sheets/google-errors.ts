/**
 * Every failure of the Google backend as one typed error with a message that
 * names what to fix. The transport turns whatever the client rejects with
 * (GaxiosError from the API or the token endpoint, key-parsing errors, timeouts)
 * into a SheetsError in one place: `sheetsErrorFrom`.
 */

export type SheetsErrorCode =
  /** The credentials themselves are wrong: no valid key, revoked, malformed. */
  | "auth"
  /** Valid credentials, but the spreadsheet is not shared with the service account. */
  | "permission"
  /** The Google Cloud project has not enabled the Sheets API. */
  | "api-disabled"
  /** No spreadsheet with that ID. */
  | "not-found"
  /** 429: the per-minute quota is spent. */
  | "quota"
  /** 5xx, a timeout, or the network: worth retrying. */
  | "unavailable"
  /** Google refused the request as malformed. */
  | "bad-request"
  /** A tab the request names is not (or no longer) in the spreadsheet. */
  | "missing-tab"
  /** create() would replace tabs that already hold data. */
  | "not-empty"
  /** The environment does not say which spreadsheet or which credentials. */
  | "config";

export class SheetsError extends Error {
  override readonly name = "SheetsError";

  constructor(
    readonly code: SheetsErrorCode,
    message: string,
    readonly extra: {
      /** HTTP status, when Google answered. */
      status?: number;
      /** No answer came back: a write may still be applied later by Google. */
      noResponse?: boolean;
      /** From a Retry-After header. */
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }

  /** Quota, 5xx, timeouts and network failures pass; everything else needs a person. */
  get transient(): boolean {
    return this.code === "quota" || this.code === "unavailable";
  }

  get noResponse(): boolean {
    return this.extra.noResponse === true;
  }
}

/** What the error messages need to name. */
export interface ErrorContext {
  spreadsheetId: string;
  /** The service account's e-mail, when known. */
  serviceAccount?: string;
  /** Where the credentials came from, for "check …" advice. */
  credentialsFrom: "GOOGLE_SERVICE_ACCOUNT_JSON" | "GOOGLE_APPLICATION_CREDENTIALS" | "emulator";
  emulatorHost?: string;
}

interface ApiErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: { "@type"?: string; reason?: string; metadata?: Record<string, string> }[];
  errors?: { reason?: string }[];
}

/** The fields of a GaxiosError this module reads; checked structurally so any gaxios copy works. */
interface ClientErrorShape {
  message: string;
  code?: string | number;
  status?: number;
  config?: { url?: string | URL };
  response?: { status?: number; data?: unknown; headers?: { get?: (name: string) => string | null } };
  cause?: unknown;
}

function isClientError(error: unknown): error is ClientErrorShape {
  return error instanceof Error && ("config" in error || "response" in error);
}

function apiErrorBody(data: unknown): ApiErrorBody | undefined {
  if (data && typeof data === "object" && "error" in data) {
    const inner = (data as { error: unknown }).error;
    if (inner && typeof inner === "object") return inner as ApiErrorBody;
  }
  return undefined;
}

/** OAuth token endpoint answers: `{ error: "invalid_grant", error_description }`. */
function oauthError(data: unknown): { error: string; description?: string } | undefined {
  if (data && typeof data === "object" && typeof (data as { error?: unknown }).error === "string") {
    const d = data as { error: string; error_description?: unknown };
    return { error: d.error, ...(typeof d.error_description === "string" && { description: d.error_description }) };
  }
  return undefined;
}

function reasonsOf(body: ApiErrorBody | undefined): string[] {
  return [...(body?.details ?? []).map((d) => d.reason ?? ""), ...(body?.errors ?? []).map((e) => e.reason ?? "")].filter(Boolean);
}

function retryAfterMs(headers: { get?: (name: string) => string | null } | undefined): number | undefined {
  const value = headers?.get?.("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || code === "TimeoutError" || code === "AbortError")) return code;
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") return name;
  }
  return undefined;
}

function credentialsAdvice(ctx: ErrorContext): string {
  return ctx.credentialsFrom === "GOOGLE_APPLICATION_CREDENTIALS"
    ? "请检查 GOOGLE_APPLICATION_CREDENTIALS 指向的服务账号 JSON 密钥文件是否存在、是否为最新的密钥"
    : "请检查 GOOGLE_SERVICE_ACCOUNT_JSON 是否为服务账号完整的 JSON 密钥（含 client_email 与 private_key），且该密钥未被删除或停用";
}

function account(ctx: ErrorContext): string {
  return ctx.serviceAccount ? `服务账号 ${ctx.serviceAccount}` : "服务账号";
}

export function authError(ctx: ErrorContext, detail: string, cause?: unknown): SheetsError {
  return new SheetsError("auth", `无法以${account(ctx)} 登录 Google（${detail}）：${credentialsAdvice(ctx)}。`, { cause });
}

export function notFoundError(ctx: ErrorContext, cause?: unknown): SheetsError {
  return new SheetsError("not-found", `找不到 ID 为「${ctx.spreadsheetId}」的 Google 表格：请检查 GOOGLE_SHEETS_ID（表格网址中 /d/ 与 /edit 之间的那一段）。`, {
    status: 404,
    cause,
  });
}

export function missingTabError(tab: string, cause?: unknown): SheetsError {
  return new SheetsError("missing-tab", `表格中没有工作表「${tab}」：请检查工作表名称是否被修改或删除。`, { status: 400, cause });
}

/** `answered`: the server replied (a 5xx), so it runs and only needs time; otherwise nothing answered. */
function unavailableMessage(ctx: ErrorContext, what: string, answered = false): string {
  if (!ctx.emulatorHost) return `暂时无法连接 Google 表格（${what}）：请稍后重试。`;
  return answered
    ? `表格模拟器 ${ctx.emulatorHost} 暂时不可用（${what}）：请稍后重试。`
    : `无法连接表格模拟器 ${ctx.emulatorHost}（${what}）：请先运行 npm run sheets:emulator，或检查 SHEETS_EMULATOR_HOST。`;
}

/** Turns anything the client rejects with into a SheetsError; the one place that decides what a failure means. */
export function sheetsErrorFrom(error: unknown, ctx: ErrorContext): SheetsError {
  if (error instanceof SheetsError) return error;

  if (isClientError(error)) {
    const status = error.response?.status ?? error.status;
    const data = error.response?.data;
    const url = String(error.config?.url ?? "");
    const oauth = oauthError(data);

    // The token endpoint refused the service account's signed assertion.
    if (oauth && (url.includes("oauth2") || url.includes("/token"))) {
      return authError(ctx, oauth.description ? `${oauth.error}: ${oauth.description}` : oauth.error, error);
    }

    if (status === undefined) {
      const code = systemCode(error) ?? String(error.code ?? "network");
      const timedOut = code === "TimeoutError" || code === "AbortError" || code === "ETIMEDOUT";
      return new SheetsError("unavailable", unavailableMessage(ctx, timedOut ? "请求超时" : code), { noResponse: true, cause: error });
    }

    const body = apiErrorBody(data);
    const detail = body?.message ?? error.message;
    const reasons = reasonsOf(body);

    if (status === 401) return authError(ctx, detail, error);
    if (status === 403) {
      if (reasons.includes("SERVICE_DISABLED") || reasons.includes("accessNotConfigured")) {
        return new SheetsError(
          "api-disabled",
          `服务账号所属的 Google Cloud 项目尚未启用 Google Sheets API：请在 Google Cloud 控制台的“API 和服务”中启用 Google Sheets API，几分钟后重试。（${detail}）`,
          { status, cause: error },
        );
      }
      if (reasons.some((r) => /rate|quota/iu.test(r))) {
        return new SheetsError("quota", quotaMessage(detail), { status, retryAfterMs: retryAfterMs(error.response?.headers), cause: error });
      }
      const share = ctx.serviceAccount ?? "服务账号的 client_email";
      return new SheetsError(
        "permission",
        `${account(ctx)} 无权访问表格「${ctx.spreadsheetId}」：请在 Google 表格中点“共享”，把表格以“编辑者”身份共享给 ${share}；若已共享，请检查 GOOGLE_SHEETS_ID 与 ${ctx.credentialsFrom === "GOOGLE_APPLICATION_CREDENTIALS" ? "GOOGLE_APPLICATION_CREDENTIALS" : "GOOGLE_SERVICE_ACCOUNT_JSON"} 是否对应。`,
        { status, cause: error },
      );
    }
    if (status === 404) return notFoundError(ctx, error);
    if (status === 429) {
      return new SheetsError("quota", quotaMessage(detail), { status, retryAfterMs: retryAfterMs(error.response?.headers), cause: error });
    }
    if (status >= 500 || status === 408) {
      return new SheetsError("unavailable", unavailableMessage(ctx, `HTTP ${status}`, true), {
        status,
        retryAfterMs: retryAfterMs(error.response?.headers),
        cause: error,
      });
    }
    const range = /Unable to parse range: (.+)$/u.exec(detail);
    if (status === 400 && range?.[1]) return missingTabError(range[1].replace(/!.*$/u, "").replace(/^'|'$/gu, "").replace(/''/gu, "'"), error);
    return new SheetsError("bad-request", `Google 表格拒绝了请求（HTTP ${status}）：${detail}`, { status, cause: error });
  }

  // google-auth-library fails before any request when the key cannot be read or used.
  const message = error instanceof Error ? error.message : String(error);
  if (/private key|private_key|client_email|credential|DECODER|PEM|asn1|JWT|keyFile|key file|ENOENT/iu.test(message)) {
    return authError(ctx, message, error);
  }
  return new SheetsError("bad-request", `Google 表格客户端出错：${message}`, { cause: error });
}

function quotaMessage(detail: string): string {
  return `Google 表格的请求配额暂时用尽（每个服务账号每分钟约 60 次读、60 次写）：请稍后再试；如经常出现，请调大「设置」表中的 freshness.seconds。（${detail}）`;
}

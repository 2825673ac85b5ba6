/**
 * The one door to the Sheets API: builds the client on first use, sends every
 * request with the client's own retries off (retries are the store's, and
 * counted), bounds each request in time, counts it, and turns every failure
 * into a SheetsError.
 */
import type { MethodOptions, sheets_v4 } from "@googleapis/sheets";
import { SheetsError, sheetsErrorFrom, type ErrorContext } from "./google-errors";

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

/** The parts of a service-account JSON key the client needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  [field: string]: unknown;
}

export interface GoogleConnection {
  spreadsheetId: string;
  /** `host:port` of a Sheets API emulator: plain HTTP, no credentials (Google's emulator convention). */
  emulatorHost?: string;
  /** A parsed service-account key. */
  credentials?: ServiceAccountKey;
  /** Path of a service-account key file. */
  keyFile?: string;
}

/**
 * Parses GOOGLE_SERVICE_ACCOUNT_JSON. Hosting dashboards often store the key
 * with its newlines escaped once more ("\\n"), or base64-encoded: both are repaired.
 */
export function parseServiceAccountJson(text: string): ServiceAccountKey {
  const trimmed = text.trim();
  const json = trimmed.startsWith("{") ? trimmed : Buffer.from(trimmed, "base64").toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SheetsError("config", "GOOGLE_SERVICE_ACCOUNT_JSON 不是有效的 JSON：请粘贴服务账号密钥文件的完整内容（以 { 开头）。");
  }
  const key = parsed as Partial<ServiceAccountKey>;
  if (typeof key.client_email !== "string" || typeof key.private_key !== "string") {
    throw new SheetsError("config", "GOOGLE_SERVICE_ACCOUNT_JSON 缺少 client_email 或 private_key：请使用服务账号的 JSON 密钥（而不是 OAuth 客户端密钥）。");
  }
  return { ...key, client_email: key.client_email, private_key: key.private_key.replace(/\\n/gu, "\n") };
}

export class SheetsTransport {
  /** Requests sent, by Google's method name. */
  readonly requests: Record<string, number> = {};
  private api?: Promise<sheets_v4.Sheets>;
  private serviceAccount?: string;
  private credentialsSource?: () => Promise<string | undefined>;

  constructor(private readonly connection: GoogleConnection) {
    this.serviceAccount = connection.credentials?.client_email;
  }

  get spreadsheetId(): string {
    return this.connection.spreadsheetId;
  }

  /** Loaded on first use: the client library is large and most cold starts of other routes never need it. */
  private client(): Promise<sheets_v4.Sheets> {
    this.api ??= import("@googleapis/sheets")
      .then(({ sheets, auth }) => {
        const { emulatorHost, credentials, keyFile } = this.connection;
        if (emulatorHost) return sheets({ version: "v4", rootUrl: `http://${emulatorHost}/` });
        const googleAuth = new auth.GoogleAuth({
          ...(credentials ? { credentials } : { keyFile }),
          scopes: [SHEETS_SCOPE],
        });
        this.credentialsSource = async () => (await googleAuth.getCredentials()).client_email;
        return sheets({ version: "v4", auth: googleAuth });
      })
      .catch((error: unknown) => {
        this.api = undefined;
        throw error;
      });
    return this.api;
  }

  private context(): ErrorContext {
    const { spreadsheetId, emulatorHost, keyFile, credentials } = this.connection;
    return {
      spreadsheetId,
      ...(this.serviceAccount !== undefined && { serviceAccount: this.serviceAccount }),
      ...(emulatorHost !== undefined && { emulatorHost }),
      credentialsFrom: emulatorHost ? "emulator" : keyFile && !credentials ? "GOOGLE_APPLICATION_CREDENTIALS" : "GOOGLE_SERVICE_ACCOUNT_JSON",
    };
  }

  /** Sends one request, once. */
  async call<T>(method: string, timeoutMs: number, send: (api: sheets_v4.Sheets, options: MethodOptions) => Promise<{ data: T }>): Promise<T> {
    const api = await this.client();
    this.requests[method] = (this.requests[method] ?? 0) + 1;
    try {
      const response = await send(api, { retry: false, timeout: Math.max(1, Math.round(timeoutMs)) });
      return response.data;
    } catch (error) {
      let translated = sheetsErrorFrom(error, this.context());
      if ((translated.code === "auth" || translated.code === "permission") && this.serviceAccount === undefined && this.credentialsSource) {
        // A key file names its account only once read: worth it for a message that says whom to share with.
        this.serviceAccount = await this.credentialsSource().catch(() => undefined);
        if (this.serviceAccount !== undefined) translated = sheetsErrorFrom(error, this.context());
      }
      throw translated;
    }
  }
}

import type { Env } from "../../env";
import { SheetsError } from "../google-errors";
import type { GoogleTiming } from "../google-retry";
import { parseServiceAccountJson, type GoogleConnection } from "../google-transport";

export interface GoogleStoreConfig extends GoogleConnection {
  /** The zone for app-written times until the spreadsheet's own is known. */
  timeZone?: string;
  timing?: Partial<GoogleTiming>;
}

/** The store the environment describes; a clear message when it names no spreadsheet or no credentials. */
export function googleStoreConfigFromEnv(e: Env): GoogleStoreConfig {
  const spreadsheetId = e.GOOGLE_SHEETS_ID;
  if (!spreadsheetId) {
    throw new SheetsError("config", "未设置 GOOGLE_SHEETS_ID：请填写 Google 表格的 ID（表格网址中 /d/ 与 /edit 之间的那一段）。");
  }
  const base = { spreadsheetId, timeZone: e.APP_TIME_ZONE };
  if (e.SHEETS_EMULATOR_HOST) return { ...base, emulatorHost: e.SHEETS_EMULATOR_HOST };
  if (e.GOOGLE_SERVICE_ACCOUNT_JSON) return { ...base, credentials: parseServiceAccountJson(e.GOOGLE_SERVICE_ACCOUNT_JSON) };
  if (e.GOOGLE_APPLICATION_CREDENTIALS) return { ...base, keyFile: e.GOOGLE_APPLICATION_CREDENTIALS };
  throw new SheetsError(
    "config",
    "未设置 Google 服务账号凭据：请把服务账号的 JSON 密钥填入 GOOGLE_SERVICE_ACCOUNT_JSON，或用 GOOGLE_APPLICATION_CREDENTIALS 指向密钥文件，并把表格共享给该服务账号的邮箱（client_email）；本地开发可改设 SHEETS_EMULATOR_HOST 使用模拟器（npm run sheets:emulator）。",
  );
}

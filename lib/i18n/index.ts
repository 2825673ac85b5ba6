import { DutyError, type ErrorParams } from "../errors";
import { en } from "./en";
import { zh, type Messages } from "./zh";

export type Locale = "zh" | "en";
export const DEFAULT_LOCALE: Locale = "zh";

/** The cookie that holds the viewer's chosen language (set by the language switch, read by pages and the proxy). */
export const LOCALE_COOKIE = "lang";

export function messagesFor(locale: Locale): Messages {
  return locale === "en" ? en : zh;
}

export function isLocale(x: unknown): x is Locale {
  return x === "zh" || x === "en";
}

/** BCP 47 tag for Intl formatting and <html lang>. */
export function languageTag(locale: Locale): string {
  return locale === "en" ? "en" : "zh-CN";
}

export function formatNumber(locale: Locale, n: number, digits = 0): string {
  return new Intl.NumberFormat(languageTag(locale), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function formatPercent(locale: Locale, ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  return new Intl.NumberFormat(languageTag(locale), { style: "percent", maximumFractionDigits: digits }).format(ratio);
}

export function formatDateTime(locale: Locale, iso: string | undefined, timeZone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(languageTag(locale), {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}

export type { Messages };

/** A message of an action, a route handler or the lib, by its code (a key of `notices`). */
export type NoticeCode = keyof Messages["notices"];

/** A code and its parameters, worded in the viewer's language by `noticeText`. */
export type Notice = { code: NoticeCode; params?: ErrorParams };

/** A refused write (lib/data/writes.ts) in words: by its reason and parameters, never its Chinese log text. */
export function writeFailureText(t: Messages, failure: { reason: string; params?: ErrorParams }): string {
  if (failure.reason === "conflict") return t.formText.results.conflict;
  const write = (t.errors.write as Record<string, ((p: ErrorParams) => string) | undefined>)[failure.reason];
  return write ? write(failure.params ?? {}) : t.errors.saveFailed(t.errors.unexpected);
}

/** The one place a notice becomes words. */
export function noticeText(t: Messages, notice: Notice): string {
  return t.notices[notice.code](notice.params ?? {});
}

/**
 * Display names of one of the sheet's fixed lists, keyed by the value as stored (the Chinese
 * label): `{ 进行中: "In progress" }` in English, the label itself in Chinese.
 */
export function enumLabels(options: readonly { label: string; key: string }[], names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(options.map((o) => [o.label, names[o.key] ?? o.label]));
}

/**
 * The one place an error becomes words: a DutyError by its code and parameters,
 * anything else as the generic message (its text, which may hold a file path, is
 * for the server log only).
 */
export function errorText(t: Messages, error: unknown): string {
  return error instanceof DutyError ? t.errors.codes[error.code](error.params) : t.errors.unexpected;
}

/**
 * A refusal of the appraisal's data layer (a code, its parameters, and its Chinese text for
 * the log) in words: by its code, a write refusal by its reason, else the generic message.
 */
export function appraisalText(t: Messages, failure: { code: string; params?: ErrorParams }): string {
  const params = failure.params ?? {};
  const ballot = t.formText.ballot[failure.code];
  if (ballot) return ballot(params);
  const write = (t.errors.write as Record<string, ((p: ErrorParams) => string) | undefined>)[failure.code];
  return write ? write(params) : t.formText.ballot.failed!(params);
}

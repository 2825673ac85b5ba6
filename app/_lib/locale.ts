import { cookies } from "next/headers";
import type { ErrorCode } from "@/lib/errors";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, messagesFor, type Locale } from "@/lib/i18n";

export { LOCALE_COOKIE };

export async function currentLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function currentMessages() {
  const locale = await currentLocale();
  return { locale, t: messagesFor(locale) };
}

/** An action's access refusal in the viewer's language, by its code (never the refusal's own text). */
export async function refusalText(access: { code: ErrorCode }): Promise<string> {
  return (await currentMessages()).t.errors.codes[access.code]({});
}

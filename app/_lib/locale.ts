import { cookies } from "next/headers";
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

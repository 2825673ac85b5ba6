"use server";

import { cookies } from "next/headers";
import { isLocale } from "@/lib/i18n";
import { refreshDataset } from "@/lib/data/dataset";
import { LOCALE_COOKIE } from "./locale";

/** Remembers the chosen language for a year. */
export async function setLocale(formData: FormData) {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
}

/** The refresh button: a fresh read unless someone forced one moments ago (the quota is shared). */
export async function refreshNow(): Promise<{ refreshed: boolean }> {
  return { refreshed: await refreshDataset() };
}

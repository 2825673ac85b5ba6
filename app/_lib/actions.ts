"use server";

import { cookies } from "next/headers";
import { requireActionAccess } from "@/lib/auth/access";
import { isLocale } from "@/lib/i18n";
import { refreshDataset } from "@/lib/data/dataset";
import { LOCALE_COOKIE, refusalText } from "./locale";

/**
 * Remembers the chosen language for a year. Deliberately open to everyone (the
 * sign-in page offers it too): it sets only the caller's own cookie, and reads
 * and writes nothing of the spreadsheet.
 */
export async function setLocale(formData: FormData) {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
}

export type RefreshResult = { ok: true; refreshed: boolean } | { ok: false; refreshed: false; message: string };

/**
 * The refresh button: a fresh read unless someone forced one moments ago (the quota
 * is shared). A forced read spends the deployment's read budget, so read-only roles
 * and meeting-screen links wait for the freshness window instead.
 */
export async function refreshNow(): Promise<RefreshResult> {
  const access = await requireActionAccess("data.refresh");
  if (!access.ok) return { ok: false, refreshed: false, message: await refusalText(access) };
  return { ok: true, refreshed: await refreshDataset() };
}

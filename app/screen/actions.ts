"use server";

import { currentMessages, refusalText } from "@/app/_lib/locale";
import { requireActionAccess } from "@/lib/auth/access";
import { takeMeetingSnapshot } from "@/lib/data/snapshots";
import { noticeText, writeFailureText } from "@/lib/i18n";

export type SnapshotActionResult = { ok: true; id: string; date: string } | { ok: false; message: string };

/** An admin records the headline figures for the minutes: the next meeting's screen compares with them. */
export async function takeSnapshotAction(): Promise<SnapshotActionResult> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  const login = access.viewer.kind === "user" ? access.viewer.login : "unknown";
  const result = await takeMeetingSnapshot(login);
  if (result.ok) return result;
  const { t } = await currentMessages();
  return { ok: false, message: result.reason === "exists" ? noticeText(t, { code: "snapshot.exists" }) : writeFailureText(t, result) };
}
